-- Per-minute instrumentation quality for the tech-debt observability dimension (SPEC §5.6), so
-- the 24 hours behind every score are read from a few thousand rows instead of the attribute
-- maps of every span. The conditions are those of server/debt/debt-measures.ts.
CREATE TABLE IF NOT EXISTS span_quality_1m
(
    Minute DateTime CODEC(Delta, ZSTD(1)),
    ServiceName LowCardinality(String),
    Spans UInt64,
    MissingAttributes UInt64,
    ServerSpans UInt64,
    ErrorSpans UInt64,
    BareErrors UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toDate(Minute)
ORDER BY (ServiceName, Minute)
TTL Minute + toIntervalDay(400);

CREATE MATERIALIZED VIEW IF NOT EXISTS span_quality_1m_mv TO span_quality_1m AS
SELECT
    toStartOfMinute(Timestamp) AS Minute,
    ServiceName,
    count() AS Spans,
    countIf(ResourceAttributes['service.version'] = '' OR ResourceAttributes['cloud.region'] = ''
        OR (SpanKind = 'Server' AND SpanAttributes['http.route'] = '' AND SpanAttributes['rpc.method'] = '')) AS MissingAttributes,
    countIf(SpanKind = 'Server') AS ServerSpans,
    countIf(StatusCode = 'Error') AS ErrorSpans,
    countIf(StatusCode = 'Error' AND StatusMessage = '' AND NOT has(Events.Name, 'exception')) AS BareErrors
FROM otel_traces
GROUP BY Minute, ServiceName;

-- Spans stored before this migration; skipped when the table has rows, so a rerun cannot double count.
INSERT INTO span_quality_1m
SELECT
    toStartOfMinute(Timestamp) AS Minute,
    ServiceName,
    count() AS Spans,
    countIf(ResourceAttributes['service.version'] = '' OR ResourceAttributes['cloud.region'] = ''
        OR (SpanKind = 'Server' AND SpanAttributes['http.route'] = '' AND SpanAttributes['rpc.method'] = '')) AS MissingAttributes,
    countIf(SpanKind = 'Server') AS ServerSpans,
    countIf(StatusCode = 'Error') AS ErrorSpans,
    countIf(StatusCode = 'Error' AND StatusMessage = '' AND NOT has(Events.Name, 'exception')) AS BareErrors
FROM otel_traces
WHERE (SELECT count() FROM span_quality_1m) = 0
GROUP BY Minute, ServiceName;

-- SERVER spans whose parent is not among their trace's spans (broken context propagation), per
-- minute, written by server/debt/orphan-minutes.ts once a minute has settled: the parent may
-- arrive up to an hour later. Each pass ends with a row of ServiceName '' at its last minute, so
-- the next pass starts after it even when those minutes had no SERVER spans.
CREATE TABLE IF NOT EXISTS span_orphans_1m
(
    Minute DateTime CODEC(Delta, ZSTD(1)),
    ServiceName LowCardinality(String),
    Orphans UInt64
)
-- Plain MergeTree: a summing engine would drop the all-zero marker rows.
ENGINE = MergeTree
PARTITION BY toDate(Minute)
ORDER BY (ServiceName, Minute)
TTL Minute + toIntervalDay(400);
