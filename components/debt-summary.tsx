'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { debtHref, formatScore } from './debt/debt-format';
import styles from './debt/debt.module.css';
import { useLiveOptions } from './live-query';
import { QueryState } from './query-state';
import { useAreas } from './auth/use-areas';
import { useTRPC } from './trpc';
import { useCarriedParams, useTimeRange } from './url-state';

const SHOWN = 5;

/**
 * The overview's tech-debt status: the platform index and the services over the governance line.
 * Renders nothing for users the debt page is closed to.
 */
export function DebtSummary() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  // Asking only when the roles allow it keeps an auditor's overview free of refused calls.
  const allowed = useAreas().can('debt');
  const query = useQuery(trpc.debt.summary.queryOptions(range, { ...useLiveOptions(), enabled: allowed }));
  const code = query.error?.data?.code;
  if (!allowed || code === 'FORBIDDEN' || code === 'UNAUTHORIZED') return null;
  return (
    <section className="panel" aria-label="Tech debt">
      <div className="panel-head">
        <h2>Tech debt</h2>
        <Link className="hint" href={debtHref(carried)}>
          all services →
        </Link>
      </div>
      <QueryState query={query} isEmpty={(s) => s.services === 0} empty="No debt data yet." height={100}>
        {(s) => (
          <div className="panel-body">
            <div className={styles.summary}>
              <span>
                Platform index <span className={`${styles.big} ${s.platformIndex !== null && s.platformIndex > s.threshold ? styles.indexBad : ''}`}>{formatScore(s.platformIndex)}</span>
              </span>
              <span>
                <b>{s.flagged.length}</b> of {s.services} services above {s.threshold}
              </span>
            </div>
            <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0', display: 'grid', gap: 4 }}>
              {s.flagged.slice(0, SHOWN).map((f) => (
                <li key={f.service}>
                  <span className={styles.flag}>⚑ {formatScore(f.index)}</span> <Link href={debtHref({ ...carried, service: f.service })}>{f.service}</Link>
                </li>
              ))}
            </ul>
          </div>
        )}
      </QueryState>
    </section>
  );
}
