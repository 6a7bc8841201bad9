import type { RequestPlan } from '../plan';
import { Rng, hash32 } from '../random';
import { injectedBreak, type InjectedBreak } from './breaks';
import { CURRENCIES, FAILED_SHARE, GROUPS_PER_MERCHANT, MERCHANTS, REFUND_SHARE, USERS, type CurrencyDef } from './catalog';
import { platformFee } from './money';
import type { Transport } from './source-txn';

/**
 * What happens to one paid order of the traffic demo, decided up front from (seed, minute,
 * request index): amounts, parties, outcome, refund, and the break it carries, if any.
 */

export interface FlowPlan {
  /** Order id, and the id of the flow's payment, refund and settlement in their own tables. */
  key: number;
  /** The checkout request's start in the traffic demo, µs since the epoch. */
  startUs: number;
  transport: Transport;
  region: string;
  currency: CurrencyDef;
  channel: string;
  userId: number;
  merchantId: number;
  groupId: number;
  orderAmount: bigint;
  paymentAmount: bigint;
  /** What the payment's journal txn posts: the payment amount unless the break says otherwise. */
  journalAmount: bigint;
  /** Net owed to the merchant: the payment less the platform fee (what settlement pays out). */
  settlementAmount: bigint;
  succeeded: boolean;
  refunded: boolean;
  brk?: InjectedBreak;
  /** Seed of the flow's timing stream. */
  timingSeed: number;
}

const FLOW_STREAM = 0x1ed6e7b4;
const TIMING_STREAM = 0x1ed6e7b3;
/** Request indices per minute the order id leaves room for (thousands of requests/s). */
const KEY_STRIDE = 1_000_000;
/** The order_vs_payment mismatch: a coupon the order applied and the payment did not. */
const UNHONOURED_COUPON = 100n;
/** The journal_vs_payment mismatch: the journal posted a stale price, 0.10 below the charge. */
const STALE_PRICE_GAP = 10n;

export function flowKey(minute: number, index: number): number {
  if (index >= KEY_STRIDE) throw new RangeError(`request index ${index} exceeds the ledger demo's id space`);
  return minute * KEY_STRIDE + index;
}

function pickCurrency(rng: Rng): CurrencyDef {
  let u = rng.float();
  for (const c of CURRENCIES) {
    u -= c.share;
    if (u < 0) return c;
  }
  return CURRENCIES[0]!;
}

/** The ledger flow of a checkout request that pays (`request.pays`). */
export function planFlow(seed: number, request: RequestPlan, breakEvery: number, transport: Transport): FlowPlan {
  const rng = new Rng(hash32(seed, request.minute, request.index, FLOW_STREAM));
  const brk = injectedBreak(seed, request.minute, request.index, breakEvery, transport);
  const currency = pickCurrency(rng);
  let orderAmount = 0n;
  for (let i = 0; i < request.items; i++) orderAmount += rng.pick(currency.prices);
  const channel = rng.pick(currency.channels);
  const userId = 10_000_000 + rng.int(USERS);
  const merchantId = 1000 + rng.int(MERCHANTS);
  const groupId = merchantId * 1000 + rng.int(GROUPS_PER_MERCHANT);
  // The break decides the shape it needs; otherwise the usual shares apply.
  const succeeded = brk ? brk.kind !== 'tcc_null_compensation' : !rng.chance(FAILED_SHARE);
  const refunded = brk ? brk.kind === 'missing_reversal' : succeeded && rng.chance(REFUND_SHARE);
  const paymentAmount = orderAmount + (brk?.flavour === 'order_vs_payment' ? UNHONOURED_COUPON : 0n);
  return {
    key: flowKey(request.minute, request.index),
    startUs: request.startUs,
    transport,
    region: request.region,
    currency,
    channel,
    userId,
    merchantId,
    groupId,
    orderAmount,
    paymentAmount,
    journalAmount: paymentAmount - (brk?.flavour === 'journal_vs_payment' ? STALE_PRICE_GAP : 0n),
    settlementAmount: paymentAmount - platformFee(paymentAmount),
    succeeded,
    refunded,
    ...(brk ? { brk } : {}),
    timingSeed: hash32(seed, request.minute, request.index, TIMING_STREAM),
  };
}
