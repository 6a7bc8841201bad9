'use client';

import type { RouterOutputs } from '../api-types';
import { DataLink } from '../data-link';
import { DataTable, type Column } from '../data-table';
import { formatCount, formatPercent, formatRate } from '../format';
import { serviceHref, tracesHref } from '../trace-links';

type Edge = RouterOutputs['regions']['crossAz']['edges'][number];

/** Edges by cross-AZ share (caller AZ ≠ callee AZ), with the traffic that share is of. */
export function CrossAzTable({ edges, range, carried }: { edges: Edge[]; range: { from: string; to: string }; carried: Record<string, string> }) {
  const spans = (e: Edge) => tracesHref({ ...range, service: e.caller, kind: 'Client', peerService: e.callee });
  const columns: Column<Edge>[] = [
    { key: 'caller', header: 'Caller', sortValue: (e) => e.caller, render: (e) => <DataLink href={serviceHref(e.caller, carried)}>{e.caller}</DataLink> },
    { key: 'callee', header: 'Callee', sortValue: (e) => e.callee, render: (e) => <DataLink href={serviceHref(e.callee, carried)}>{e.callee}</DataLink> },
    {
      key: 'share',
      header: 'Cross-AZ share',
      numeric: true,
      sortValue: (e) => e.share,
      title: 'calls whose server span ran in another AZ than the client span',
      render: (e) => (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          <span aria-hidden="true" style={{ display: 'inline-block', width: 60, height: 6, background: 'var(--grid)', borderRadius: 3 }}>
            <span style={{ display: 'block', width: `${Math.round(e.share * 100)}%`, height: 6, background: 'var(--series-2)', borderRadius: 3 }} />
          </span>
          {formatPercent(e.share)}
        </span>
      ),
    },
    { key: 'crossAz', header: 'Cross-AZ calls', numeric: true, sortValue: (e) => e.crossAz, render: (e) => formatCount(e.crossAz) },
    { key: 'calls', header: 'Calls', numeric: true, sortValue: (e) => e.calls, render: (e) => <DataLink href={spans(e)}>{formatCount(e.calls)}</DataLink> },
    { key: 'rps', header: 'Calls/s', numeric: true, sortValue: (e) => e.rps, render: (e) => formatRate(e.rps) },
    {
      key: 'crossRegion',
      header: 'Cross-region',
      numeric: true,
      sortValue: (e) => e.crossRegion,
      title: 'calls that also left the caller’s region',
      render: (e) => (e.crossRegion > 0 ? <span className="bad">{formatCount(e.crossRegion)}</span> : '0'),
    },
    {
      key: 'pair',
      header: 'Busiest cross-AZ route',
      render: (e) => (e.topPair ? `${e.topPair.callerAz} → ${e.topPair.calleeAz} (${formatCount(e.topPair.calls)})` : <span className="muted">none</span>),
    },
  ];
  return <DataTable rows={edges} columns={columns} rowKey={(e) => `${e.caller}\u0000${e.callee}`} caption="Cross-AZ traffic" />;
}
