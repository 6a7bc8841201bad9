import type { Store } from '../../clickhouse/client';
import type { RollupWindow } from '../queries/buckets';
import { IN_WINDOW, STATS_COLUMNS, windowParams, type StatsRow } from '../queries/rollup';
import { num, queryRows, type QueryParams } from '../queries/run';
import type { CanaryPair, VersionTraffic } from './detect-canary';
import type { ErrorFields } from './error-signature';

/**
 * Every query here reads all pairs at once: the pairs go in as parallel arrays and a row's pair is
 * the position of its service among them (one pair per service), so the common cells are
 * computed once instead of once per pair.
 */
const PAIR = 'indexOf({services:Array(String)}, ServiceName)';

/** Which side a rollup row belongs to: its pair's canary version (and mark), its baseline's unmarked version, or neither. */
const ROLLUP_SIDE = `multiIf(
  Version = {canaryVersions:Array(String)}[${PAIR}] AND (Role = 'canary') = {canaryMarks:Array(UInt8)}[${PAIR}], 'canary',
  Version = {baselineVersions:Array(String)}[${PAIR}] AND Role != 'canary', 'baseline',
  '')`;
const SPAN_SIDE = `multiIf(
  ResourceAttributes['service.version'] = {canaryVersions:Array(String)}[${PAIR}]
    AND (ResourceAttributes['deployment.role'] = 'canary') = {canaryMarks:Array(UInt8)}[${PAIR}], 'canary',
  ResourceAttributes['service.version'] = {baselineVersions:Array(String)}[${PAIR}] AND ResourceAttributes['deployment.role'] != 'canary', 'baseline',
  '')`;

/**
 * The minutes and regions both versions of a pair served in: the comparison is over the same
 * time and places only, so a canary running in one region is not judged against another
 * region's load.
 */
const COMMON_CELLS = `common AS (
  SELECT ServiceName, Minute, Region FROM span_rollup_1m
  WHERE ServiceName IN {services:Array(String)} AND SpanKind = 'Server' AND ${IN_WINDOW}
  GROUP BY ServiceName, Minute, Region
  HAVING sumIf(Calls, ${ROLLUP_SIDE} = 'canary') > 0 AND sumIf(Calls, ${ROLLUP_SIDE} = 'baseline') > 0)`;

/** The pairs' spans in the window, on otel_traces and on the narrowed tables of migration 0012. */
const SPAN_WINDOW = `ServiceName IN {services:Array(String)} AND toDateTime(Timestamp) >= toDateTime({start:UInt32}) AND toDateTime(Timestamp) < toDateTime({end:UInt32})`;
const IN_COMMON_CELLS = `(ServiceName, toStartOfMinute(Timestamp), ResourceAttributes['cloud.region']) IN (SELECT ServiceName, Minute, Region FROM common)`;

export type Side = 'canary' | 'baseline';

function pairsParams(pairs: readonly CanaryPair[], window: RollupWindow): QueryParams {
  return {
    ...windowParams(window),
    services: pairs.map((p) => p.service),
    canaryVersions: pairs.map((p) => p.canaryVersion),
    baselineVersions: pairs.map((p) => p.baselineVersion),
    canaryMarks: pairs.map((p) => (p.canaryMarked ? 1 : 0)),
  };
}

/** Rows read for several pairs, converted and grouped by service; every pair present (with no rows when it had none). */
function byService<Row extends { service: string }, T>(pairs: readonly CanaryPair[], rows: readonly Row[], toItem: (row: Row) => T): Map<string, T[]> {
  const out = new Map<string, T[]>(pairs.map((p) => [p.service, []]));
  for (const row of rows) out.get(row.service)?.push(toItem(row));
  return out;
}

/** SERVER requests per service, version and canary mark in the window (from the rollup). */
export async function versionTraffic(store: Store, window: RollupWindow, service?: string): Promise<VersionTraffic[]> {
  const rows = await queryRows<{ service: string; version: string; canaryMarked: number | boolean; requests: number | string }>(
    store,
    `SELECT ServiceName AS service, Version AS version, Role = 'canary' AS canaryMarked, sum(Calls) AS requests
     FROM span_rollup_1m
     WHERE SpanKind = 'Server' AND ${IN_WINDOW} AND ({service:String} = '' OR ServiceName = {service:String})
     GROUP BY service, version, canaryMarked`,
    { ...windowParams(window), service: service ?? '' },
  );
  return rows.map((r) => ({ service: r.service, version: r.version, canaryMarked: Number(r.canaryMarked) === 1, requests: num(r.requests) }));
}

