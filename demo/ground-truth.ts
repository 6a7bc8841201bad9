import { DEFAULT_RATE, DEFAULT_SEED } from './defaults';
import { MinutePlanner } from './plan';
import {
  AFFINITY_IGNORED,
  CANARIES,
  OBSERVABILITY_DEBT,
  STABLE_VERSION,
  type ServiceName,
} from './platform';
import { FLASH_SALE, HOUR_MS, INVENTORY_EPISODE, MINUTE_MS } from './scenario';

/**
 * What the demo injected, as pure functions of the time range (and, for per-request facts, of
 * seed and rate). Tests and benchmarks use it to measure Sightline's recall and precision.
 */

export interface FlashSaleWindow {
  startMs: number;
  endMs: number;
  multiplier: number;
}

export interface InventoryEpisode {
  startMs: number;
  endMs: number;
  /** Timeout ratio is at its peak between these two. */
  plateauStartMs: number;
  plateauEndMs: number;
  service: 'inventory-svc';
  region: string;
  az: string;
  edge: { caller: ServiceName; callee: ServiceName; rpcMethod: string };
  peakTimeoutRatio: number;
  /** A Hystrix breaker (10 s, ≥ 20 calls, ≥ 50 %, 5 s sleep) on the edge opens in the plateau and is CLOSED again after endMs. */
  breaker: { preset: 'hystrix'; opens: true; opensAfterMs: number; closedByMs: number };
}

export interface CanaryTruth {
  service: ServiceName;
  baselineVersion: string;
  canaryVersion: string;
  trafficShare: number;
  expected: 'promote' | 'rollback';
  /** An error.type only the canary produces. */
  novelErrorType?: string;
}

export interface ObservabilityGap {
  service: ServiceName;
  gap: 'missing_operation' | 'missing_version' | 'orphan_spans' | 'bare_errors';
  share: number;
}

export interface MinuteMisroutes {
  minuteMs: number;
  requests: number;
  misrouted: number;
}

export interface ScenarioPhases {
  flashSales: FlashSaleWindow[];
  inventoryEpisodes: InventoryEpisode[];
  canaries: CanaryTruth[];
  /** The AZ that should rank worst on error rate / p95 while an episode runs. */
  expectedWorstAz: { az: string; region: string; service: ServiceName } | null;
  /** The caller service with the highest cross-AZ call share. */
  highestCrossAzCaller: ServiceName;
  observabilityGaps: ObservabilityGap[];
  /** Requests served outside their home unit's region, per minute of the range. */
  misroutes: MinuteMisroutes[];
}

export interface GroundTruthOptions {
  seed?: number;
  rate?: number;
}

/** Hours whose scenario overlaps [fromMs, toMs). */
function hoursOf(fromMs: number, toMs: number): number[] {
  const hours: number[] = [];
  for (let h = Math.floor(fromMs / HOUR_MS) * HOUR_MS; h < toMs; h += HOUR_MS) hours.push(h);
  return hours;
}

const overlaps = (a0: number, a1: number, b0: number, b1: number): boolean => a0 < b1 && b0 < a1;

export function flashSaleWindows(fromMs: number, toMs: number): FlashSaleWindow[] {
  return hoursOf(fromMs, toMs)
    .map((h) => ({
      startMs: h + FLASH_SALE.startMinute * MINUTE_MS,
      endMs: h + FLASH_SALE.endMinute * MINUTE_MS,
      multiplier: FLASH_SALE.multiplier,
    }))
    .filter((w) => overlaps(w.startMs, w.endMs, fromMs, toMs));
}

