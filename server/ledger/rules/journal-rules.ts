import type { ReconcileOptions } from '../reconcile-options';
import { field, type Finding } from '../ledger-change';
import { toUnits, unitsText } from '../money';
import { ids, postings, stake, type RefHistory } from '../ref-history';

/** References whose source rows the mapping holds; a fee posting has none to be orphaned from. */
const SOURCED_REFS = new Set(['payment', 'refund', 'settlement']);

/** unbalanced_txn: a journal txn whose debits ≠ credits in some currency, judged on the rows as posted. */
export function unbalancedTxn(h: RefHistory): Finding[] {
  return postings(h).flatMap((p) => {
    const balance = new Map<string, bigint>();
    for (const e of p.entries) {
      const units = toUnits(field(e.after, 'amount')) ?? 0n;
      const currency = field(e.after, 'currency');
      balance.set(currency, (balance.get(currency) ?? 0n) + (field(e.after, 'direction') === 'D' ? units : -units));
    }
    const off = [...balance].filter(([, v]) => v !== 0n);
    if (off.length === 0) return [];
    const [currency, diff] = off[0]!;
    return [
      {
        kind: 'unbalanced_txn',
        refType: h.refType,
        refId: h.refId,
        txnId: p.txnId,
        amount: unitsText(diff < 0n ? -diff : diff),
        currency,
        occurredMs: p.atMs,
        detail: off.map(([c, v]) => `${c}: ${v > 0n ? 'debits exceed credits' : 'credits exceed debits'} by ${unitsText(v < 0n ? -v : v)}`).join('; '),
        evidence: ids(p.entries),
      },
    ];
  });
}

/** duplicate_posting: more than one journal txn for the same reference. */
export function duplicatePosting(h: RefHistory): Finding[] {
  const ps = postings(h);
  if (ps.length < 2) return [];
  const txns = ps.map((p) => p.txnId);
  return [
    {
      kind: 'duplicate_posting',
      refType: h.refType,
      refId: h.refId,
      txnId: txns.join(','),
      ...stake(h),
      occurredMs: ps[1]!.atMs,
      detail: `${ps.length} journal txns for ${h.refType} ${h.refId}: ${txns.join(', ')}`,
      evidence: ids(ps.flatMap((p) => p.entries)),
    },
  ];
}

/** mutated_entry: any update or delete of a journal entry (the journal is append-only). */
export function mutatedEntry(h: RefHistory): Finding[] {
  const edits = h.journal.filter((c) => c.op === 'u' || c.op === 'd');
  if (edits.length === 0) return [];
  const describe = edits.map((c) => {
    const id = field(c.before ?? c.after, 'id');
    if (c.op === 'd') return `entry ${id} deleted`;
    const changed = Object.keys({ ...c.before, ...c.after }).filter((k) => c.before && field(c.before, k) !== field(c.after, k));
    return changed.length > 0 ? `entry ${id} updated (${changed.map((k) => `${k}: ${field(c.before, k)} → ${field(c.after, k)}`).join(', ')})` : `entry ${id} updated`;
  });
  const txns = [...new Set(edits.map((c) => field(c.before ?? c.after, 'txn_id')))];
  return [
    {
      kind: 'mutated_entry',
      refType: h.refType,
      refId: h.refId,
      txnId: txns.join(','),
      ...stake(h),
      occurredMs: edits[0]!.commitMs,
      detail: describe.join('; '),
      evidence: ids(edits),
    },
  ];
}

/** orphan_entry: postings for a payment/refund/settlement the stream never showed, once the grace period is over. */
export function orphanEntry(h: RefHistory, opts: ReconcileOptions, nowMs: number): Finding[] {
  if (!SOURCED_REFS.has(h.refType) || h.subject.length > 0) return [];
  const ps = postings(h);
  const first = ps[0];
  if (!first || first.atMs > nowMs - opts.graceMs) return [];
  return [
    {
      kind: 'orphan_entry',
      refType: h.refType,
      refId: h.refId,
      txnId: ps.map((p) => p.txnId).join(','),
      ...stake(h),
      occurredMs: first.atMs,
      detail: `journal txn ${ps.map((p) => p.txnId).join(', ')} references ${h.refType} ${h.refId}, which does not exist`,
      evidence: ids(ps.flatMap((p) => p.entries)),
    },
  ];
}
