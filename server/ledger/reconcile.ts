import type { ReconcileOptions } from './reconcile-options';
import { byLsn, field, imageOf, refKey, type Finding, type LedgerChange, type TxnEnd } from './ledger-change';
import type { RefHistory } from './ref-history';
import { duplicatePosting, mutatedEntry, orphanEntry, unbalancedTxn } from './rules/journal-rules';
import { amountMismatch, missingLedger, missingReversal } from './rules/payment-rules';
import { incompleteTxn, lateEvent, txnRef, type TxnHistory } from './rules/stream-rules';
import { tccHanging, tccNullCompensation, tccSuspension } from './rules/tcc-rules';

/**
 * The reconciliation of SPEC §5.5 as a pure function: given every change the stream delivered
 * for some business references (and the transactions they were part of), the breaks those
 * references have now. The reconciler feeds it only the references something happened to, so
 * history is never rescanned.
 */

export interface Ref {
  refType: string;
  refId: string;
}

export interface ReconcileInput {
  /** Changes of the references' rows, their orders, their journal entries, and of every transaction those were in. */
  changes: LedgerChange[];
  /** END markers of those transactions. */
  ends: TxnEnd[];
  /** Events received per transaction and "schema.table" (all tables). */
  received: Record<string, Record<string, number>>;
}

const SUBJECT_TABLE: Record<string, LedgerChange['table']> = { payment: 'payments', refund: 'refunds', settlement: 'settlements' };

const REF_RULES = [unbalancedTxn, duplicatePosting, mutatedEntry, orphanEntry, missingLedger, missingReversal, amountMismatch, tccNullCompensation, tccSuspension, tccHanging] as const;

/** The reference(s) a change is about: its own row's, a payment's via its order, a journal entry's (before and after). */
export function refsOf(c: LedgerChange): Ref[] {
  const out: Ref[] = [];
  for (const row of [c.before, c.after]) {
    if (!row) continue;
    if (c.table === 'journal_entries') out.push({ refType: field(row, 'ref_type'), refId: field(row, 'ref_id') });
    else if (c.table === 'payments') out.push({ refType: 'payment', refId: field(row, 'id') });
    else if (c.table === 'refunds') out.push({ refType: 'refund', refId: field(row, 'id') });
    else if (c.table === 'settlements') out.push({ refType: 'settlement', refId: field(row, 'id') });
  }
  const seen = new Set<string>();
  return out.filter((r) => r.refId !== '' && !seen.has(refKey(r.refType, r.refId)) && seen.add(refKey(r.refType, r.refId)));
}

/** The changes looked up by row and by the reference a journal entry carries. */
export interface ChangeIndex {
  rows: Map<string, LedgerChange[]>;
  journal: Map<string, LedgerChange[]>;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexChanges(changes: readonly LedgerChange[]): ChangeIndex {
  const index: ChangeIndex = { rows: new Map(), journal: new Map() };
  for (const c of changes) {
    push(index.rows, `${c.table}:${field(imageOf(c), 'id')}`, c);
    if (c.table === 'journal_entries') for (const r of refsOf(c)) push(index.journal, refKey(r.refType, r.refId), c);
  }
  return index;
}

export function buildRefHistory(ref: Ref, index: ChangeIndex): RefHistory {
  const table = SUBJECT_TABLE[ref.refType];
  const subject = table ? [...(index.rows.get(`${table}:${ref.refId}`) ?? [])].sort(byLsn) : [];
  const orderIds = new Set(ref.refType === 'payment' ? subject.flatMap((c) => [field(c.before, 'order_id'), field(c.after, 'order_id')]).filter((v) => v !== '') : []);
  const orders = [...orderIds].flatMap((id) => index.rows.get(`orders:${id}`) ?? []).sort(byLsn);
  const journal = [...(index.journal.get(refKey(ref.refType, ref.refId)) ?? [])].sort(byLsn);
  return { ...ref, subject, orders, journal };
}

export function buildTxnHistories(input: ReconcileInput): TxnHistory[] {
  const byTxn = new Map<string, LedgerChange[]>();
  for (const c of input.changes) {
    const list = byTxn.get(c.txId);
    if (list) list.push(c);
    else byTxn.set(c.txId, [c]);
  }
  const ends = new Map(input.ends.map((e) => [e.txId, e]));
  return [...byTxn].map(([txId, changes]) => {
    const end = ends.get(txId);
    return { txId, changes: changes.sort(byLsn), received: input.received[txId] ?? {}, ...(end ? { end } : {}) };
  });
}

/** The breaks of `refs` as of `nowMs`, one per (kind, reference), earliest occurrence first. */
export function reconcile(refs: readonly Ref[], input: ReconcileInput, opts: ReconcileOptions, nowMs: number): Finding[] {
  // Each change once, whatever overlapping queries loaded it.
  const unique = [...new Map(input.changes.map((c) => [c.eventId, c])).values()];
  const data = { ...input, changes: unique };
  const index = indexChanges(unique);
  const histories = new Map(refs.map((r) => [refKey(r.refType, r.refId), buildRefHistory(r, index)]));
  const findings: Finding[] = [];
  for (const h of histories.values()) for (const rule of REF_RULES) findings.push(...rule(h, opts, nowMs));
  for (const t of buildTxnHistories(data)) {
    const ref = txnRef(t.changes);
    const h = ref && histories.get(refKey(ref.refType, ref.refId));
    if (!h) continue;
    findings.push(...incompleteTxn(t, h), ...lateEvent(t, h, opts));
  }
  return merge(findings);
}

/** Several txns of one reference late (say) are one break with all their evidence. */
function merge(findings: readonly Finding[]): Finding[] {
  const out = new Map<string, Finding>();
  for (const f of [...findings].sort((a, b) => a.occurredMs - b.occurredMs)) {
    const key = `${f.kind}|${refKey(f.refType, f.refId)}`;
    const seen = out.get(key);
    if (!seen) out.set(key, { ...f, evidence: [...f.evidence] });
    else {
      seen.evidence = [...new Set([...seen.evidence, ...f.evidence])];
      if (f.txnId && !seen.txnId.split(',').includes(f.txnId)) seen.txnId = seen.txnId ? `${seen.txnId},${f.txnId}` : f.txnId;
      if (f.detail !== seen.detail) seen.detail = `${seen.detail}; ${f.detail}`;
    }
  }
  return [...out.values()];
}
