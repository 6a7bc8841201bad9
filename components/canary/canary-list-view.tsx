'use client';

import { useQuery } from '@tanstack/react-query';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { StatTile } from '../stat-tile';
import { useTRPC } from '../trpc';
import { useCarriedParams, useTimeRange } from '../url-state';
import { CanaryCard } from './canary-card';
import type { CanaryRow, Verdict } from './canary-format';
import styles from './canary.module.css';

function Tiles({ rows }: { rows: CanaryRow[] }) {
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  return (
    <div className="tiles">
      <StatTile label="Canaries" value={rows.length} sub="services serving two versions" />
      <StatTile label="Roll back" value={count('rollback')} tone={count('rollback') > 0 ? 'bad' : undefined} sub="the canary is worse than its baseline" />
      <StatTile label="Hold" value={count('hold')} sub="not yet clearly safe" />
      <StatTile label="Promote" value={count('promote')} sub="as good as its baseline" />
      <StatTile label="Inconclusive" value={count('inconclusive')} sub="too few requests on a side" />
    </div>
  );
}

export function CanaryListView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const query = useQuery(trpc.canary.list.queryOptions(range, useLiveOptions()));
  return (
    <>
      <div className="page-head">
        <h1>Canary</h1>
        <span className="muted">Canary against baseline over the same minutes and regions, with an explainable verdict</span>
      </div>
      <QueryState query={query} height={74}>
        {(rows) => <Tiles rows={rows} />}
      </QueryState>
      <QueryState
        query={query}
        isEmpty={(rows) => rows.length === 0}
        empty="No canary in this time range: no service had a second version serving alongside its baseline (marked deployment.role=canary, or a newer version with the minority of traffic)."
        height={200}
      >
        {(rows) => (
          <div className={styles.cards}>
            {rows.map((c) => (
              <CanaryCard key={c.service} c={c} carried={carried} />
            ))}
          </div>
        )}
      </QueryState>
    </>
  );
}
