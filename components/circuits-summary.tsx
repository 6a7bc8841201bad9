'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { edgeHref, edgeId, type CircuitRow } from './circuits/circuit-format';
import styles from './circuits/circuits.module.css';
import { StateBadge } from './circuits/state-badge';
import { formatPercent, formatTime } from './format';
import { useLiveOptions } from './live-query';
import { QueryState } from './query-state';
import { useTRPC } from './trpc';
import { hrefWith, useCarriedParams, useTimeRange } from './url-state';

const SHOWN = 5;
const RANK: Record<CircuitRow['state'], number> = { OPEN: 0, HALF_OPEN: 1, CLOSED: 2 };

function Summary({ rows, carried }: { rows: CircuitRow[]; carried: Record<string, string> }) {
  const open = rows.filter((r) => r.state === 'OPEN').length;
  const halfOpen = rows.filter((r) => r.state === 'HALF_OPEN').length;
  const tripped = rows.filter((r) => r.transitions.some((t) => t.to === 'OPEN'));
  // Open first, then the ones that tripped and recovered in the range; rows arrive worst error rate first.
  const shown = rows
    .filter((r) => r.state !== 'CLOSED' || r.transitions.length > 0)
    .sort((a, b) => RANK[a.state] - RANK[b.state])
    .slice(0, SHOWN);
  return (
    <div className="panel-body">
      <div className={styles.summaryLine}>
        <span>
          <b>{open}</b> open
        </span>
        <span>
          <b>{halfOpen}</b> half-open
        </span>
        <span>
          <b>{tripped.length}</b> of {rows.length} tripped in the range
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="muted" style={{ margin: '8px 0 0' }}>
          Every breaker stayed closed.
        </p>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0', display: 'grid', gap: 4 }}>
          {shown.map((r) => {
            const lastOpen = [...r.transitions].reverse().find((t) => t.to === 'OPEN');
            return (
              <li key={edgeId(r)}>
                <StateBadge state={r.state} />{' '}
                <Link href={edgeHref(r, carried)}>
                  {r.caller} → {r.callee}
                </Link>{' '}
                <span className="muted">
                  errors {formatPercent(r.errorRate)}
                  {lastOpen ? ` · last opened ${formatTime(lastOpen.atMs)}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** For the overview: which breakers are open, and which tripped in the time range. */
export function CircuitsSummary() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  // Breakers replay at most 6 h of calls: on a longer range the panel shows its last 6 h.
  const query = useQuery(trpc.circuits.list.queryOptions({ ...range, latestHours: 6 }, useLiveOptions()));
  return (
    <section className="panel" aria-label="Circuit breakers">
      <div className="panel-head">
        <h2>Circuit breakers</h2>
        <span className="hint">at most the last 6 h of the range</span>
        <Link className="hint" href={hrefWith('/circuits', carried)}>
          all circuits →
        </Link>
      </div>
      <QueryState query={query} isEmpty={(rows) => rows.length === 0} empty="No calls between services in this time range." height={120}>
        {(rows) => <Summary rows={rows} carried={carried} />}
      </QueryState>
    </section>
  );
}
