import type { Store } from '../../clickhouse/client';
import type { DebtSettings, Dimension } from './debt-config-schema';
import { rankServices, scoreService, type DimensionMeasures, type ScoredService } from './debt-index';
import { measureServices } from './debt-measures';
import { num, queryRows } from '../queries/run';

export interface ServiceScore extends ScoredService {
  rank: number;
  effectiveWeights: Record<Dimension, number>;
  measures: DimensionMeasures;
}

/** Scores as of the same minute are shared: a page asks for them in several procedures at once. */
const MINUTE_MS = 60_000;
const MAX_CACHED = 64;
const g = globalThis as unknown as { __sightlineDebtScores?: WeakMap<DebtSettings, Map<string, Promise<ServiceScore[]>>> };
const cache = (g.__sightlineDebtScores ??= new WeakMap());

async function compute(store: Store, settings: DebtSettings, asOf: number): Promise<ServiceScore[]> {
  const measured = await measureServices(store, settings, asOf);
  const scored = measured.map((m) => ({ ...scoreService(m.service, m.measures, m.trafficShare, settings), measures: m.measures }));
  return rankServices(scored).map((s, i) => ({ ...s, rank: i + 1 }));
}

/**
 * Every service's index as of `asOf`, ranked by interest (index × traffic share). Within the
 * last minute `asOf` counts to the minute (the traces behind observability span 24 hours, so a
 * minute changes little) and to the latest report received, letting concurrent and refreshing
 * views share one computation.
 */
export async function scoresAsOf(store: Store, settings: DebtSettings, asOf: number, nowMs = Date.now()): Promise<ServiceScore[]> {
  if (nowMs - asOf > MINUTE_MS) return compute(store, settings, asOf);
  const byKey = cache.get(settings) ?? new Map<string, Promise<ServiceScore[]>>();
  cache.set(settings, byKey);
  // A report that arrived since is not to be hidden behind the cache.
  const [reports] = await queryRows<{ n: number | string; last: number | string | null }>(
    store,
    'SELECT count() AS n, toUnixTimestamp64Milli(max(ReceivedAt)) AS last FROM debt_reports',
  );
  const key = `${Math.floor(asOf / MINUTE_MS)}|${num(reports?.n)}|${num(reports?.last)}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const work = compute(store, settings, asOf);
  byKey.set(key, work);
  // A failed computation is not remembered; old minutes fall out.
  work.catch(() => byKey.delete(key));
  if (byKey.size > MAX_CACHED) byKey.delete(byKey.keys().next().value!);
  return work;
}
