import type { Store } from '../../clickhouse/client';
import type { TimeRange } from '../time-range';
import { bucketStarts, chooseBucketSeconds, coveredSeconds, rollupWindow } from './buckets';
import { IN_WINDOW, windowParams } from './rollup';
import { num, queryRows } from './run';

export interface TableStorage {
  table: string;
  rows: number;
  bytesOnDisk: number;
  uncompressedBytes: number;
  parts: number;
}

/** Rows and bytes per table of Sightline's database, from the active parts. */
export async function storageStats(store: Store): Promise<TableStorage[]> {
  const rows = await queryRows<{ table: string; rows: number | string; bytes: number | string; raw: number | string; parts: number | string }>(
    store,
    `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes, sum(data_uncompressed_bytes) AS raw, count() AS parts
     FROM system.parts
     WHERE active AND database = currentDatabase()
     GROUP BY table
     ORDER BY sum(bytes_on_disk) DESC, table`,
  );
  return rows.map((r) => ({ table: r.table, rows: num(r.rows), bytesOnDisk: num(r.bytes), uncompressedBytes: num(r.raw), parts: num(r.parts) }));
}

export interface WebVital {
  page: string;
  /** lcp, fcp, cls, inp, ttfb as the Faro SDK names them. */
  metric: string;
  p75: number;
  samples: number;
}

/**
 * Faro reports full URLs; pages are grouped by route (path only, ids folded into the route's
 * parameter) so every trace viewed does not become a page of its own.
 */
const PAGE_ROUTE = `multiIf(
    match(path_, '^/traces/[^/]+$'), '/traces/[traceId]',
    match(path_, '^/services/[^/]+$'), '/services/[service]',
    path_)`;

/** p75 of each web vital per page: the percentile Google's Core Web Vitals are judged at. */
export async function webVitals(store: Store, range: TimeRange): Promise<WebVital[]> {
  const rows = await queryRows<{ page: string; metric: string; p75: number; samples: number | string }>(
    store,
    `WITH if(Page LIKE '%://%', path(Page), Page) AS path_
     SELECT ${PAGE_ROUTE} AS page, Name AS metric, quantileExact(0.75)(Value) AS p75, count() AS samples
     FROM rum_events
     WHERE Kind = 'web-vitals'
       AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})
     GROUP BY page, metric
     ORDER BY page, metric`,
    { from: range.from, to: range.to },
  );
  return rows.map((r) => ({ page: r.page, metric: r.metric, p75: num(r.p75), samples: num(r.samples) }));
}

export interface SpanRatePoint {
  t: number;
  spansPerSecond: number;
}

/**
 * Stored spans per second (all kinds, all services) by span time, from the rollup: what ingest
 * has made queryable, independent of which process received it.
 */
export async function storedSpanRate(store: Store, range: TimeRange, nowMs = Date.now()): Promise<{ bucketSeconds: number; points: SpanRatePoint[] }> {
  const window = rollupWindow(range.from, range.to, nowMs);
  const bucketSeconds = chooseBucketSeconds(window, 120);
  const rows = await queryRows<{ t: number | string; calls: number | string }>(
    store,
    `SELECT toUnixTimestamp(toStartOfInterval(Minute, toIntervalSecond({bucket:UInt32}))) AS t, sum(Calls) AS calls
     FROM span_rollup_1m WHERE ${IN_WINDOW} GROUP BY t`,
    { ...windowParams(window), bucket: bucketSeconds },
  );
  const byStart = new Map(rows.map((r) => [num(r.t) * 1000, num(r.calls)]));
  const points = bucketStarts(window, bucketSeconds).map((t) => {
    const seconds = coveredSeconds(t, bucketSeconds, window);
    return { t, spansPerSecond: seconds > 0 ? (byStart.get(t) ?? 0) / seconds : 0 };
  });
  return { bucketSeconds, points };
}
