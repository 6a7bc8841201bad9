-- Narrow, time-ordered copies of the few span fields /regions joins and counts (SPEC §5.4), so
-- cross-AZ shares and unit routing read small columns of the chosen range instead of the
-- attribute maps of every span in the day.
--
-- span_hops: CLIENT and SERVER spans whose resource names a region or AZ. CallKey pairs the two halves of a
-- call: cityHash64(TraceId, SpanId) on the client, cityHash64(TraceId, ParentSpanId) on the
-- server. Unit is the serving resource's sightline.unit, which tells which region a unit lives in.
CREATE TABLE IF NOT EXISTS span_hops
(
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    SpanKind LowCardinality(String),
    CallKey UInt64,
    ServiceName LowCardinality(String),
    Region LowCardinality(String),
    Az LowCardinality(String),
    Unit LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (SpanKind, Timestamp)
TTL toDateTime(Timestamp) + toIntervalDay(30);

CREATE MATERIALIZED VIEW IF NOT EXISTS span_hops_mv TO span_hops AS
SELECT
    Timestamp,
    SpanKind,
    cityHash64(TraceId, if(SpanKind = 'Client', SpanId, ParentSpanId)) AS CallKey,
    ServiceName,
    ResourceAttributes['cloud.region'] AS Region,
    ResourceAttributes['cloud.availability_zone'] AS Az,
    ResourceAttributes['sightline.unit'] AS Unit
FROM otel_traces
WHERE SpanKind IN ('Client', 'Server')
  AND (ResourceAttributes['cloud.region'] != '' OR ResourceAttributes['cloud.availability_zone'] != '');

-- unit_requests: SERVER spans carrying the unit routing header (x_unit_id), with where they
-- were served, and their ids so a violation opens as a trace.
CREATE TABLE IF NOT EXISTS unit_requests
(
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ServiceName LowCardinality(String),
    SpanName LowCardinality(String),
    RequestUnit LowCardinality(String),
    Region LowCardinality(String),
    Az LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY Timestamp
TTL toDateTime(Timestamp) + toIntervalDay(30);

CREATE MATERIALIZED VIEW IF NOT EXISTS unit_requests_mv TO unit_requests AS
SELECT
    Timestamp,
    TraceId,
    SpanId,
    ServiceName,
    SpanName,
    SpanAttributes['x_unit_id'] AS RequestUnit,
    ResourceAttributes['cloud.region'] AS Region,
    ResourceAttributes['cloud.availability_zone'] AS Az
FROM otel_traces
WHERE SpanKind = 'Server' AND SpanAttributes['x_unit_id'] != '';

-- Spans stored before this migration, once. Migrations run before ingest starts, so no span is
-- both copied here and written by the views above.
INSERT INTO span_hops
SELECT
    Timestamp,
    SpanKind,
    cityHash64(TraceId, if(SpanKind = 'Client', SpanId, ParentSpanId)),
    ServiceName,
    ResourceAttributes['cloud.region'],
    ResourceAttributes['cloud.availability_zone'],
    ResourceAttributes['sightline.unit']
FROM otel_traces
WHERE SpanKind IN ('Client', 'Server')
  AND (ResourceAttributes['cloud.region'] != '' OR ResourceAttributes['cloud.availability_zone'] != '');

INSERT INTO unit_requests
SELECT Timestamp, TraceId, SpanId, ServiceName, SpanName, SpanAttributes['x_unit_id'], ResourceAttributes['cloud.region'], ResourceAttributes['cloud.availability_zone']
FROM otel_traces
WHERE SpanKind = 'Server' AND SpanAttributes['x_unit_id'] != '';
