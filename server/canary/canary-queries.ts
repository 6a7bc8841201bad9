import type { Store } from '../../clickhouse/client';
import type { RollupWindow } from '../queries/buckets';
import { IN_WINDOW, STATS_COLUMNS, windowParams, type StatsRow } from '../queries/rollup';
import { num, queryRows, type QueryParams } from '../queries/run';
import type { CanaryPair, VersionTraffic } from './detect-canary';
import type { ErrorFields } from './error-signature';

/** Which side a rollup row belongs to: the canary's version (and mark), the baseline's unmarked version, or neither. */
const ROLLUP_SIDE = `multiIf(
  Version = {canaryVersion:String} AND (Role = 'canary') = {canaryMarked:Bool}, 'canary',
  Version = {baselineVersion:String} AND Role != 'canary', 'baseline',
  '')`;
const SPAN_SIDE = `multiIf(
  ResourceAttributes['service.version'] = {canaryVersion:String} AND (ResourceAttributes['deployment.role'] = 'canary') = {canaryMarked:Bool}, 'canary',
  ResourceAttributes['service.version'] = {baselineVersion:String} AND ResourceAttributes['deployment.role'] != 'canary', 'baseline',
  '')`;

/**
 * The minutes and regions both versions served in: the comparison is over the same time and
 * places only, so a canary running in one region is not judged against another region's load.
 */
const COMMON_CELLS = `common AS (
  SELECT Minute, Region FROM span_rollup_1m
  WHERE ServiceName = {service:String} AND SpanKind = 'Server' AND ${IN_WINDOW}
  GROUP BY Minute, Region
  HAVING sumIf(Calls, ${ROLLUP_SIDE} = 'canary') > 0 AND sumIf(Calls, ${ROLLUP_SIDE} = 'baseline') > 0)`;

/** One service's spans in the window, on otel_traces and on the narrowed tables of migration 0012. */
const SPAN_WINDOW = `ServiceName = {service:String} AND toDateTime(Timestamp) >= toDateTime({start:UInt32}) AND toDateTime(Timestamp) < toDateTime({end:UInt32})`;
const IN_COMMON_CELLS = `(toStartOfMinute(Timestamp), ResourceAttributes['cloud.region']) IN (SELECT Minute, Region FROM common)`;

export type Side = 'canary' | 'baseline';

function pairParams(pair: CanaryPair, window: RollupWindow): QueryParams {
  return {
    ...windowParams(window),
    service: pair.service,
    canaryVersion: pair.canaryVersion,
    baselineVersion: pair.baselineVersion,
    canaryMarked: pair.canaryMarked,
  };
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

/** Requests, errors and t-digest quantiles per side, for the whole window and per bucket. */
export async function sideStats(store: Store, pair: CanaryPair, window: RollupWindow, bucketSeconds: number): Promise<SideBucket[]> {
  const rows = await queryRows<StatsRow & { side: Side; isBucket: number | string; t: number | string }>(
    store,
    `WITH ${COMMON_CELLS}
     SELECT ${ROLLUP_SIDE} AS side,
            grouping(t) = 0 AS isBucket,
            toUnixTimestamp(toStartOfInterval(Minute, toIntervalSecond({bucket:UInt32}))) AS t,
            ${STATS_COLUMNS}
     FROM span_rollup_1m
     WHERE ServiceName = {service:String} AND SpanKind = 'Server' AND ${IN_WINDOW}
       AND (Minute, Region) IN (SELECT Minute, Region FROM common) AND side != ''
     GROUP BY GROUPING SETS ((side), (side, t))`,
    { ...pairParams(pair, window), bucket: bucketSeconds },
  );
  return rows.map((r) => {
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

const NARROW_IN_COMMON_CELLS = `(toStartOfMinute(Timestamp), Region) IN (SELECT Minute, Region FROM common)`;

type SampleRow = { side: Side; ms: number | string; d: number | string };

/**
 * Up to `perSide` request durations per side: the spans with the smallest hash of their span id,
 * a deterministic sample spread evenly over the window. Read from the stored sixteenth of SERVER
 * spans with the smallest hashes; only when a side has fewer than `perSide` there (a short
 * window, a small canary) are its raw spans read, so the sample is the same either way.
 */
export async function latencySample(store: Store, pair: CanaryPair, window: RollupWindow, perSide: number): Promise<LatencyObservation[]> {
  const params = { ...pairParams(pair, window), perSide };
  let rows = await queryRows<SampleRow>(
    store,
    `WITH ${COMMON_CELLS}
     SELECT ${ROLLUP_SIDE} AS side, toUnixTimestamp64Milli(Timestamp) AS ms, Duration AS d
     FROM canary_span_sample
     WHERE ${SPAN_WINDOW} AND side != '' AND ${NARROW_IN_COMMON_CELLS}
     ORDER BY side, SpanHash
     LIMIT {perSide:UInt32} BY side`,
    params,
  );
  const short = (side: Side) => rows.filter((r) => r.side === side).length < perSide;
  if (short('canary') || short('baseline')) {
    rows = await queryRows<SampleRow>(
      store,
      `WITH ${COMMON_CELLS}
       SELECT ${SPAN_SIDE} AS side, toUnixTimestamp64Milli(Timestamp) AS ms, Duration AS d
       FROM otel_traces
       PREWHERE ${SPAN_WINDOW}
       WHERE SpanKind = 'Server' AND side != '' AND ${IN_COMMON_CELLS}
       ORDER BY side, cityHash64(SpanId)
       LIMIT {perSide:UInt32} BY side`,
      params,
    );
  }
  return rows.map((r) => ({ side: r.side, ms: num(r.ms), durationMs: num(r.d) / 1e6 }));
}

export interface SignatureRow extends ErrorFields {
  side: Side;
  /** Bucket start, epoch ms. */
  t: number;
  count: number;
}

/** At most this many distinct (side, bucket, error fields) groups are read; the rest are the rarest. */
const MAX_SIGNATURE_ROWS = 5000;

/** The failing requests of each side per bucket, grouped by the fields an error signature is made of. */
export async function errorSignatureRows(store: Store, pair: CanaryPair, window: RollupWindow, bucketSeconds: number): Promise<SignatureRow[]> {
  const rows = await queryRows<{ side: Side; t: number | string; errorType: string; exceptionType: string; statusMessage: string; n: number | string }>(
    store,
    `WITH ${COMMON_CELLS}
     SELECT ${ROLLUP_SIDE} AS side,
            toUnixTimestamp(toStartOfInterval(Timestamp, toIntervalSecond({bucket:UInt32}))) AS t,
            ErrorType AS errorType,
            ExceptionType AS exceptionType,
            StatusMessage AS statusMessage,
            count() AS n
     FROM canary_span_errors
     WHERE ${SPAN_WINDOW} AND side != '' AND ${NARROW_IN_COMMON_CELLS}
     GROUP BY side, t, errorType, exceptionType, statusMessage
     ORDER BY n DESC
     LIMIT {maxRows:UInt32}`,
    { ...pairParams(pair, window), bucket: bucketSeconds, maxRows: MAX_SIGNATURE_ROWS },
  );
  return rows.map((r) => ({ side: r.side, t: num(r.t) * 1000, errorType: r.errorType, exceptionType: r.exceptionType, statusMessage: r.statusMessage, count: num(r.n) }));
}
