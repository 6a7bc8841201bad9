import type { Store } from '../../clickhouse/client';
import { bucketStarts, chooseBucketSeconds, rollupWindow, type RollupWindow } from '../queries/buckets';
import type { TimeRange } from '../time-range';
import {
  errorRateSeries,
  evaluateWindow,
  latencyHistogram,
  verdictHistory,
  type CanaryData,
  type ErrorRatePoint,
  type HistoryPoint,
  type LatencyHistogram,
} from './canary-evaluation';
import { errorSignatureRows, latencySample, sideStats, versionTraffic } from './canary-queries';
import type { CanarySettings } from './canary-settings';
import type { VerdictResult } from './canary-verdict';
import type { CanaryMetric } from './compare-metrics';
import { detectCanaries, type CanaryPair } from './detect-canary';
import type { SignatureCount } from './error-signature';

const SERIES_POINTS = 60;
const HISTORY_POINTS = 12;

export interface CanarySummary extends CanaryPair, VerdictResult {
  metrics: CanaryMetric[];
  requests: { canary: number; baseline: number };
  novelSignatures: SignatureCount[];
  /** The whole minutes compared. */
  window: { fromMs: number; toMs: number };
}

export interface CanaryDetail extends CanarySummary {
  bucketSeconds: number;
  errorRates: ErrorRatePoint[];
  latency: LatencyHistogram | null;
  history: HistoryPoint[];
  /** The thresholds the verdict applied, for the page to show. */
  settings: CanarySettings;
}

/** Reads the pairs' data, every read covering all pairs at once, and returns where to look up each pair's share. */
async function readCanaries(
  store: Store,
  pairs: readonly CanaryPair[],
  window: RollupWindow,
  bucketSeconds: number,
  settings: CanarySettings,
): Promise<(pair: CanaryPair) => CanaryData> {
  const buckets = await sideStats(store, pairs, window, bucketSeconds);
  // A pair with no minute and region both sides served has nothing to sample or compare.
  const compared = pairs.filter((p) => (buckets.get(p.service) ?? []).length > 0);
  const samples = await latencySample(store, compared, window, settings.sampleSize);
  const signatures = await errorSignatureRows(store, compared, window, bucketSeconds);
  return (pair) => ({ buckets: buckets.get(pair.service) ?? [], sample: samples.get(pair.service) ?? [], signatures: signatures.get(pair.service) ?? [] });
}

function summarise(pair: CanaryPair, data: CanaryData, window: RollupWindow, settings: CanarySettings): CanarySummary {
  const e = evaluateWindow(data, settings);
  return {
    ...pair,
    verdict: e.verdict,
    score: e.score,
    reason: e.reason,
    metrics: e.metrics,
    requests: e.requests,
    novelSignatures: e.novelty.novelSignatures.slice(0, 10),
    window: { fromMs: window.startMs, toMs: window.endMs },
  };
}

const ORDER: Record<VerdictResult['verdict'], number> = { rollback: 0, hold: 1, inconclusive: 2, promote: 3 };

/** Every service in canary in the range, with its verdict; the ones needing action first. */
export async function listCanaries(store: Store, settings: CanarySettings, range: TimeRange, nowMs = Date.now()): Promise<CanarySummary[]> {
  const window = rollupWindow(range.from, range.to, nowMs);
  const bucketSeconds = chooseBucketSeconds(window, SERIES_POINTS);
  const pairs = detectCanaries(await versionTraffic(store, window));
  const dataOf = await readCanaries(store, pairs, window, bucketSeconds, settings);
  return pairs
    .map((pair) => summarise(pair, dataOf(pair), window, settings))
    .sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || a.service.localeCompare(b.service));
}

/** Checkpoints for the verdict history: bucket ends, thinned to at most HISTORY_POINTS, always the window's end. */
function checkpoints(starts: readonly number[], bucketSeconds: number, window: RollupWindow): number[] {
  const ends = starts.map((s) => Math.min(s + bucketSeconds * 1000, window.endMs));
  const every = Math.ceil(ends.length / HISTORY_POINTS);
  return ends.filter((_, i) => (ends.length - 1 - i) % every === 0);
}

/** One service's canary comparison with its series, latency distributions and verdict history; null when it is not in canary. */
export async function getCanary(store: Store, settings: CanarySettings, service: string, range: TimeRange, nowMs = Date.now()): Promise<CanaryDetail | null> {
  const window = rollupWindow(range.from, range.to, nowMs);
  const bucketSeconds = chooseBucketSeconds(window, SERIES_POINTS);
  const pair = detectCanaries(await versionTraffic(store, window, service)).find((p) => p.service === service);
  if (!pair) return null;
  const data = (await readCanaries(store, [pair], window, bucketSeconds, settings))(pair);
  const starts = bucketStarts(window, bucketSeconds);
  return {
    ...summarise(pair, data, window, settings),
    bucketSeconds,
    errorRates: errorRateSeries(data.buckets, starts),
    latency: latencyHistogram(data.sample),
    history: verdictHistory(data, checkpoints(starts, bucketSeconds, window), settings),
    settings,
  };
}
