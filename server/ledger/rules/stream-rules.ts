import type { ReconcileOptions } from '../reconcile-options';
import { field, imageOf, type Finding, type LedgerChange, type TxnEnd } from '../ledger-change';
import { stake, type RefHistory } from '../ref-history';

/** One source transaction as it arrived: its mapped changes, every table's event count, its END. */
export interface TxnHistory {
  txId: string;
  changes: LedgerChange[];
  /** Events received per "schema.table" (all tables, mapped or not). */
  received: Record<string, number>;
  end?: TxnEnd;
}

const REF_TABLES = [
  ['payments', 'payment'],
  ['settlements', 'settlement'],
  ['refunds', 'refund'],
] as const;

/** The business reference a source transaction is reported under: its payment, else settlement, refund, or the journal's reference. */
export function txnRef(changes: readonly LedgerChange[]): { refType: string; refId: string } | undefined {
  for (const [table, refType] of REF_TABLES) {
    const c = changes.find((x) => x.table === table);
    if (c) return { refType, refId: field(imageOf(c), 'id') };
  }
  const entry = changes.find((x) => x.table === 'journal_entries');
  if (!entry) return undefined;
  const row = imageOf(entry);
  return { refType: field(row, 'ref_type'), refId: field(row, 'ref_id') };
}

function commitOf(t: TxnHistory): number {
  return Math.min(...t.changes.map((c) => c.commitMs));
}

/** incomplete_txn: END's event count (or a table's count) differs from the events received. */
export function incompleteTxn(t: TxnHistory, ref: RefHistory): Finding[] {
  if (!t.end || t.changes.length === 0) return [];
  const got = Object.values(t.received).reduce((a, b) => a + b, 0);
  const problems: string[] = [];
  if (t.end.eventCount !== null && t.end.eventCount !== got) problems.push(`END counts ${t.end.eventCount} events, ${got} received`);
  for (const [collection, declared] of Object.entries(t.end.dataCollections)) {
    const n = t.received[collection] ?? 0;
    if (n !== declared) problems.push(`${collection}: ${declared} declared, ${n} received`);
  }
  if (problems.length === 0) return [];
  return [
    {
      kind: 'incomplete_txn',
      refType: ref.refType,
      refId: ref.refId,
      txnId: t.txId,
      ...stake(ref),
      occurredMs: commitOf(t),
      detail: `source transaction ${t.txId}: ${problems.join('; ')}`,
      evidence: t.changes.map((c) => c.eventId),
    },
  ];
}

/** Commit-to-capture latency of a change (ingest time when the source gives no capture time). */
export function lagMs(c: LedgerChange): number {
  return (c.captureMs ?? c.ingestedMs) - c.commitMs;
}

/** late_event: a change captured more than the SLA after its commit. */
export function lateEvent(t: TxnHistory, ref: RefHistory, opts: ReconcileOptions): Finding[] {
  const late = t.changes.filter((c) => lagMs(c) > opts.lagSlaMs);
  if (late.length === 0) return [];
  const worst = Math.max(...late.map(lagMs));
  return [
    {
      kind: 'late_event',
      refType: ref.refType,
      refId: ref.refId,
      txnId: t.txId,
      ...stake(ref),
      occurredMs: commitOf(t),
      detail: `source transaction ${t.txId}: ${late.length} change(s) captured up to ${worst} ms after commit (SLA ${opts.lagSlaMs} ms)`,
      evidence: late.map((c) => c.eventId),
    },
  ];
}
