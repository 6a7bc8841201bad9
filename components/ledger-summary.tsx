'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useAreas } from './auth/use-areas';
import { formatCount, formatMs } from './format';
import { KIND_LABEL, KINDS, type LedgerSummaryData } from './ledger/ledger-format';
import { useLiveOptions } from './live-query';
import { QueryState } from './query-state';
import styles from './slo/slo.module.css';
import { useTRPC } from './trpc';
import { hrefWith, useCarriedParams, useTimeRange } from './url-state';

function Summary({ s, carried }: { s: LedgerSummaryData; carried: Record<string, string> }) {
  const open = KINDS.filter((k) => s.breaksByKind[k.kind] > 0);
  return (
    <div className="panel-body">
      <div className={styles.summary}>
        <span>
          <b className={s.openBreaks > 0 ? 'bad' : undefined}>{formatCount(s.openBreaks)}</b> open breaks
        </span>
        <span>
          unbalanced <b>{(s.unbalancedRate * 100).toFixed(4)} %</b> <span className="muted">(target ≤ {(s.unbalancedTarget * 100).toFixed(4)} %)</span>
        </span>
        <span>
          lag p99 <b className={s.lagP99Ms !== null && s.lagP99Ms > s.lagTargetMs ? 'bad' : undefined}>{formatMs(s.lagP99Ms)}</b>{' '}
          <span className="muted">(target &lt; {s.lagTargetMs} ms)</span>
        </span>
      </div>
      {open.length > 0 && (
        <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0', display: 'grid', gap: 4 }}>
          {open.map((k) => (
            <li key={k.kind}>
              <Link href={hrefWith('/ledger', { ...carried, kinds: k.kind })}>{KIND_LABEL[k.kind]}</Link> <b>{s.breaksByKind[k.kind]}</b>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The overview's ledger status: open reconciliation breaks by kind, against the platform's targets.
 * Renders nothing for users the ledger is closed to.
 */
export function LedgerSummary() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  // The ledger is for auditors and admins. Asking only when the roles allow it keeps an engineer's
  // overview free of refused calls (each one a console error in the browser).
  const allowed = useAreas().can('ledger');
  const query = useQuery(trpc.ledger.summary.queryOptions(range, { ...useLiveOptions(), enabled: allowed }));
  // A session that expired since auth.me answered is refused too: then the panel goes away as well.
  const code = query.error?.data?.code;
  if (!allowed || code === 'FORBIDDEN' || code === 'UNAUTHORIZED') return null;
  return (
    <section className="panel" aria-label="Ledger breaks">
      <div className="panel-head">
        <h2>Ledger</h2>
        <Link className="hint" href={hrefWith('/ledger', carried)}>
          reconciliation →
        </Link>
      </div>
      <QueryState query={query} isEmpty={(s) => s.transactions === 0 && s.openBreaks === 0} empty="No ledger postings in this time range." height={96}>
        {(s) => <Summary s={s} carried={carried} />}
      </QueryState>
    </section>
  );
}
