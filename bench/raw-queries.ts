/**
 * What each rollup-backed dashboard procedure would cost without the rollups: the same answer
 * computed from raw rows (otel_traces, the ledger tables). Procedures that read raw spans by
 * design (trace search and fetch, circuit replay, cross-AZ and unit routing) have no entry; for
 * them "raw" is what they already do.
 */

/** SPEC §4's bad-call rule, as the rollup's materialized view applies it at insert time. */
const BAD = `(StatusCode = 'Error'
  OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500
  OR SpanAttributes['rpc.grpc.status_code'] IN ('2', '4', '8', '13', '14'))`;

const IN_RANGE = 'Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})';

const STATS = `count() AS calls, countIf(${BAD}) AS errors, quantiles(0.5, 0.9, 0.95, 0.99)(Duration) AS q`;

/** Each journal entry's latest image (highest LSN) from the stored change events, deletes dropped. */
const JOURNAL_FROM_EVENTS = `WITH journal AS (
  SELECT JSONExtractString(image, 'txn_id') AS txn, JSONExtractString(image, 'currency') AS currency,
         JSONExtractString(image, 'direction') AS direction, toDecimal128(JSONExtractString(image, 'amount'), 4) AS amount
  FROM (
    SELECT argMax(After, Lsn) AS image, argMax(Op, Lsn) AS op, argMax(CommitTs, Lsn) AS committed
    FROM cdc_events WHERE SourceDb = 'pay' AND SourceSchema = 'public' AND SourceTable = 'journal_entries'
    GROUP BY PrimaryKey
  )
  WHERE op != 'd' AND committed >= fromUnixTimestamp64Milli({from:Int64}) AND committed < fromUnixTimestamp64Milli({to:Int64})
)`;

export interface RawQuery {
  /** The procedure whose answer this recomputes. */
  procedure: string;
  /** One or more statements; a procedure that issues several queries is compared with all of them. */
  sql: string[];
}

/** Range-bound parameters every statement takes: `from`/`to` (epoch ms) and `bucket` (seconds). */
export type RawParams = {
  from: number;
  to: number;
  bucket: number;
  service: string;
};

export const RAW_QUERIES: RawQuery[] = [
  {
    procedure: 'services.list',
    sql: [
      `SELECT ServiceName AS service, grouping(t) = 0 AS isBucket,
              toUnixTimestamp(toStartOfInterval(Timestamp, toIntervalSecond({bucket:UInt32}))) AS t, ${STATS}
       FROM otel_traces WHERE SpanKind = 'Server' AND ${IN_RANGE}
       GROUP BY GROUPING SETS ((service), (service, t))`,
    ],
  },
  {
    procedure: 'services.get',
    sql: [
      `SELECT toUnixTimestamp(toStartOfInterval(Timestamp, toIntervalSecond({bucket:UInt32}))) AS t,
              if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], SpanName) AS operation,
              ResourceAttributes['cloud.region'] AS region, ResourceAttributes['cloud.availability_zone'] AS az,
              ResourceAttributes['service.version'] AS version, ResourceAttributes['deployment.role'] AS role, ${STATS}
       FROM otel_traces WHERE ServiceName = {service:String} AND SpanKind = 'Server' AND ${IN_RANGE}
       GROUP BY GROUPING SETS ((), (t), (operation), (region, az), (version, role))`,
      `SELECT ServiceName AS caller, SpanAttributes['peer.service'] AS callee, ${STATS}
       FROM otel_traces WHERE SpanKind = 'Client' AND ${IN_RANGE}
         AND ((ServiceName = {service:String} AND SpanAttributes['peer.service'] != '') OR SpanAttributes['peer.service'] = {service:String})
       GROUP BY caller, callee`,
    ],
  },
  {
    procedure: 'system.overview',
    sql: [
      `SELECT toUnixTimestamp(toStartOfInterval(Timestamp, toIntervalSecond({bucket:UInt32}))) AS t, count() AS calls
       FROM otel_traces WHERE ${IN_RANGE} GROUP BY t`,
    ],
  },
  {
    // Every service's default SLOs: attainment over 28 days and the six burn-rate windows.
    procedure: 'slo.list',
    sql: [
      `WITH toUnixTimestamp64Milli(Timestamp) AS ms
       SELECT ServiceName AS service,
              count() AS calls, countIf(${BAD}) AS bad, countIf(Duration > 300000000) AS slow,
              ${['5m', '30m', '1h', '6h', '1d', '3d']
                .map((w, i) => {
                  const ms = [300_000, 1_800_000, 3_600_000, 21_600_000, 86_400_000, 259_200_000][i]!;
                  return `countIf(ms >= {to:Int64} - ${ms}) AS calls_${w}, countIf(ms >= {to:Int64} - ${ms} AND ${BAD}) AS bad_${w}`;
                })
                .join(',\n              ')}
       FROM otel_traces
       WHERE SpanKind = 'Server' AND Timestamp >= fromUnixTimestamp64Milli({to:Int64} - 2419200000) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})
       GROUP BY service`,
    ],
  },
  {
    procedure: 'regions.heatmap',
    sql: [
      `SELECT ServiceName AS service, ResourceAttributes['cloud.region'] AS region, ${STATS}
       FROM otel_traces WHERE SpanKind = 'Server' AND ResourceAttributes['cloud.region'] != '' AND ${IN_RANGE}
       GROUP BY service, region`,
    ],
  },
  {
    // The summary from the change stream alone: each journal row's latest image, then per
    // currency and overall entries, transactions, debits, credits and unbalanced transactions,
    // and the commit-to-capture lag of every change.
    procedure: 'ledger.summary',
    sql: [
      `${JOURNAL_FROM_EVENTS}
       SELECT currency, uniqExact(txn) AS transactions, count() AS entries,
              toString(sumIf(amount, direction = 'D')) AS debits, toString(sumIf(amount, direction = 'C')) AS credits
       FROM journal GROUP BY currency ORDER BY currency`,
      `${JOURNAL_FROM_EVENTS}
       SELECT count() AS transactions, sum(lines) AS entries, countIf(net != 0) AS unbalanced
       FROM (SELECT txn, count() AS lines, sum(if(direction = 'D', amount, -amount)) AS net FROM journal GROUP BY txn, currency)`,
      `SELECT quantilesTiming(0.5, 0.99)(toUInt64(greatest(0, dateDiff('millisecond', CommitTs, coalesce(CaptureTs, IngestedAt))))) AS p, count() AS n
       FROM cdc_events WHERE CommitTs >= fromUnixTimestamp64Milli({from:Int64}) AND CommitTs < fromUnixTimestamp64Milli({to:Int64})`,
    ],
  },
];
