import type { ReconcileOptions } from '../reconcile-options';
import { byLsn, field, imageOf, type Finding, type LedgerChange } from '../ledger-change';
import { toUnits, unitsText } from '../money';
import { debitUnits, ids, latestSubject, postings, stake, type RefHistory } from '../ref-history';

/** When the row last became SUCCEEDED (the grace period runs from there), if it is SUCCEEDED now. */
function succeededAt(h: RefHistory): LedgerChange | undefined {
  const latest = latestSubject(h);
  if (!latest || latest.op === 'd' || field(latest.after, 'status') !== 'SUCCEEDED') return undefined;
  const sorted = [...h.subject].sort(byLsn);
  let since = latest;
  for (let i = sorted.length - 1; i >= 0 && field(sorted[i]!.after, 'status') === 'SUCCEEDED'; i--) since = sorted[i]!;
  return since;
}

function missingPosting(h: RefHistory, opts: ReconcileOptions, nowMs: number, kind: 'missing_ledger' | 'missing_reversal', what: string): Finding[] {
  const since = succeededAt(h);
  if (!since || postings(h).length > 0 || since.commitMs > nowMs - opts.graceMs) return [];
  return [
    {
      kind,
      refType: h.refType,
      refId: h.refId,
      txnId: '',
      ...stake(h),
      occurredMs: since.commitMs,
      detail: `${h.refType} ${h.refId} SUCCEEDED and no ${what} posted within ${opts.graceMs / 1000} s`,
      evidence: ids(h.subject),
    },
  ];
}

/** missing_ledger: a SUCCEEDED payment with no journal txn referencing it after the grace period. */
export function missingLedger(h: RefHistory, opts: ReconcileOptions, nowMs: number): Finding[] {
  return h.refType === 'payment' ? missingPosting(h, opts, nowMs, 'missing_ledger', 'journal txn') : [];
}

/** missing_reversal: a SUCCEEDED refund with no journal txn referencing it after the grace period. */
export function missingReversal(h: RefHistory, opts: ReconcileOptions, nowMs: number): Finding[] {
  return h.refType === 'refund' ? missingPosting(h, opts, nowMs, 'missing_reversal', 'reversal') : [];
}

/**
 * amount_mismatch: the order's amount ≠ the payment's, or a journal txn of the payment debits
 * another amount. Each txn is compared on its own, so a duplicate posting is not also a mismatch.
 */
export function amountMismatch(h: RefHistory): Finding[] {
  const payment = latestSubject(h);
  if (h.refType !== 'payment' || !payment) return [];
  const paid = toUnits(field(imageOf(payment), 'amount'));
  if (paid === null) return [];
  const problems: string[] = [];
  const evidence: LedgerChange[] = [];
  let occurredMs = Infinity;
  const order = [...h.orders].sort(byLsn).at(-1);
  const ordered = order ? toUnits(field(imageOf(order), 'amount')) : null;
  if (order && ordered !== null && ordered !== paid) {
    problems.push(`order ${unitsText(ordered)} but payment ${unitsText(paid)}`);
    evidence.push(order, payment);
    occurredMs = Math.min(occurredMs, Math.max(order.commitMs, h.subject[0]!.commitMs));
  }
  for (const p of postings(h)) {
    const debits = debitUnits(p);
    if (debits === paid) continue;
    problems.push(`journal txn ${p.txnId} debits ${unitsText(debits)} for a payment of ${unitsText(paid)}`);
    evidence.push(...p.entries);
    occurredMs = Math.min(occurredMs, p.atMs);
  }
  if (problems.length === 0) return [];
  return [
    {
      kind: 'amount_mismatch',
      refType: h.refType,
      refId: h.refId,
      txnId: '',
      ...stake(h),
      occurredMs,
      detail: problems.join('; '),
      evidence: [...new Set(ids(evidence))],
    },
  ];
}