export interface SideBucket {
  side: Side;
  /** Bucket start, epoch ms; null on the whole-window total row. */
  t: number | null;
  requests: number;
  errors: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

/** Requests, errors and t-digest quantiles per pair and side, for the whole window and per bucket. */
export async function sideStats(store: Store, pairs: readonly CanaryPair[], window: RollupWindow, bucketSeconds: number): Promise<Map<string, SideBucket[]>> {
  if (pairs.length === 0) return new Map();
  const rows = await queryRows<StatsRow & { service: string; side: Side; isBucket: number | string; t: number | string }>(
    store,
    `WITH ${COMMON_CELLS}
     SELECT ServiceName AS service,
            ${ROLLUP_SIDE} AS side,
            grouping(t) = 0 AS isBucket,
            toUnixTimestamp(toStartOfInterval(Minute, toIntervalSecond({bucket:UInt32}))) AS t,
            ${STATS_COLUMNS}
     FROM span_rollup_1m
     WHERE ServiceName IN {services:Array(String)} AND SpanKind = 'Server' AND ${IN_WINDOW}
       AND (ServiceName, Minute, Region) IN (SELECT ServiceName, Minute, Region FROM common) AND side != ''
     GROUP BY GROUPING SETS ((service, side), (service, side, t))`,
    { ...pairsParams(pairs, window), bucket: bucketSeconds },
  );
  return byService(pairs, rows, (r): SideBucket => {
    const requests = num(r.calls);
    const ms = (i: number) => {
      const v = r.q[i];
      return requests > 0 && v !== null && v !== undefined && Number.isFinite(v) ? v / 1e6 : null;
    };
    return { side: r.side, t: num(r.isBucket) ? num(r.t) * 1000 : null, requests, errors: num(r.errors), p50Ms: ms(0), p90Ms: ms(1), p99Ms: ms(3) };
  });
}

export interface LatencyObservation {
  side: Side;
  ms: number;
  durationMs: number;
}

const NARROW_IN_COMMON_CELLS = `(ServiceName, toStartOfMinute(Timestamp), Region) IN (SELECT ServiceName, Minute, Region FROM common)`;

type SampleRow = { service: string; side: Side; ms: number | string; d: number | string };

/**
 * Up to `perSide` request durations per pair and side: the spans with the smallest hash of their
 * span id, a deterministic sample spread evenly over the window. Read from the stored sixteenth
 * of SERVER spans with the smallest hashes; only the pairs with a side that has fewer than
 * `perSide` there (a short window, a small canary) have their raw spans read, so the sample is
 * the same either way.
 */
export async function latencySample(
  store: Store,
  pairs: readonly CanaryPair[],
  window: RollupWindow,
  perSide: number,
): Promise<Map<string, LatencyObservation[]>> {
  if (pairs.length === 0) return new Map();
  const read = async (from: readonly CanaryPair[], sql: string) =>
    byService(from, await queryRows<SampleRow>(store, sql, { ...pairsParams(from, window), perSide }), (r) => ({
      side: r.side,
      ms: num(r.ms),
      durationMs: num(r.d) / 1e6,
    }));
  const sample = await read(
    pairs,
    `WITH ${COMMON_CELLS}
     SELECT ServiceName AS service, ${ROLLUP_SIDE} AS side, toUnixTimestamp64Milli(Timestamp) AS ms, Duration AS d
     FROM canary_span_sample
     WHERE ${SPAN_WINDOW} AND side != '' AND ${NARROW_IN_COMMON_CELLS}
     ORDER BY service, side, SpanHash
     LIMIT {perSide:UInt32} BY service, side`,
  );
  const short = pairs.filter((p) => {
    const rows = sample.get(p.service) ?? [];
    return (['canary', 'baseline'] as const).some((side) => rows.filter((r) => r.side === side).length < perSide);
  });
  if (short.length === 0) return sample;
  const raw = await read(
    short,
    `WITH ${COMMON_CELLS}
     SELECT ServiceName AS service, ${SPAN_SIDE} AS side, toUnixTimestamp64Milli(Timestamp) AS ms, Duration AS d
     FROM otel_traces
     PREWHERE ${SPAN_WINDOW}
     WHERE SpanKind = 'Server' AND side != '' AND ${IN_COMMON_CELLS}
     ORDER BY service, side, cityHash64(SpanId)
     LIMIT {perSide:UInt32} BY service, side`,
  );
  return new Map([...sample, ...raw]);
}

export interface SignatureRow extends ErrorFields {
  side: Side;
  /** Bucket start, epoch ms. */
  t: number;
  count: number;
}

/** At most this many distinct (side, bucket, error fields) groups are read per pair; the rest are the rarest (ties cut in a fixed order). */
const MAX_SIGNATURE_ROWS = 5000;

/** The failing requests of each pair's sides per bucket, grouped by the fields an error signature is made of. */
export async function errorSignatureRows(
  store: Store,
  pairs: readonly CanaryPair[],
  window: RollupWindow,
  bucketSeconds: number,
): Promise<Map<string, SignatureRow[]>> {
  if (pairs.length === 0) return new Map();
  const rows = await queryRows<{ service: string; side: Side; t: number | string; errorType: string; exceptionType: string; statusMessage: string; n: number | string }>(
    store,
    `WITH ${COMMON_CELLS}
     SELECT ServiceName AS service,
            ${ROLLUP_SIDE} AS side,
            toUnixTimestamp(toStartOfInterval(Timestamp, toIntervalSecond({bucket:UInt32}))) AS t,
            ErrorType AS errorType,
            ExceptionType AS exceptionType,
            StatusMessage AS statusMessage,
            count() AS n
     FROM canary_span_errors
     WHERE ${SPAN_WINDOW} AND side != '' AND ${NARROW_IN_COMMON_CELLS}
     GROUP BY service, side, t, errorType, exceptionType, statusMessage
     ORDER BY service, n DESC, side, t, errorType, exceptionType, statusMessage
     LIMIT {maxRows:UInt32} BY service`,
    { ...pairsParams(pairs, window), bucket: bucketSeconds, maxRows: MAX_SIGNATURE_ROWS },
  );
  return byService(pairs, rows, (r) => ({
    side: r.side,
    t: num(r.t) * 1000,
    errorType: r.errorType,
    exceptionType: r.exceptionType,
    statusMessage: r.statusMessage,
    count: num(r.n),
  }));
}
