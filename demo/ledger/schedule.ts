import { MinutePlanner } from '../plan';
import { MINUTE_MS } from '../scenario';
import { DEFAULT_BREAK_EVERY, validateBreakEvery } from './breaks';
import { buildFlow, MAX_FLOW_SPAN_MS } from './flow-build';
import { planFlow } from './flow-plan';
import { compareTxns, type SourceTxn, type Transport } from './source-txn';

/**
 * The ledger's source transactions in delivery order. Flows are the traffic demo's paid
 * checkouts (same seed, rate and request plan), so the ledger follows its diurnal curve and
 * flash sales; each flow's transactions spread over up to MAX_FLOW_SPAN_MS after its checkout.
 */

export interface LedgerOptions {
  seed: number;
  /** The traffic demo's base gateway rate (requests/s). */
  rate: number;
  transport: Transport;
  /** One flow in `breakEvery` gets each break kind; 0 for none. */
  breakEvery?: number;
}

/**
 * Hands out the transactions sent in consecutive windows [from, to₁), [to₁, to₂), …: the same
 * transactions, in the same order, however the range is cut. The history begins at
 * `historyStartMs`: checkouts before it never happened, so no flow is ever seen half-way (a
 * settlement cancelled with no TRYING before it would be a break nobody injected). Memory holds
 * only the flows whose transactions are still to come (at most MAX_FLOW_SPAN_MS of checkouts).
 */
export class LedgerSchedule {
  private readonly breakEvery: number;
  /** Checkouts before this have been turned into transactions. */
  private plannedToMs: number;
  private sentFromUs: number;
  private pending: SourceTxn[] = [];
  private planner: MinutePlanner | undefined;

  constructor(
    private readonly opts: LedgerOptions,
    fromMs: number,
    historyStartMs = fromMs,
  ) {
    this.breakEvery = opts.breakEvery ?? DEFAULT_BREAK_EVERY;
    validateBreakEvery(this.breakEvery);
    this.plannedToMs = Math.max(fromMs - MAX_FLOW_SPAN_MS, historyStartMs);
    this.sentFromUs = fromMs * 1000;
  }

  /** Where the next window starts (epoch ms). */
  get cursorMs(): number {
    return this.sentFromUs / 1000;
  }

  /** Transactions with a delivery time in [cursor, toMs), in delivery order. */
  take(toMs: number): SourceTxn[] {
    const toUs = toMs * 1000;
    if (toUs <= this.sentFromUs) return [];
    this.plan(toMs);
    const due: SourceTxn[] = [];
    const later: SourceTxn[] = [];
    for (const txn of this.pending) (txn.sendUs < toUs ? due : later).push(txn);
    this.pending = later;
    this.sentFromUs = toUs;
    return due.sort(compareTxns);
  }

  /** Builds the flows whose checkout starts in [plannedToMs, toMs); a flow never sends before it starts. */
  private plan(toMs: number): void {
    const fromMs = this.plannedToMs;
    if (toMs <= fromMs) return;
    const { seed, rate, transport } = this.opts;
    for (let minute = Math.floor(fromMs / MINUTE_MS); minute * MINUTE_MS < toMs; minute++) {
      if (this.planner?.minute !== minute) this.planner = new MinutePlanner(seed, rate, minute);
      const planner = this.planner;
      for (let i = planner.firstAtOrAfter(fromMs * 1000); i < planner.n; i++) {
        const request = planner.plan(i);
        if (request.startUs >= toMs * 1000) break;
        if (!request.pays) continue;
        for (const txn of buildFlow(planFlow(seed, request, this.breakEvery, transport))) {
          if (txn.sendUs >= this.sentFromUs) this.pending.push(txn);
        }
      }
    }
    this.plannedToMs = toMs;
  }
}

/**
 * Every source transaction delivered in [fromMs, toMs), in delivery order, by a demo whose
 * history began at `historyStartMs` (by default: one started afresh at fromMs).
 */
export function ledgerTransactions(opts: LedgerOptions, fromMs: number, toMs: number, historyStartMs = fromMs): SourceTxn[] {
  return new LedgerSchedule(opts, fromMs, historyStartMs).take(toMs);
}
