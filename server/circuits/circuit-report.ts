import type { Store } from '../../clickhouse/client';
import { replayBreaker } from './breaker-replay';
import type { BreakerSettings } from './breaker-settings';
import { settingsFor, type CircuitsConfig } from './circuits-config';
import { readEdgeCalls, type EdgeKey } from './edge-calls-query';
import { chooseBucketSeconds, edgeSeries, type SeriesPoint } from './edge-series';
import { summarizeEdge, upTo, type EdgeSummary, type Range } from './edge-summary';

const MINUTE_MS = 60_000;
/** Replay starts this long before the range so the state at its start is not a cold CLOSED. */
const WARM_UP_MS = 5 * MINUTE_MS;
/** The risk score compares the last minute with the hour before it. */
const RISK_LOOKBACK_MS = 61 * MINUTE_MS;

function fetchFrom(range: Range): number {
  return Math.min(range.fromMs - WARM_UP_MS, range.toMs - RISK_LOOKBACK_MS);
}

/** Worst first: error rate, then volume (the Hystrix dashboard's order). */
function byErrorThenVolume(a: EdgeSummary, b: EdgeSummary): number {
  return b.errorRate - a.errorRate || b.rps - a.rps || a.caller.localeCompare(b.caller) || a.callee.localeCompare(b.callee);
}

export async function listCircuits(store: Store, config: CircuitsConfig, range: Range): Promise<EdgeSummary[]> {
  const edges = await readEdgeCalls(store, fetchFrom(range), range.toMs);
  return edges
    .map((e) => summarizeEdge(e.caller, e.callee, e.calls, settingsFor(config, e), range))
    .filter((s) => s.counts.executed + s.counts.shortCircuited > 0 || s.transitions.length > 0)
    .sort(byErrorThenVolume);
}

export interface CircuitDetail extends EdgeSummary {
  settings: BreakerSettings;
  bucketSeconds: number;
  series: SeriesPoint[];
}

/** One edge with its time series and full transition history; undefined when it had no calls. */
export async function getCircuit(store: Store, config: CircuitsConfig, edge: EdgeKey, range: Range): Promise<CircuitDetail | undefined> {
  const [found] = await readEdgeCalls(store, fetchFrom(range), range.toMs, edge);
  if (!found) return undefined;
  const settings = settingsFor(config, edge);
  const replay = replayBreaker(upTo(found.calls, range), settings);
  const summary = summarizeEdge(edge.caller, edge.callee, found.calls, settings, range, replay);
  const bucketSeconds = chooseBucketSeconds(range);
  return { ...summary, settings, bucketSeconds, series: edgeSeries(found.calls, replay.rejectedAtMs, settings, range, bucketSeconds) };
}
