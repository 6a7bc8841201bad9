'use client';

import type { RouterOutputs } from '../api-types';
import { DataLink } from '../data-link';
import { DataTable, type Column } from '../data-table';
import { formatCount, formatDateTime, formatPercent } from '../format';
import { StatTile } from '../stat-tile';
import { traceHref } from '../trace-links';

type Units = RouterOutputs['regions']['unitViolations'];
type Pair = Units['pairs'][number];
type Example = Units['examples'][number];

/** Requests served outside their unit's region: totals, where they went, and the latest ones. */
export function UnitViolationsPanel({ data, range }: { data: Units; range: { from: string; to: string } }) {
  const pairColumns: Column<Pair>[] = [
    { key: 'unit', header: 'Unit', sortValue: (p) => p.unit, render: (p) => <span className="mono">{p.unit}</span> },
    { key: 'home', header: 'Home region', sortValue: (p) => p.home, render: (p) => p.home },
    { key: 'served', header: 'Served in', sortValue: (p) => p.served, render: (p) => p.served || <span className="muted">(unset)</span> },
    { key: 'requests', header: 'Requests', numeric: true, sortValue: (p) => p.requests, render: (p) => formatCount(p.requests) },
    { key: 'share', header: 'Of the unit’s', numeric: true, sortValue: (p) => p.share, render: (p) => formatPercent(p.share) },
  ];
  const exampleColumns: Column<Example>[] = [
    { key: 'time', header: 'Time', render: (e) => formatDateTime(e.time) },
    {
      key: 'trace',
      header: 'Trace',
      render: (e) => (
        <DataLink className="mono" href={traceHref(e.traceId, { spanId: e.spanId, ...range })}>
          {e.traceId.slice(0, 12)}…
        </DataLink>
      ),
    },
    { key: 'service', header: 'Service', render: (e) => e.service },
    { key: 'operation', header: 'Operation', render: (e) => <span className="mono">{e.operation}</span> },
    { key: 'unit', header: 'Unit', render: (e) => <span className="mono">{e.unit}</span> },
    { key: 'route', header: 'Home → served', render: (e) => `${e.home} → ${e.served || '(unset)'} (${e.az || 'AZ unset'})` },
  ];
  return (
    <>
      <div className="tiles" style={{ padding: 12 }}>
        <StatTile label="Requests with a unit" value={formatCount(data.requests)} sub="SERVER spans carrying x_unit_id" />
        <StatTile label="Served outside their unit" value={formatCount(data.violations)} tone={data.violations > 0 ? 'bad' : undefined} sub={`${formatPercent(data.share)} of them`} />
        <StatTile label="Units" value={formatCount(data.units.length)} sub={data.units.map((u) => `${u.unit} → ${u.home || '?'}`).join(', ') || 'none seen'} />
        <StatTile label="Unknown unit" value={formatCount(data.unknownUnitRequests)} sub="no resource reports this sightline.unit" />
      </div>
      {data.pairs.length > 0 ? (
        <DataTable rows={data.pairs} columns={pairColumns} rowKey={(p) => `${p.unit}\u0000${p.served}`} caption="Unit routing violations" />
      ) : (
        <div className="state">No request was served outside its unit’s region in this time range.</div>
      )}
      {data.examples.length > 0 && (
        <>
          <h3 style={{ margin: '12px 12px 4px', fontSize: 13 }}>Latest examples</h3>
          <DataTable rows={data.examples} columns={exampleColumns} rowKey={(e) => `${e.traceId}:${e.spanId}`} caption="Unit routing violation examples" />
        </>
      )}
    </>
  );
}
