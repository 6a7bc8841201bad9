import { MISROUTE_SHARE, REGIONS, canaryOf, type RegionDef } from './platform';
import { KRONECKER, Rng, hash32, kronecker } from './random';
import { MINUTE_MS, flowMix, loadMultiplier, type FlowMix } from './scenario';

/**
 * The requests of one simulated minute, decided before any span exists. Cheap (a few draws per
 * request), so ground truth and partial-minute emission can recompute a whole minute at will.
 */

export type Flow = 'order' | 'group_list' | 'product_view';

export interface RequestPlan {
  /** Minute index: floor(epoch ms / 60 000). */
  minute: number;
  index: number;
  startUs: number;
  flow: Flow;
  /** The user's home unit (sent as x_unit_id). */
  homeUnit: string;
  /** The region that actually serves the request. */
  region: string;
  gatewayAz: string;
  misrouted: boolean;
  /** Order line items; order-svc reserves each one with its own ReserveStock call. */
  items: number;
  /**
   * Low-discrepancy value in [0, 1): the order's ReserveStock calls time out when it is below the
   * scenario's timeout ratio. One value per order (its items queue on the same stock-master
   * shard and stall together) and indexed by request, so the order canary and stable see the
   * same realised failure share, not merely the same probability.
   */
  reserveQ: number;
  /** Low-discrepancy quantile for the request's dominant latencies (same reason as reserveQ). */
  latencyQ: number;
  /** The user pays for the order (a share of orders is abandoned unpaid). */
  pays: boolean;
  orderCanary: boolean;
  payCanary: boolean;
  /** Seed of the request's own random stream (latencies, faults, AZ choices). */
  rngSeed: number;
  /** Seed of the request's trace/span id stream. */
  idSeed: number;
}

export const PAY_SHARE = 0.85;
const ITEM_WEIGHTS = [0.4, 0.35, 0.25]; // 1, 2 or 3 items: mean 1.85

export function requestCount(rate: number, minute: number): number {
  return Math.round(rate * loadMultiplier(minute * MINUTE_MS + MINUTE_MS / 2) * 60);
}

function pickWeighted(rng: Rng, weights: readonly number[]): number {
  return pickAt(rng.float(), weights);
}

function pickAt(u: number, weights: readonly number[]): number {
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] ?? 0;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

const userShares = REGIONS.map((r) => r.userShare);
const ORDER_CANARY_SHARE = canaryOf('order-svc')?.share ?? 0;
const PAY_CANARY_SHARE = canaryOf('payment-svc')?.share ?? 0;

function otherRegion(rng: Rng, home: RegionDef): RegionDef {
  const others = REGIONS.filter((r) => r !== home);
  return rng.pick(others);
}

/**
 * Random access to one minute's requests: request i depends only on (seed, minute, i), so a time
 * slice can be planned without materialising the minute (memory stays flat at any rate).
 */
export class MinutePlanner {
  readonly n: number;
  /** Requests in the hour before this minute. */
  private base = 0;
  private readonly startMs: number;
  private readonly mix: FlowMix;
  private readonly rng = new Rng(1);
  private readonly offsets: {
    flow: number;
    reserve: number;
    orderCanary: number;
    payCanary: number;
    latency: number;
  };

  constructor(
    readonly seed: number,
    rate: number,
    readonly minute: number,
  ) {
    this.n = requestCount(rate, minute);
    this.startMs = minute * MINUTE_MS;
    this.mix = flowMix(this.startMs);
    // The low-discrepancy sequences run on through the hour (index = requests since the hour
    // began), so their small per-window errors do not restart, and add up, every minute.
    const hour = Math.floor(minute / 60);
    for (let m = hour * 60; m < minute; m++) this.base += requestCount(rate, m);
    const off = (k: number): number => hash32(seed, hour, k) / 4294967296;
    this.offsets = {
      flow: off(101),
      reserve: off(102),
      orderCanary: off(103),
      payCanary: off(104),
      latency: off(105),
    };
  }

  /** Stratified arrivals: one request per 60/n-second slot keeps every 10-second window full. */
  private startUsOf(i: number): number {
    this.rng.reseed(hash32(this.seed, this.minute, i, 0));
    return this.startMs * 1000 + Math.floor(((i + this.rng.float()) * 60e6) / this.n);
  }

  /** Index of the first request starting at or after `us` (n when none does). */
  firstAtOrAfter(us: number): number {
    // Request i starts inside slot i, so the slot arithmetic lands at most one off.
    let i = Math.max(0, Math.floor(((us - this.startMs * 1000) * this.n) / 60e6) - 1);
    while (i < this.n && this.startUsOf(i) < us) i++;
    return i;
  }

  plan(i: number): RequestPlan {
    const { seed, minute, offsets, mix, rng } = this;
    const startUs = this.startUsOf(i); // also positions rng on request i's stream
    const g = this.base + i;
    const qFlow = kronecker(offsets.flow, KRONECKER.flow, g);
    const flow: Flow = qFlow < mix.order ? 'order' : qFlow < mix.order + mix.groupList ? 'group_list' : 'product_view';
    const home = REGIONS[pickWeighted(rng, userShares)] ?? REGIONS[0]!;
    const misrouted = rng.chance(MISROUTE_SHARE);
    const served = misrouted ? otherRegion(rng, home) : home;
    const gatewayAz = rng.pick(served.azs);
    // Rescaled, qFlow is still low-discrepancy across consecutive orders: reusing it for the item
    // count keeps ReserveStock calls per 10 s window within a couple of their mean.
    const items = flow === 'order' ? 1 + pickAt(qFlow / mix.order, ITEM_WEIGHTS) : 0;
    const pays = flow === 'order' && rng.chance(PAY_SHARE);
    return {
      minute,
      index: i,
      startUs,
      flow,
      homeUnit: home.unit,
      region: served.region,
      gatewayAz,
      misrouted,
      items,
      reserveQ: kronecker(offsets.reserve, KRONECKER.reserve, g),
      pays,
      latencyQ: kronecker(offsets.latency, KRONECKER.latency, g),
      orderCanary: kronecker(offsets.orderCanary, KRONECKER.orderCanary, g) < ORDER_CANARY_SHARE,
      payCanary: kronecker(offsets.payCanary, KRONECKER.payCanary, g) < PAY_CANARY_SHARE,
      rngSeed: hash32(seed, minute, i, 1),
      idSeed: hash32(seed, minute, i, 2),
    };
  }
}

/** All requests of a minute, in start order. */
export function planMinute(seed: number, rate: number, minute: number): RequestPlan[] {
  const planner = new MinutePlanner(seed, rate, minute);
  return Array.from({ length: planner.n }, (_, i) => planner.plan(i));
}
