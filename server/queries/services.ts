import type { Store } from '../../clickhouse/client';
import type { TimeRange } from '../time-range';
import { bucketStarts, chooseBucketSeconds, coveredSeconds, rollupWindow, type RollupWindow } from './buckets';
import { IN_WINDOW, ROLLUP_TIERS, STATS_COLUMNS, EMPTY_STATS, tierParams, toCallStats, windowParams, type CallStats, type StatsRow } from './rollup';
import { num, queryRows } from './run';

const SPARK_POINTS = 40;
const SERIES_POINTS = 120;

export interface ServiceSummary extends CallStats {
  service: string;
  /** Requests per second in each bucket across the range, oldest first. */
  spark: number[];
}

/**
 * Every service with SERVER spans in the range, busiest first; read from the rollup only: totals
 * and quantiles over the hour tier, the sparkline's per-bucket counts (sums, no digests) from
 * the minutes.
 */
export async function listServices(store: Store, range: TimeRange, nowMs = Date.now()): Promise<ServiceSummary[]> {
  const window = rollupWindow(range.from, range.to, nowMs);
  const bucketSeconds = chooseBucketSeconds(window, SPARK_POINTS);
  const [totals, buckets] = await Promise.all([
    queryRows<StatsRow & { service: string }>(
      store,
      `SELECT ServiceName AS service, ${STATS_COLUMNS}
       FROM ${ROLLUP_TIERS}
       WHERE SpanKind = 'Server'
       GROUP BY service`,
      tierParams(window),
    ),
    queryRows<{ service: string; t: number | string; calls: number | string }>(
      store,
      `SELECT ServiceName AS service, toUnixTimestamp(toStartOfInterval(Minute, toIntervalSecond({bucket:UInt32}))) AS t, sum(Calls) AS calls
       FROM span_rollup_1m
       WHERE SpanKind = 'Server' AND ${IN_WINDOW}
       GROUP BY service, t`,
      { ...windowParams(window), bucket: bucketSeconds },
    ),
  ]);
  const starts = bucketStarts(window, bucketSeconds);
  const callsByService = new Map<string, Map<number, number>>();
  for (const b of buckets) {
    const perBucket = callsByService.get(b.service) ?? new Map<number, number>();
    perBucket.set(num(b.t) * 1000, num(b.calls));
    callsByService.set(b.service, perBucket);
  }
  return totals
    .map((row) => {
      const perBucket = callsByService.get(row.service);
      const spark = starts.map((t) => {
        const seconds = coveredSeconds(t, bucketSeconds, window);
        return seconds > 0 ? (perBucket?.get(t) ?? 0) / seconds : 0;
      });
      return { service: row.service, ...toCallStats(row, window.seconds), spark };
    })
    .sort((a, b) => b.calls - a.calls || a.service.localeCompare(b.service));
}

