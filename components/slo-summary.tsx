'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatPercent } from './format';
import { useLiveOptions } from './live-query';
import { QueryState } from './query-state';
import { AlertBadge } from './slo/alert-badge';
import { ALERT_RANK, sloHref, type SloRow } from './slo/slo-format';
import styles from './slo/slo.module.css';
import { useTRPC } from './trpc';
import { hrefWith, useCarriedParams, useTimeRange } from './url-state';

const SHOWN = 5;

function Summary({ rows, carried }: { rows: SloRow[]; carried: Record<string, string> }) {
  const count = (state: SloRow['alert']) => rows.filter((r) => r.alert === state).length;
  const spent = rows.filter((r) => r.errorBudgetRemaining !== null && r.errorBudgetRemaining <= 0).length;
  // Rows arrive most spent first; pages, then tickets lead (a stable sort keeps budget order within).
  const worst = [...rows].sort((a, b) => ALERT_RANK[a.alert] - ALERT_RANK[b.alert]).slice(0, SHOWN);
  return (
    <div className="panel-body">
      <div className={styles.summary}>
        <span>
          <b>{count('page')}</b> paging
        </span>
        <span>
          <b>{count('ticket')}</b> ticket
        </span>
        <span>
          <b>{spent}</b> of {rows.length} with the budget spent
        </span>
        <span className="muted">{count('insufficient_data')} with too little traffic to judge</span>
      </div>
      <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0', display: 'grid', gap: 4 }}>
        {worst.map((r) => (
          <li key={r.id}>
            <AlertBadge state={r.alert} sinceMs={r.alertSinceMs} sinceBeforeRange={r.alertSinceBeforeRange} />{' '}
            <Link href={sloHref(r.id, carried)}>{r.displayName}</Link> <span className="muted">budget {formatPercent(r.errorBudgetRemaining)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The overview's SLO status: how many are paging, and the ones burning fastest. */
export function SloSummary() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const query = useQuery(trpc.slo.list.queryOptions(range, useLiveOptions()));
  return (
    <section className="panel" aria-label="SLO status">
      <div className="panel-head">
        <h2>SLO status</h2>
        <Link className="hint" href={hrefWith('/slo', carried)}>
          all SLOs →
        </Link>
      </div>
      <QueryState query={query} isEmpty={(rows) => rows.length === 0} empty="No SLOs yet: no service has sent SERVER spans." height={120}>
        {(rows) => <Summary rows={rows} carried={carried} />}
      </QueryState>
    </section>
  );
}
