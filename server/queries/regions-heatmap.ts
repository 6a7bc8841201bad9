import type { Store } from '../../clickhouse/client';
import type { BurnSlo } from '../regions/burn-slo';
import { buildGrid, type GridEntry, type HeatmapGrid } from '../regions/heatmap-grid';
import { cellStats, type HeatmapMetric } from '../regions/heatmap-metric';
import type { BadColumn } from '../slo/rollup-counts';
import type { TimeRange } from '../time-range';
import { bucketStarts, chooseBucketSeconds, coveredSeconds, rollupWindow, type RollupWindow } from './buckets';
import { IN_WINDOW, ROLLUP_TIERS, tierParams, windowParams } from './rollup';
import { nsToMs, num, queryRows, type QueryParams } from './run';

/** Time columns of the AZ heatmap: enough to see an 8-minute episode in a 6-hour range. */
const TIME_COLUMNS = 90;

/**
 * Requests (SERVER spans) and their p95 per group, plus the same requests restricted to each
 * service's SLO scope (its route, if the SLO has one) with every rollup bad column, so the
 * SLO burn of any SLI comes out of the same single read of the rollup.
 */
const CELL_COLUMNS = `
  sum(Calls) AS calls,
  sum(Errors) AS errors,
  quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(DurationQuantiles)[3] AS p95,
  sumIf(Calls, inScope) AS sloTotal,
  sumIf(Errors, inScope) AS slo_errors,
  sumIf(SlowOver100ms, inScope) AS slo_slow100,
  sumIf(SlowOver300ms, inScope) AS slo_slow300,
  sumIf(SlowOver1s, inScope) AS slo_slow1s`;

const IN_SCOPE = `(NOT has({routedServices:Array(String)}, ServiceName)
   OR has(arrayZip({routedServices:Array(String)}, {routes:Array(String)}), (ServiceName, Operation))) AS inScope`;

interface CellRow {
  calls: number | string;
  errors: number | string;
  p95: number | string | null;
  sloTotal: number | string;
  slo_errors: number | string;
  slo_slow100: number | string;
  slo_slow300: number | string;
  slo_slow1s: number | string;
}

const SLO_COLUMN: Readonly<Record<BadColumn, keyof CellRow>> = {
  errors: 'slo_errors',
  slow100: 'slo_slow100',
  slow300: 'slo_slow300',
  slow1s: 'slo_slow1s',
};

function scopeParams(slos: ReadonlyMap<string, BurnSlo>): QueryParams {
  const routed = [...slos.values()].filter((s): s is BurnSlo & { route: string } => s.route !== undefined);
  return { routedServices: routed.map((s) => s.service), routes: routed.map((s) => s.route) };
}

function statsOf(row: CellRow, slo: BurnSlo, seconds: number) {
  return cellStats(
    { calls: num(row.calls), errors: num(row.errors), p95Ms: nsToMs(row.p95), sloTotal: num(row.sloTotal), sloBad: num(row[SLO_COLUMN[slo.bad]]) },
    seconds,
    slo.objective,
  );
}

export interface RegionHeatmap extends HeatmapGrid<string> {
  window: { fromMs: number; toMs: number; seconds: number };
  /** The SLO each service's burn is measured against. */
  slos: BurnSlo[];
}

/** Services that served requests in the window (rows of the region heatmap). */
export async function servicesInWindow(store: Store, window: RollupWindow): Promise<string[]> {
  const rows = await queryRows<{ service: string }>(
    store,
    `SELECT DISTINCT ServiceName AS service FROM span_rollup_1m WHERE SpanKind = 'Server' AND ${IN_WINDOW}`,
    windowParams(window),
  );
  return rows.map((r) => r.service);
}

/**
 * Region × service: one cell per (service, region) that served requests, from the rollup.
 * `sloOf` gives each service's burn SLO; it is asked for every service seen.
 */
export async function regionHeatmap(
  store: Store,
  range: TimeRange,
  metric: HeatmapMetric,
  sloOf: (services: string[]) => Map<string, BurnSlo>,
  nowMs = Date.now(),
): Promise<RegionHeatmap> {
  const window = rollupWindow(range.from, range.to, nowMs);
  const slos = sloOf(await servicesInWindow(store, window));
  const rows = await queryRows<CellRow & { service: string; region: string }>(
    store,
    `SELECT ServiceName AS service, Region AS region, ${CELL_COLUMNS}
     FROM (SELECT *, ${IN_SCOPE} FROM ${ROLLUP_TIERS} WHERE SpanKind = 'Server')
     GROUP BY service, region`,
    { ...tierParams(window), ...scopeParams(slos) },
  );
  const entries: Array<GridEntry<string>> = [];
  for (const r of rows) {
    const slo = slos.get(r.service);
    // A service whose first request landed between the two queries has no SLO looked up yet.
    if (slo) entries.push({ row: r.service, column: r.region, stats: statsOf(r, slo, window.seconds) });
  }
  return {
    ...buildGrid(entries, metric),
    window: { fromMs: window.startMs, toMs: window.startMs + window.seconds * 1000, seconds: window.seconds },
    slos: [...slos.values()].sort((a, b) => a.service.localeCompare(b.service)),
  };
}

export interface AzTimeline extends HeatmapGrid<number> {
  service: string;
  /** Column width; columns are bucket starts, epoch ms. */
  bucketSeconds: number;
  window: { fromMs: number; toMs: number; seconds: number };
  /** Each AZ's region, for grouping and links. */
  regionOfAz: Record<string, string>;
  slo: BurnSlo;
}

/** AZ × time for one service: one cell per (AZ, bucket) with requests, every bucket a column. */
export async function azTimeline(
  store: Store,
  service: string,
  range: TimeRange,
  metric: HeatmapMetric,
  slo: BurnSlo,
  nowMs = Date.now(),
): Promise<AzTimeline> {
  const window = rollupWindow(range.from, range.to, nowMs);
  const bucketSeconds = chooseBucketSeconds(window, TIME_COLUMNS);
  const rows = await queryRows<CellRow & { region: string; az: string; t: number | string }>(
    store,
    `SELECT Region AS region, Az AS az, toUnixTimestamp(toStartOfInterval(Minute, toIntervalSecond({bucket:UInt32}))) AS t, ${CELL_COLUMNS}
     FROM (SELECT *, ${IN_SCOPE} FROM span_rollup_1m
           WHERE ServiceName = {service:String} AND SpanKind = 'Server' AND ${IN_WINDOW})
     GROUP BY region, az, t`,
    { ...windowParams(window), ...scopeParams(new Map([[service, slo]])), service, bucket: bucketSeconds },
  );
  const regionOfAz: Record<string, string> = {};
  const entries = rows.map((r) => {
    const t = num(r.t) * 1000;
    regionOfAz[r.az] = r.region;
    return { row: r.az, column: t, stats: statsOf(r, slo, Math.max(coveredSeconds(t, bucketSeconds, window), 1)) };
  });
  return {
    ...buildGrid(entries, metric, { columns: bucketStarts(window, bucketSeconds) }),
    service,
    bucketSeconds,
    window: { fromMs: window.startMs, toMs: window.startMs + window.seconds * 1000, seconds: window.seconds },
    regionOfAz,
    slo,
  };
}