export interface SeriesPoint {
  /** Bucket start, epoch ms. */
  t: number;
  calls: number;
  errors: number;
  rps: number;
  /** null when the bucket had no calls, so charts show a gap rather than a false 0%. */
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** Optional region filter (/regions links here): requests served there, calls made from there. */
const IN_REGION = "({region:String} = '' OR Region = {region:String})";

export interface ServiceDetail {
  service: string;
  /** What the rollup could answer: whole minutes, rates over the covered seconds. */
  window: { fromMs: number; toMs: number; seconds: number };
  bucketSeconds: number;
  totals: CallStats;
  series: SeriesPoint[];
  operations: Array<CallStats & { operation: string }>;
  /** Callees, from this service's CLIENT spans carrying `peer.service`. */
  dependencies: Array<CallStats & { peerService: string }>;
  /** Callers, from other services' CLIENT spans naming this service as `peer.service`. */
  callers: Array<CallStats & { service: string }>;
  regions: Array<CallStats & { region: string; az: string }>;
  versions: Array<CallStats & { version: string; role: string; firstSeenMs: number; lastSeenMs: number }>;
}

function seriesFrom(
  rows: Array<StatsRow & { t: number | string }>,
  window: RollupWindow,
  bucketSeconds: number,
): SeriesPoint[] {
  const byStart = new Map(rows.map((r) => [num(r.t) * 1000, r]));
  return bucketStarts(window, bucketSeconds).map((t) => {
    const row = byStart.get(t);
    const seconds = coveredSeconds(t, bucketSeconds, window);
    if (!row) return { t, calls: 0, errors: 0, rps: 0, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null };
    const stats = toCallStats(row, Math.max(seconds, 1));
    return { ...stats, t, errorRate: stats.calls > 0 ? stats.errorRate : null };
  });
}

interface ServerPartRow extends StatsRow {
  part: 'total' | 'operation' | 'region' | 'version';
  operation: string;
  region: string;
  az: string;
  version: string;
  role: string;
}

/**
 * One service over the range: its time series and breakdowns, all from the rollup. The
 * breakdowns (grouping sets) and CLIENT edges read the hour tier; the series and each version's
 * first and last minute need minute rows, so they are queries of their own.
 */
export async function getService(
  store: Store,
  service: string,
  range: TimeRange & { region?: string },
  nowMs = Date.now(),
): Promise<ServiceDetail> {
  const window = rollupWindow(range.from, range.to, nowMs);
  const bucketSeconds = chooseBucketSeconds(window, SERIES_POINTS);
  const params = { ...tierParams(window), service, bucket: bucketSeconds, region: range.region ?? '' };
  // A series bucket of whole hours holds whole hour rows, so long ranges can read the hour tier.
  const seriesSource = bucketSeconds % 3600 === 0 ? ROLLUP_TIERS : `(SELECT * FROM span_rollup_1m WHERE ${IN_WINDOW})`;
  const [server, series, seen, edges] = await Promise.all([
    queryRows<ServerPartRow>(
      store,
      `SELECT multiIf(grouping(operation) = 0, 'operation', grouping(region) = 0, 'region', grouping(version) = 0, 'version', 'total') AS part,
              Operation AS operation, Region AS region, Az AS az, Version AS version, Role AS role,
              ${STATS_COLUMNS}
       FROM ${ROLLUP_TIERS}
       WHERE ServiceName = {service:String} AND SpanKind = 'Server' AND ${IN_REGION}
       GROUP BY GROUPING SETS ((), (operation), (region, az), (version, role))`,
      params,
    ),
    queryRows<StatsRow & { t: number | string }>(
      store,
      `SELECT toUnixTimestamp(toStartOfInterval(Minute, toIntervalSecond({bucket:UInt32}))) AS t, ${STATS_COLUMNS}
       FROM ${seriesSource}
       WHERE ServiceName = {service:String} AND SpanKind = 'Server' AND ${IN_REGION}
       GROUP BY t`,
      params,
    ),
    // First and last minute of each version: minute precision, and no digests to merge.
    queryRows<{ version: string; role: string; firstSeen: number | string; lastSeen: number | string }>(
      store,
      `SELECT Version AS version, Role AS role, toUnixTimestamp(min(Minute)) AS firstSeen, toUnixTimestamp(max(Minute)) AS lastSeen
       FROM span_rollup_1m
       WHERE ServiceName = {service:String} AND SpanKind = 'Server' AND ${IN_WINDOW} AND ${IN_REGION}
       GROUP BY version, role`,
      params,
    ),
    queryRows<StatsRow & { caller: string; callee: string }>(
      store,
      `SELECT ServiceName AS caller, PeerService AS callee, ${STATS_COLUMNS}
       FROM ${ROLLUP_TIERS}
       WHERE SpanKind = 'Client'
         AND ((ServiceName = {service:String} AND PeerService != '') OR PeerService = {service:String}) AND ${IN_REGION}
       GROUP BY caller, callee`,
      params,
    ),
  ]);
  const s = window.seconds;
  const part = (p: ServerPartRow['part']) => server.filter((r) => r.part === p);
  const byCalls = <R extends CallStats>(key: (r: R) => string) => (a: R, b: R) => b.calls - a.calls || key(a).localeCompare(key(b));
  const total = part('total')[0];
  return {
    service,
    window: { fromMs: window.startMs, toMs: window.startMs + s * 1000, seconds: s },
    bucketSeconds,
    totals: total && num(total.calls) > 0 ? toCallStats(total, s) : EMPTY_STATS,
    series: seriesFrom(series, window, bucketSeconds),
    operations: part('operation')
      .map((r) => ({ operation: r.operation, ...toCallStats(r, s) }))
      .sort(byCalls((r) => r.operation)),
    dependencies: edges
      .filter((r) => r.caller === service && r.callee !== '')
      .map((r) => ({ peerService: r.callee, ...toCallStats(r, s) }))
      .sort(byCalls((r) => r.peerService)),
    callers: edges
      .filter((r) => r.callee === service)
      .map((r) => ({ service: r.caller, ...toCallStats(r, s) }))
      .sort(byCalls((r) => r.service)),
    regions: part('region')
      .map((r) => ({ region: r.region, az: r.az, ...toCallStats(r, s) }))
      .sort((a, b) => a.region.localeCompare(b.region) || a.az.localeCompare(b.az)),
    versions: part('version')
      .map((r) => {
        const minutes = seen.find((v) => v.version === r.version && v.role === r.role);
        return {
          version: r.version,
          role: r.role,
          ...toCallStats(r, s),
          firstSeenMs: num(minutes?.firstSeen) * 1000,
          // The last minute seen ends a minute after it starts.
          lastSeenMs: num(minutes?.lastSeen) * 1000 + 60_000,
        };
      })
      .sort((a, b) => a.firstSeenMs - b.firstSeenMs || a.version.localeCompare(b.version) || a.role.localeCompare(b.role)),
  };
}
