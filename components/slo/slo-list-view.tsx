'use client';

import { useQuery } from '@tanstack/react-query';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { StatTile } from '../stat-tile';
import { useTRPC } from '../trpc';
import { useCarriedParams, useTimeRange } from '../url-state';
import { SloTable } from './slo-table';
import type { SloRow } from './slo-format';

function StatusTiles({ rows }: { rows: SloRow[] }) {
  const count = (p: (r: SloRow) => boolean) => rows.filter(p).length;
  const paging = count((r) => r.alert === 'page');
  const tickets = count((r) => r.alert === 'ticket');
  const spent = count((r) => r.errorBudgetRemaining !== null && r.errorBudgetRemaining <= 0);
  return (
    <div className="tiles">
      <StatTile label="SLOs" value={rows.length} sub={`${count((r) => r.source === 'file')} from sightline.slo.yaml`} />
      <StatTile label="Paging" value={paging} tone={paging > 0 ? 'bad' : undefined} sub="fast burn: 1h & 5m or 6h & 30m" />
      <StatTile label="Tickets" value={tickets} tone={tickets > 0 ? 'bad' : undefined} sub="slow burn: 3d & 6h" />
      <StatTile label="Budget spent" value={spent} tone={spent > 0 ? 'bad' : undefined} sub="no error budget left" />
      <StatTile label="Insufficient data" value={count((r) => r.alert === 'insufficient_data')} sub="under 100 requests in 3d" />
    </div>
  );
}

export function SloListView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const query = useQuery(trpc.slo.list.queryOptions(range, useLiveOptions()));
  return (
    <>
      <div className="page-head">
        <h1>SLOs</h1>
        <span className="muted">Error budgets and multiwindow burn-rate alerts as of the end of the time range, from the 1-minute rollup</span>
      </div>
      <QueryState query={query} height={74}>
        {(rows) => <StatusTiles rows={rows} />}
      </QueryState>
      <section className="panel">
        <div className="panel-head">
          <h2>Objectives</h2>
          <span className="hint">most spent budget first · burn rates in multiples of the budget pace</span>
        </div>
        <QueryState
          query={query}
          isEmpty={(rows) => rows.length === 0}
          empty="No SLOs yet: no service sent SERVER spans in the last 28 days, and sightline.slo.yaml defines none."
          height={240}
        >
          {(rows) => <SloTable rows={rows} carried={carried} />}
        </QueryState>
      </section>
    </>
  );
}
