'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { DataTable, type Column } from '../data-table';
import { formatTime } from '../format';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import { hrefWith, useCarriedParams } from '../url-state';
import type { RouterOutputs } from '../api-types';
import { BreakState } from './break-table';
import { KIND_LABEL, KINDS, money } from './ledger-format';
import styles from './ledger.module.css';

type Detail = RouterOutputs['ledger']['break'];
type EventRow = Detail['events'][number];

function image(json: string | null): string {
  if (json === null) return '—';
  try {
    return JSON.stringify(JSON.parse(json) as unknown, null, 1);
  } catch {
    return json;
  }
}

/** Every change event of the reference in LSN order; the ones the rule cites are marked. */
function EventTimeline({ events }: { events: EventRow[] }) {
  const columns: Column<EventRow>[] = [
    { key: 'lsn', header: 'LSN', render: (e) => <span className={styles.mono}>{e.lsn}</span> },
    { key: 'cited', header: 'Evidence', render: (e) => (e.cited ? <b className="bad">cited</b> : '') },
    { key: 'source', header: 'Table', render: (e) => e.source },
    { key: 'op', header: 'Op', render: (e) => ({ c: 'insert', u: 'update', d: 'delete', r: 'snapshot', t: 'truncate' })[e.op] ?? e.op },
    { key: 'tx', header: 'Source txn', render: (e) => <span className={styles.mono}>{e.txId}</span> },
    { key: 'commit', header: 'Committed', render: (e) => <span className="num">{formatTime(e.commitMs)}</span> },
    {
      key: 'lag',
      header: 'Lag',
      numeric: true,
      title: 'commit → capture (Debezium ts_ms, or ingest time)',
      render: (e) => `${(e.captureMs ?? e.ingestedMs) - e.commitMs} ms`,
    },
    { key: 'before', header: 'Before', render: (e) => <pre className={styles.image}>{image(e.before)}</pre> },
    { key: 'after', header: 'After', render: (e) => <pre className={styles.image}>{image(e.after)}</pre> },
  ];
  return <DataTable rows={events} columns={columns} rowKey={(e) => e.eventId} caption="Change events" />;
}

function ReviewForm({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const onSuccess = async () => {
    setComment('');
    await client.invalidateQueries({ queryKey: trpc.ledger.pathKey() });
  };
  const acknowledge = useMutation(trpc.ledger.acknowledge.mutationOptions({ onSuccess }));
  const resolve = useMutation(trpc.ledger.resolve.mutationOptions({ onSuccess }));
  const error = acknowledge.error ?? resolve.error;
  const busy = acknowledge.isPending || resolve.isPending;
  const submit = (action: typeof acknowledge) => (e: FormEvent) => {
    e.preventDefault();
    action.mutate({ id, comment });
  };
  return (
    <form className={styles.reviewForm} onSubmit={submit(resolve)} aria-label="Review">
      <label className="field">
        Comment (required; recorded in the audit log with your name and the time)
        <textarea name="comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
      </label>
      <div style={{ display: 'flex', gap: 8 }}>
        <button className="btn" type="button" disabled={busy || comment.trim() === ''} onClick={submit(acknowledge)}>
          Acknowledge
        </button>
        <button className="btn btn-primary" type="submit" disabled={busy || comment.trim() === ''}>
          Resolve
        </button>
      </div>
      {error && (
        <div className="state-error" role="alert">
          {error.message}
        </div>
      )}
    </form>
  );
}

function DetailBody({ d }: { d: Detail }) {
  const rule = KINDS.find((k) => k.kind === d.kind)?.rule;
  return (
    <>
      <section className="panel" aria-label="Break">
        <div className="panel-head">
          <h2>{KIND_LABEL[d.kind]}</h2>
          <span className="hint">{rule}</span>
        </div>
        <div className="panel-body">
          <dl className={styles.facts}>
            <dt>Reference</dt>
            <dd className={styles.mono}>{`${d.refType}:${d.refId}`}</dd>
            <dt>Journal / source txn</dt>
            <dd className={styles.mono}>{d.txnId || '—'}</dd>
            <dt>Amount</dt>
            <dd>{money(d.amount, d.currency)}</dd>
            <dt>Occurred</dt>
            <dd>{formatTime(d.occurredMs)}</dd>
            <dt>First seen</dt>
            <dd>{formatTime(d.firstSeenMs)}</dd>
            <dt>State</dt>
            <dd>
              <BreakState b={d} />
            </dd>
            <dt>What is wrong</dt>
            <dd>{d.detail}</dd>
          </dl>
        </div>
      </section>
      <div className={styles.twoCol}>
        <section className="panel" aria-label="Review">
          <div className="panel-head">
            <h2>Review</h2>
          </div>
          <div className="panel-body">
            <ReviewForm id={d.breakId} />
            <ul style={{ listStyle: 'none', padding: 0, margin: '12px 0 0', display: 'grid', gap: 6 }} aria-label="Reviews">
              {d.reviews.map((r) => (
                <li key={r.seq}>
                  <b>{r.action === 'resolve' ? 'Resolved' : 'Acknowledged'}</b> by {r.actor} <span className="muted">{formatTime(r.atMs)}</span>: {r.comment}
                </li>
              ))}
            </ul>
          </div>
        </section>
        <section className="panel" aria-label="State history">
          <div className="panel-head">
            <h2>State history</h2>
            <span className="hint">opened, healed when the missing event arrived, reopened</span>
          </div>
          <ul className="panel-body" style={{ listStyle: 'none', margin: 0, display: 'grid', gap: 6 }}>
            {d.changes.map((c, i) => (
              <li key={i}>
                <b>{c.change}</b> <span className="muted">{formatTime(c.atMs)}</span> {c.detail}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="panel" aria-label="Event timeline">
        <div className="panel-head">
          <h2>Event timeline</h2>
          <span className="hint">every change of this reference and its transactions, by LSN</span>
        </div>
        {d.events.length === 0 ? <div className="state">No change events stored for this reference.</div> : <EventTimeline events={d.events} />}
        {d.transactions.length > 0 && (
          <div className="panel-body muted">
            {d.transactions.map((t) => (
              <div key={t.txId}>
                source txn {t.txId}: END declared {t.eventCount ?? '?'} events (
                {Object.entries(t.dataCollections)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')}
                )
              </div>
            ))}
          </div>
        )}
      </section>
    </>
  );
}

export function BreakDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const carried = useCarriedParams();
  const query = useQuery(trpc.ledger.break.queryOptions({ id }, useLiveOptions()));
  return (
    <>
      <div className="page-head">
        <span className="crumbs">
          <Link href={hrefWith('/ledger', carried)}>Ledger</Link> /
        </span>
        <h1>Break {id}</h1>
      </div>
      <QueryState query={query} height={320}>
        {(d) => <DetailBody d={d} />}
      </QueryState>
    </>
  );
}