export function inventoryEpisodes(fromMs: number, toMs: number): InventoryEpisode[] {
  return hoursOf(fromMs, toMs)
    .map((h): InventoryEpisode => {
      const startMs = h + INVENTORY_EPISODE.startMinute * MINUTE_MS;
      const endMs = h + INVENTORY_EPISODE.endMinute * MINUTE_MS;
      return {
        startMs,
        endMs,
        plateauStartMs: startMs + INVENTORY_EPISODE.rampMs,
        plateauEndMs: endMs - INVENTORY_EPISODE.rampMs,
        service: INVENTORY_EPISODE.service,
        region: INVENTORY_EPISODE.region,
        az: INVENTORY_EPISODE.az,
        edge: { caller: INVENTORY_EPISODE.caller, callee: INVENTORY_EPISODE.service, rpcMethod: INVENTORY_EPISODE.method },
        peakTimeoutRatio: INVENTORY_EPISODE.peakTimeoutRatio,
        // Timeouts reach 50 % half-way up the ramp; one full 10 s window later the breaker can trip.
        breaker: { preset: 'hystrix', opens: true, opensAfterMs: startMs, closedByMs: endMs + MINUTE_MS },
      };
    })
    .filter((e) => overlaps(e.startMs, e.endMs, fromMs, toMs));
}

export function canaryTruth(): CanaryTruth[] {
  return CANARIES.map((c) => ({
    service: c.service,
    baselineVersion: STABLE_VERSION[c.service],
    canaryVersion: c.version,
    trafficShare: c.share,
    expected: c.expected,
    ...(c.service === 'payment-svc' ? { novelErrorType: 'redis_timeout' } : {}),
  }));
}

export function observabilityGaps(): ObservabilityGap[] {
  const gaps: ObservabilityGap[] = [];
  for (const s of OBSERVABILITY_DEBT.omitsOperation) gaps.push({ service: s, gap: 'missing_operation', share: 1 });
  for (const s of OBSERVABILITY_DEBT.omitsVersion) gaps.push({ service: s, gap: 'missing_version', share: 1 });
  for (const [s, share] of Object.entries(OBSERVABILITY_DEBT.orphanShare)) gaps.push({ service: s as ServiceName, gap: 'orphan_spans', share });
  for (const [s, share] of Object.entries(OBSERVABILITY_DEBT.bareErrorShare)) gaps.push({ service: s as ServiceName, gap: 'bare_errors', share });
  return gaps;
}

export function misroutesPerMinute(fromMs: number, toMs: number, opts: GroundTruthOptions = {}): MinuteMisroutes[] {
  const seed = opts.seed ?? DEFAULT_SEED;
  const rate = opts.rate ?? DEFAULT_RATE;
  const out: MinuteMisroutes[] = [];
  for (let minute = Math.floor(fromMs / MINUTE_MS); minute * MINUTE_MS < toMs; minute++) {
    let requests = 0;
    let misrouted = 0;
    const planner = new MinutePlanner(seed, rate, minute);
    for (let i = planner.firstAtOrAfter(fromMs * 1000); i < planner.n; i++) {
      const p = planner.plan(i);
      if (p.startUs >= toMs * 1000) break;
      requests++;
      if (p.misrouted) misrouted++;
    }
    out.push({ minuteMs: minute * MINUTE_MS, requests, misrouted });
  }
  return out;
}

export function scenarioPhases(fromMs: number, toMs: number, opts: GroundTruthOptions = {}): ScenarioPhases {
  const episodes = inventoryEpisodes(fromMs, toMs);
  const [ignoring] = [...AFFINITY_IGNORED];
  if (!ignoring) throw new Error('the platform has no affinity-ignoring caller');
  return {
    flashSales: flashSaleWindows(fromMs, toMs),
    inventoryEpisodes: episodes,
    canaries: canaryTruth(),
    expectedWorstAz: episodes.length > 0 ? { az: INVENTORY_EPISODE.az, region: INVENTORY_EPISODE.region, service: INVENTORY_EPISODE.service } : null,
    highestCrossAzCaller: ignoring,
    observabilityGaps: observabilityGaps(),
    misroutes: misroutesPerMinute(fromMs, toMs, opts),
  };
}
