'use client';

import { useQuery } from '@tanstack/react-query';
import { DataLink } from '../data-link';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { traceHref } from '../trace-links';
import { useTRPC } from '../trpc';
import type { DebtEdu } from './debt-format';
import styles from './debt.module.css';

function Edu({ e }: { e: DebtEdu }) {
  return (
    <li className={`${styles.edu} ${e.triggered ? styles.eduTriggered : ''}`} data-edu={e.id}>
      <div>
        <span className={e.triggered ? styles.triggered : styles.quiet}>{e.triggered ? '● triggered' : '○ not triggered'}</span> <b>{e.name}</b>{' '}
        <span className="muted">
          {e.id} · owner {e.owner}
        </span>
      </div>
      <div className={styles.sub}>{e.evidence.summary}</div>
      {e.evidence.items.length > 0 && (
        <ul className={styles.evidence}>
          {e.evidence.items.map((item, i) => (
            <li key={`${item.label}-${i}`}>
              {item.traceId ? <DataLink href={traceHref(item.traceId)}>{item.label}</DataLink> : item.label}
              {item.detail && ` — ${item.detail}`}
            </li>
          ))}
        </ul>
      )}
      {e.fix && <div className={styles.sub}>Fix: {e.fix}</div>}
    </li>
  );
}

/** Executable debt units from sightline.debt.yaml, triggered first, with the evidence. */
export function EduList() {
  const trpc = useTRPC();
  const query = useQuery(trpc.debt.edus.queryOptions(undefined, useLiveOptions()));
  return (
    <section className="panel" aria-label="Executable debt units">
      <div className="panel-head">
        <h2>Executable debt units</h2>
        <span className="hint">triggers from sightline.debt.yaml, evaluated against the data</span>
      </div>
      <div className="panel-body">
        <QueryState query={query} isEmpty={(edus) => edus.length === 0} empty="No EDUs defined: add them under edus: in sightline.debt.yaml." height={120}>
          {(edus) => (
            <ul className={styles.list}>
              {edus.map((e) => (
                <Edu key={e.id} e={e} />
              ))}
            </ul>
          )}
        </QueryState>
      </div>
    </section>
  );
}
