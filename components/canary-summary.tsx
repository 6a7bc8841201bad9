'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { canaryHref, formatScore, type CanaryRow } from './canary/canary-format';
import styles from './canary/canary.module.css';
import { VerdictBadge } from './canary/verdict-badge';
import { useLiveOptions } from './live-query';
import { QueryState } from './query-state';
import { useTRPC } from './trpc';
import { hrefWith, useCarriedParams, useTimeRange } from './url-state';

function Summary({ rows, carried }: { rows: CanaryRow[]; carried: Record<string, string> }) {
  return (
    <div className="panel-body">
      <ul className={styles.summaryList}>
        {rows.map((c) => (
          <li key={c.service} data-service={c.service}>
            <VerdictBadge verdict={c.verdict} /> <Link href={canaryHref(c.service, carried)}>{c.service}</Link>{' '}
            <span className="muted">
              {c.baselineVersion} → {c.canaryVersion} · score {formatScore(c.score)}
            </span>
            <div className={styles.note}>{c.reason}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The overview's canary status: every active canary with its verdict, the ones needing action first. */
export function CanarySummary() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const query = useQuery(trpc.canary.list.queryOptions(range, useLiveOptions()));
  return (
    <section className="panel" aria-label="Canary status">
      <div className="panel-head">
        <h2>Canaries</h2>
        <Link className="hint" href={hrefWith('/canary', carried)}>
          all canaries →
        </Link>
      </div>
      <QueryState query={query} isEmpty={(rows) => rows.length === 0} empty="No canary running in this time range." height={96}>
        {(rows) => <Summary rows={rows} carried={carried} />}
      </QueryState>
    </section>
  );
}
