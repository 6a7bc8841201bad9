import type { LedgerBreak } from './breaks';
import { LedgerSchedule, type LedgerOptions } from './schedule';

/**
 * The breaks the ledger demo injects, as a pure function of (seed, rate, transport, range): the
 * breaks of the transactions it sends in [fromMs, toMs) in a history that began at
 * `historyStartMs` (by default fromMs). Consecutive ranges of one history partition them.
 */
export function ledgerGroundTruth(opts: LedgerOptions, fromMs: number, toMs: number, historyStartMs = fromMs): LedgerBreak[] {
  const schedule = new LedgerSchedule(opts, fromMs, historyStartMs);
  const breaks: LedgerBreak[] = [];
  // Window by window, so a long range never holds more than a few minutes of transactions.
  const step = 10 * 60_000;
  for (let t = fromMs; t < toMs; t = Math.min(toMs, t + step)) {
    for (const txn of schedule.take(Math.min(toMs, t + step))) breaks.push(...txn.breaks);
  }
  return breaks;
}
