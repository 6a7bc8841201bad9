'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import { useCarriedParams, useTimeRange } from '../url-state';
import { AuditTrail } from './audit-trail';
import { BreakFilters, KindChips } from './break-filters';
import { BreakTable } from './break-table';
import { exportHref, filterFromParams } from './ledger-format';
import { SummaryTiles } from './summary-tiles';
import { TrialBalance } from './trial-balance';

const PAGE = 50;

/** Pages of the filtered break list; the cursor trail lets the auditor step back. */
function BreakList({ filter, carried }: { filter: ReturnType<typeof filterFromParams>; carried: Record<string, string> }) {
  const trpc = useTRPC();
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key, cursors: [] });
  // A changed filter starts again from the first page.
  const cursors = paging.key === key ? paging.cursors : [];
  const cursor = cursors.at(-1);
  const query = useQuery(trpc.ledger.breaks.queryOptions({ ...filter, limit: PAGE, ...(cursor ? { cursor } : {}) }, useLiveOptions()));
  return (
    <>
      <QueryState query={query} isEmpty={(d) => d.items.length === 0} empty="No breaks match: nothing to reconcile here." height={240}>
        {(d) => <BreakTable rows={d.items} carried={carried} />}
      </QueryState>
      <div className="panel-body" style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <button className="btn" type="button" disabled={cursors.length === 0} onClick={() => setPaging({ key, cursors: cursors.slice(0, -1) })}>
          ← Newer
        </button>
        <span className="muted">page {cursors.length + 1}</span>
        <button
          className="btn"
          type="button"
          disabled={!query.data?.nextCursor}
          onClick={() => query.data?.nextCursor && setPaging({ key, cursors: [...cursors, query.data.nextCursor] })}
        >
          Older →
        </button>
      </div>
    </>
  );
}

export function LedgerView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const sp = useSearchParams();
  const filter = filterFromParams(new URLSearchParams(sp.toString()), range);
  const summary = useQuery(trpc.ledger.summary.queryOptions(range, useLiveOptions()));
  return (
    <>
      <div className="page-head">
        <h1>Ledger</h1>
        <span className="muted">Reconciliation of the payment database&apos;s change stream: breaks, totals, trial balance and the audit trail</span>
      </div>
      <QueryState query={summary} height={74}>
        {(s) => <SummaryTiles s={s} />}
      </QueryState>
      <section className="panel" aria-label="Breaks">
        <div className="panel-head">
          <h2>Breaks</h2>
          <span className="hint">newest first · amounts exact</span>
          <a className="btn" href={exportHref(filter)} download>
            Export CSV
          </a>
        </div>
        <div className="panel-body">
          <QueryState query={summary} height={28}>
            {(s) => <KindChips counts={s.breaksByKind} selected={filter.kinds ?? []} />}
          </QueryState>
        </div>
        <BreakFilters key={JSON.stringify(filter)} filter={filter} />
        <BreakList filter={filter} carried={carried} />
      </section>
      <TrialBalance range={range} />
      <AuditTrail carried={carried} />
    </>
  );
}
