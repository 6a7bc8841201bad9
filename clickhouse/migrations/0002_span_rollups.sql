-- One row per minute and dimension combination. Dashboards read these instead of raw spans so
-- their cost does not grow with span volume. "Bad" follows the span conventions: status ERROR,
-- HTTP status >= 500, or a gRPC status of UNAVAILABLE(14), DEADLINE_EXCEEDED(4), INTERNAL(13),
-- UNKNOWN(2) or RESOURCE_EXHAUSTED(8).
CREATE TABLE IF NOT EXISTS span_rollup_1m
(
    Minute DateTime CODEC(Delta, ZSTD(1)),
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
PARTITION BY toDate(Minute)
ORDER BY (ServiceName, Minute, SpanKind, Operation, Region, Az, Version, Role, PeerService)
TTL Minute + toIntervalDay(400);

CREATE MATERIALIZED VIEW IF NOT EXISTS span_rollup_1m_mv TO span_rollup_1m AS
SELECT
    toStartOfMinute(Timestamp) AS Minute,
    ServiceName,
    if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], SpanName) AS Operation,
    SpanKind,
    ResourceAttributes['cloud.region'] AS Region,
    ResourceAttributes['cloud.availability_zone'] AS Az,
    ResourceAttributes['service.version'] AS Version,
    ResourceAttributes['deployment.role'] AS Role,
    SpanAttributes['peer.service'] AS PeerService,
    count() AS Calls,
    countIf(
        StatusCode = 'Error'
        OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500
        OR SpanAttributes['rpc.grpc.status_code'] IN ('2', '4', '8', '13', '14')
    ) AS Errors,
    sum(Duration) AS DurationSumNs,
    countIf(Duration > 100000000) AS SlowOver100ms,
    countIf(Duration > 300000000) AS SlowOver300ms,
    countIf(Duration > 1000000000) AS SlowOver1s,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(Duration) AS DurationQuantiles
FROM otel_traces
GROUP BY Minute, ServiceName, Operation, SpanKind, Region, Az, Version, Role, PeerService;
