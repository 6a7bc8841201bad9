import type { ReconcileOptions } from '../reconcile-options';
import { byLsn, field, type Finding, type LedgerChange } from '../ledger-change';
import { ids, stake, type RefHistory } from '../ref-history';

/** The settlement's TCC states in LSN order (a delete ends the history). */
function states(h: RefHistory): { change: LedgerChange; state: string }[] {
  if (h.refType !== 'settlement') return [];
  return [...h.subject].sort(byLsn).flatMap((c) => (c.after ? [{ change: c, state: field(c.after, 'tcc_state') }] : []));
}

function finding(h: RefHistory, kind: Finding['kind'], at: LedgerChange, detail: string): Finding {
  return { kind, refType: h.refType, refId: h.refId, txnId: '', ...stake(h), occurredMs: at.commitMs, detail, evidence: ids(h.subject) };
}

/** tcc_null_compensation: CANCELLED with no TRYING before it (an empty rollback). */
export function tccNullCompensation(h: RefHistory): Finding[] {
  const seq = states(h);
  const cancel = seq.findIndex((s) => s.state === 'CANCELLED');
  if (cancel < 0 || seq.slice(0, cancel).some((s) => s.state === 'TRYING')) return [];
  return [finding(h, 'tcc_null_compensation', seq[cancel]!.change, 'settlement CANCELLED with no TRYING before it (empty rollback)')];
}

/** tcc_suspension: TRYING or CONFIRMED after the settlement was CANCELLED. */
export function tccSuspension(h: RefHistory): Finding[] {
  const seq = states(h);
  const cancel = seq.findIndex((s) => s.state === 'CANCELLED');
  const after = cancel < 0 ? undefined : seq.slice(cancel + 1).find((s) => s.state === 'TRYING' || s.state === 'CONFIRMED');
  if (!after) return [];
  return [finding(h, 'tcc_suspension', after.change, `settlement ${after.state} after it was CANCELLED`)];
}

/** tcc_hanging: still TRYING longer than the TCC timeout after it entered TRYING. */
export function tccHanging(h: RefHistory, opts: ReconcileOptions, nowMs: number): Finding[] {
  const seq = states(h);
  const last = seq.at(-1);
  if (!last || last.state !== 'TRYING' || last.change.op === 'd') return [];
  let since = seq.length - 1;
  while (since > 0 && seq[since - 1]!.state === 'TRYING') since--;
  const at = seq[since]!.change;
  if (at.commitMs > nowMs - opts.tccTimeoutMs) return [];
  return [finding(h, 'tcc_hanging', at, `settlement TRYING for more than ${opts.tccTimeoutMs / 1000} s`)];
}
