'use client';

import { DataLink } from '../data-link';
import type { ReactNode } from 'react';
import type { RouterOutputs } from '../api-types';
import { DataTable, type Column } from '../data-table';
import { formatDateTime } from '../format';
import { statsColumns } from '../stats-columns';
import { serviceHref, type TraceFilters } from '../trace-links';

type Detail = RouterOutputs['services']['get'];
type Range = { from: string; to: string };

function Panel({ title, hint, empty, children }: { title: string; hint?: string; empty: string | null; children: ReactNode }) {
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{title}</h2>
        {hint && <span className="hint">{hint}</span>}
      </div>
      {empty ? <div className="state">{empty}</div> : children}
    </section>
  );
}

/** Operations, callees, callers, regions/AZs and versions, each row drilling into its spans. */
export function BreakdownTables({ detail, range, carried }: { detail: Detail; range: Range; carried: Record<string, string> }) {
  const server: TraceFilters = { ...range, service: detail.service, kind: 'Server' };
  type Op = Detail['operations'][number];
  type Dep = Detail['dependencies'][number];
  type Caller = Detail['callers'][number];
  type Region = Detail['regions'][number];
  type Version = Detail['versions'][number];

  const operations: Column<Op>[] = [
    { key: 'operation', header: 'Operation', sortValue: (r) => r.operation, render: (r) => <span className="mono">{r.operation}</span> },
    ...statsColumns<Op>((r) => ({ ...server, operation: r.operation }), { calls: true }),
  ];
  const dependencies: Column<Dep>[] = [
    { key: 'peer', header: 'Calls to', sortValue: (r) => r.peerService, render: (r) => <DataLink href={serviceHref(r.peerService, carried)}>{r.peerService}</DataLink> },
    ...statsColumns<Dep>((r) => ({ ...range, service: detail.service, kind: 'Client', peerService: r.peerService }), { calls: true }),
  ];
  const callers: Column<Caller>[] = [
    { key: 'caller', header: 'Called by', sortValue: (r) => r.service, render: (r) => <DataLink href={serviceHref(r.service, carried)}>{r.service}</DataLink> },
    ...statsColumns<Caller>((r) => ({ ...range, service: r.service, kind: 'Client', peerService: detail.service }), { calls: true }),
  ];
  const regions: Column<Region>[] = [
    { key: 'region', header: 'Region', sortValue: (r) => r.region, render: (r) => r.region || <span className="muted">(unset)</span> },
    { key: 'az', header: 'AZ', sortValue: (r) => r.az, render: (r) => r.az || <span className="muted">(unset)</span> },
    ...statsColumns<Region>((r) => ({ ...server, region: r.region || undefined, az: r.az || undefined }), { calls: true }),
  ];
  const versions: Column<Version>[] = [
    { key: 'version', header: 'Version', sortValue: (r) => r.version, render: (r) => <span className="mono">{r.version || '(unset)'}</span> },
    { key: 'role', header: 'Role', sortValue: (r) => r.role, render: (r) => (r.role ? <span className="tag">{r.role}</span> : <span className="muted">–</span>) },
    { key: 'first', header: 'First seen', numeric: true, sortValue: (r) => r.firstSeenMs, render: (r) => formatDateTime(r.firstSeenMs) },
    { key: 'last', header: 'Last seen', numeric: true, sortValue: (r) => r.lastSeenMs, render: (r) => formatDateTime(r.lastSeenMs) },
    ...statsColumns<Version>((r) => ({ ...server, version: r.version || undefined }), { calls: true }),
  ];

  return (
    <>
      <Panel title="Operations" hint="SERVER spans by route or span name" empty={detail.operations.length ? null : 'No operations in this time range.'}>
        <DataTable rows={detail.operations} columns={operations} rowKey={(r) => r.operation} initialSort={{ key: 'calls', desc: true }} />
      </Panel>
      <div className="grid-2">
        <Panel title="Dependencies" hint="CLIENT spans with peer.service" empty={detail.dependencies.length ? null : 'No outgoing calls with peer.service.'}>
          <DataTable rows={detail.dependencies} columns={dependencies} rowKey={(r) => r.peerService} />
        </Panel>
        <Panel title="Callers" hint="other services' CLIENT spans to this one" empty={detail.callers.length ? null : 'No callers named this service as peer.service.'}>
          <DataTable rows={detail.callers} columns={callers} rowKey={(r) => r.service} />
        </Panel>
      </div>
      <div className="grid-2">
        <Panel title="Regions and AZs" empty={detail.regions.length ? null : 'No requests in this time range.'}>
          <DataTable rows={detail.regions} columns={regions} rowKey={(r) => `${r.region}/${r.az}`} />
        </Panel>
        <Panel title="Versions" empty={detail.versions.length ? null : 'No requests in this time range.'}>
          <DataTable rows={detail.versions} columns={versions} rowKey={(r) => `${r.version}/${r.role}`} />
        </Panel>
      </div>
    </>
  );
}
