'use client';

import { DataLink } from '../data-link';
import { DataTable, type Column } from '../data-table';
import { formatDateTime } from '../format';
import { breakHref, KIND_LABEL, money, type BreakItem } from './ledger-format';
import styles from './ledger.module.css';

export function BreakState({ b }: { b: Pick<BreakItem, 'state' | 'review' | 'reviewedBy'> }) {
  return (
    <>
      <span className={b.state === 'open' ? styles.open : styles.healed}>{b.state}</span>
      {b.review && (
        <div className={`${styles.review} ${b.review === 'resolved' ? styles.resolved : styles.acknowledged}`}>
          {b.review} by {b.reviewedBy}
        </div>
      )}
    </>
  );
}

export function BreakTable({ rows, carried }: { rows: BreakItem[]; carried: Record<string, string> }) {
  const columns: Column<BreakItem>[] = [
    { key: 'occurred', header: 'Occurred', sortValue: (b) => b.occurredMs, render: (b) => <span className="num">{formatDateTime(b.occurredMs)}</span> },
    {
      key: 'kind',
      header: 'Kind',
      sortValue: (b) => b.kind,
      render: (b) => <DataLink href={breakHref(b.breakId, carried)}>{KIND_LABEL[b.kind]}</DataLink>,
    },
    { key: 'ref', header: 'Reference', sortValue: (b) => `${b.refType}:${b.refId}`, render: (b) => <span className={styles.mono}>{`${b.refType}:${b.refId}`}</span> },
    { key: 'txn', header: 'Txn', render: (b) => <span className={styles.mono}>{b.txnId || '—'}</span> },
    { key: 'amount', header: 'Amount', numeric: true, render: (b) => money(b.amount, b.currency) },
    { key: 'state', header: 'State', sortValue: (b) => b.state, render: (b) => <BreakState b={b} /> },
    { key: 'detail', header: 'What is wrong', render: (b) => <div className={styles.detail}>{b.detail}</div> },
    { key: 'evidence', header: 'Events', numeric: true, title: 'change events cited as evidence', render: (b) => b.evidenceCount },
  ];
  return <DataTable rows={rows} columns={columns} rowKey={(b) => b.breakId} caption="Ledger breaks" />;
}
