'use client';

import { useQuery } from '@tanstack/react-query';
import { DataTable, type Column } from '../data-table';
import { formatTime } from '../format';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import type { RouterOutputs } from '../api-types';
import { breakHref } from './ledger-format';
import { DataLink } from '../data-link';
import styles from './ledger.module.css';

type Audit = RouterOutputs['ledger']['audit'];
type Row = Audit['rows'][number];

function ChainVerdict({ v }: { v: Audit['verdict'] }) {
  if (v.ok) {
    return (
      <span className={styles.chainOk} data-testid="audit-chain">
        Chain intact: {v.rows} rows verified{v.rows > 0 ? `, head ${v.headHash.slice(0, 12)}…` : ''}
      </span>
    );
  }
  return (
    <span className={styles.chainBad} role="alert" data-testid="audit-chain">
      Chain broken at row {v.brokenAtSeq}: {v.reason}
    </span>
  );
}

/** Every acknowledge, resolve, export and sign-in, newest first, with the hash chain checked on each load. */
export function AuditTrail({ carried }: { carried: Record<string, string> }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.ledger.audit.queryOptions({ limit: 50 }, useLiveOptions()));
  const columns: Column<Row>[] = [
    { key: 'seq', header: '#', numeric: true, render: (r) => r.seq },
    { key: 'at', header: 'When', render: (r) => <span className="num">{formatTime(r.atMs)}</span> },
    { key: 'actor', header: 'Who', render: (r) => r.actor },
    { key: 'action', header: 'Action', render: (r) => r.action },
    {
      key: 'target',
      header: 'Target',
      render: (r) => (/^[0-9a-f]{24}$/.test(r.target) ? <DataLink href={breakHref(r.target, carried)}>{r.target}</DataLink> : r.target),
    },
    { key: 'comment', header: 'Comment', render: (r) => <div className={styles.detail}>{r.comment || (r.action === 'acknowledge' || r.action === 'resolve' ? '' : r.detail)}</div> },
    { key: 'hash', header: 'Hash', render: (r) => <span className={styles.mono} title={r.hash}>{r.hash.slice(0, 12)}…</span> },
  ];
  return (
    <section className="panel" aria-label="Audit trail">
      <div className="panel-head">
        <h2>Audit trail</h2>
        <span className="hint">append-only · each row hash-chained to the previous</span>
      </div>
      <QueryState query={query} height={120}>
        {(d) => (
          <>
            <div className="panel-body">
              <ChainVerdict v={d.verdict} />
            </div>
            {d.rows.length === 0 ? <div className="state">Nothing acknowledged, resolved or exported yet.</div> : <DataTable rows={d.rows} columns={columns} rowKey={(r) => String(r.seq)} caption="Audit trail" />}
          </>
        )}
      </QueryState>
    </section>
  );
}
