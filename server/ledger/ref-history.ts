import { byLsn, field, imageOf, isPosting, type LedgerChange } from './ledger-change';
import { toUnits, unitsText } from './money';

/**
 * Everything the stream told about one business reference (a payment, refund or settlement):
 * the changes of its own row, of the order it pays, and of the journal entries posted for it.
 */
export interface RefHistory {
  refType: string;
  refId: string;
  /** The referenced row's changes, in LSN order. */
  subject: LedgerChange[];
  /** For a payment: its order's changes, in LSN order. */
  orders: LedgerChange[];
  /** Journal entry changes whose row (before or after) references this, in LSN order. */
  journal: LedgerChange[];
}

export interface Posting {
  txnId: string;
  entries: LedgerChange[];
  /** Commit of its first entry. */
  atMs: number;
}

/** Journal txns as posted (inserted), in order of their first entry; later edits are mutated_entry's business. */
export function postings(h: RefHistory): Posting[] {
  const byTxn = new Map<string, LedgerChange[]>();
  for (const c of [...h.journal].sort(byLsn)) {
    if (!isPosting(c) || !c.after) continue;
    const txn = field(c.after, 'txn_id');
    const list = byTxn.get(txn);
    if (list) list.push(c);
    else byTxn.set(txn, [c]);
  }
  return [...byTxn].map(([txnId, entries]) => ({ txnId, entries, atMs: entries[0]!.commitMs }));
}

/** The referenced row's latest change (deleted rows included). */
export function latestSubject(h: RefHistory): LedgerChange | undefined {
  return h.subject.length === 0 ? undefined : [...h.subject].sort(byLsn).at(-1);
}

/** Debits of a posting, in units of 10^-4. */
export function debitUnits(p: Posting): bigint {
  let sum = 0n;
  for (const e of p.entries) if (field(e.after, 'direction') === 'D') sum += toUnits(field(e.after, 'amount')) ?? 0n;
  return sum;
}

/** The amount and currency at stake: the referenced row's, else the first posting's debits. */
export function stake(h: RefHistory): { amount: string | null; currency: string } {
  const subject = latestSubject(h);
  if (subject) {
    const row = imageOf(subject);
    const units = toUnits(field(row, 'amount'));
    return { amount: units === null ? null : unitsText(units), currency: field(row, 'currency') };
  }
  const first = postings(h)[0];
  if (!first) return { amount: null, currency: '' };
  return { amount: unitsText(debitUnits(first)), currency: field(first.entries[0]!.after, 'currency') };
}

export const ids = (changes: readonly LedgerChange[]): string[] => changes.map((c) => c.eventId);
