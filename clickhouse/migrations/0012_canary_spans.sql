-- What a canary comparison (SPEC §5.3) reads of single SERVER spans, narrowed to plain columns so
-- a day of a busy service is not read through its attribute maps. Region, Version and Role are
-- the rollup's expressions; "bad" is the rollup's rule (server/canary/canary-queries.ts).

-- One SERVER span in 16, chosen by the hash of its span id: the latency sample takes the spans
-- with the smallest hashes, so whenever a side has enough of them here the sample is exactly
-- the one the raw spans would give.
CREATE TABLE IF NOT EXISTS canary_span_sample
(
    ServiceName LowCardinality(String),
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    Region LowCardinality(String),
    Version LowCardinality(String),
    Role LowCardinality(String),
    Duration UInt64 CODEC(ZSTD(1)),
    SpanHash UInt64
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, toDateTime(Timestamp))
TTL toDateTime(Timestamp) + toIntervalDay(30);

CREATE MATERIALIZED VIEW IF NOT EXISTS canary_span_sample_mv TO canary_span_sample AS
SELECT
    ServiceName,
    Timestamp,
    ResourceAttributes['cloud.region'] AS Region,
    ResourceAttributes['service.version'] AS Version,
    ResourceAttributes['deployment.role'] AS Role,
    Duration,
    cityHash64(SpanId) AS SpanHash
FROM otel_traces
WHERE SpanKind = 'Server' AND cityHash64(SpanId) < 1152921504606846976;

-- Spans stored before this migration; skipped when the table has rows, so a rerun cannot double count.
INSERT INTO canary_span_sample
SELECT
    ServiceName,
    Timestamp,
    ResourceAttributes['cloud.region'] AS Region,
    ResourceAttributes['service.version'] AS Version,
    ResourceAttributes['deployment.role'] AS Role,
    Duration,
    cityHash64(SpanId) AS SpanHash
FROM otel_traces
WHERE SpanKind = 'Server' AND cityHash64(SpanId) < 1152921504606846976
  AND (SELECT count() FROM canary_span_sample) = 0;

-- Every failing SERVER span with the fields its error signature is made of.
CREATE TABLE IF NOT EXISTS canary_span_errors
(
    ServiceName LowCardinality(String),
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    Region LowCardinality(String),
    Version LowCardinality(String),
    Role LowCardinality(String),
    ErrorType String,
    ExceptionType String,
    StatusMessage String CODEC(ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, toDateTime(Timestamp))
TTL toDateTime(Timestamp) + toIntervalDay(30);

CREATE MATERIALIZED VIEW IF NOT EXISTS canary_span_errors_mv TO canary_span_errors AS
SELECT
    ServiceName,
    Timestamp,
    ResourceAttributes['cloud.region'] AS Region,
    ResourceAttributes['service.version'] AS Version,
    ResourceAttributes['deployment.role'] AS Role,
    SpanAttributes['error.type'] AS ErrorType,
    `Events.Attributes`[indexOf(`Events.Name`, 'exception')]['exception.type'] AS ExceptionType,
    StatusMessage
FROM otel_traces
WHERE SpanKind = 'Server' AND (StatusCode = 'Error'
    OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500
    OR SpanAttributes['rpc.grpc.status_code'] IN ('2', '4', '8', '13', '14'));

INSERT INTO canary_span_errors
SELECT
    ServiceName,
    Timestamp,
    ResourceAttributes['cloud.region'] AS Region,
    ResourceAttributes['service.version'] AS Version,
    ResourceAttributes['deployment.role'] AS Role,
    SpanAttributes['error.type'] AS ErrorType,
    `Events.Attributes`[indexOf(`Events.Name`, 'exception')]['exception.type'] AS ExceptionType,
    StatusMessage
FROM otel_traces
WHERE SpanKind = 'Server' AND (StatusCode = 'Error'
    OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500
    OR SpanAttributes['rpc.grpc.status_code'] IN ('2', '4', '8', '13', '14'))
  AND (SELECT count() FROM canary_span_errors) = 0;
