-- The 1-minute rollup summed per hour, for reads over long ranges: merging a day of minute
-- t-digests per service costs ~150 ms on two cores, a day of hour digests ~15 ms. Fed from the
-- minute rollup's own inserts, so a span is classified once. server/queries/rollup.ts reads whole
-- hours here and the minutes at either end of a range from span_rollup_1m.
CREATE TABLE IF NOT EXISTS span_rollup_1h
(
    Hour DateTime CODEC(Delta, ZSTD(1)),
    ServiceName LowCardinality(String),
    Operation LowCardinality(String),
    SpanKind LowCardinality(String),
    Region LowCardinality(String),
    Az LowCardinality(String),
    Version LowCardinality(String),
    Role LowCardinality(String),
    PeerService LowCardinality(String),
    Calls SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    DurationSumNs SimpleAggregateFunction(sum, UInt64),
    SlowOver100ms SimpleAggregateFunction(sum, UInt64),
    SlowOver300ms SimpleAggregateFunction(sum, UInt64),
    SlowOver1s SimpleAggregateFunction(sum, UInt64),
    DurationQuantiles AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(Hour)
ORDER BY (ServiceName, Hour, SpanKind, Operation, Region, Az, Version, Role, PeerService)
TTL Hour + toIntervalDay(400);

CREATE MATERIALIZED VIEW IF NOT EXISTS span_rollup_1h_mv TO span_rollup_1h AS
SELECT
    toStartOfHour(Minute) AS Hour,
    ServiceName, Operation, SpanKind, Region, Az, Version, Role, PeerService,
    sum(Calls) AS Calls,
    sum(Errors) AS Errors,
    sum(DurationSumNs) AS DurationSumNs,
    sum(SlowOver100ms) AS SlowOver100ms,
    sum(SlowOver300ms) AS SlowOver300ms,
    sum(SlowOver1s) AS SlowOver1s,
    quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(DurationQuantiles) AS DurationQuantiles
FROM span_rollup_1m
GROUP BY Hour, ServiceName, Operation, SpanKind, Region, Az, Version, Role, PeerService;

-- Minutes rolled up before this migration; skipped when the table has rows, so a rerun cannot double count.
INSERT INTO span_rollup_1h
SELECT
    toStartOfHour(Minute) AS Hour,
    ServiceName, Operation, SpanKind, Region, Az, Version, Role, PeerService,
    sum(Calls) AS Calls,
    sum(Errors) AS Errors,
    sum(DurationSumNs) AS DurationSumNs,
    sum(SlowOver100ms) AS SlowOver100ms,
    sum(SlowOver300ms) AS SlowOver300ms,
    sum(SlowOver1s) AS SlowOver1s,
    quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(DurationQuantiles) AS DurationQuantiles
FROM span_rollup_1m
WHERE (SELECT count() FROM span_rollup_1h) = 0
GROUP BY Hour, ServiceName, Operation, SpanKind, Region, Az, Version, Role, PeerService;
