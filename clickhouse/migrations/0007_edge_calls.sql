-- Every outgoing call as a narrow, time-ordered row for /circuits (SPEC §5.2): the breaker replay
-- needs each call of an edge in completion order, and reading five small columns is far cheaper
-- than the attribute maps of every CLIENT span in the range.
--
-- Callee is the CLIENT span's peer.service. A CLIENT span that names no callee (and is not a
-- database or cache call) is kept with an empty Callee and its TraceId/SpanId, so the reader
-- can take the callee from the child SERVER span. Flags: 1 bad (SPEC §4), 2 a timeout, 4
-- short-circuited by a breaker (circuit_breaker.state=open or error.type=circuit_open).
CREATE TABLE IF NOT EXISTS edge_calls
(
    Caller LowCardinality(String),
    Callee LowCardinality(String),
    End DateTime64(3) CODEC(Delta, ZSTD(1)),
    DurationNs UInt64 CODEC(ZSTD(1)),
    Flags UInt8,
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toDate(End)
ORDER BY (Caller, Callee, End)
TTL toDateTime(End) + toIntervalDay(30);

CREATE MATERIALIZED VIEW IF NOT EXISTS edge_calls_mv TO edge_calls AS
SELECT
    ServiceName AS Caller,
    SpanAttributes['peer.service'] AS Callee,
    fromUnixTimestamp64Milli(intDiv(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration), 1000000)) AS End,
    Duration AS DurationNs,
    toUInt8(
          (StatusCode = 'Error'
           OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500
           OR SpanAttributes['rpc.grpc.status_code'] IN ('2', '4', '8', '13', '14'))
        + 2 * (SpanAttributes['rpc.grpc.status_code'] = '4'
               OR SpanAttributes['http.response.status_code'] = '504'
               OR SpanAttributes['error.type'] = 'DEADLINE_EXCEEDED'
               OR positionCaseInsensitive(SpanAttributes['error.type'], 'timeout') > 0)
        + 4 * (SpanAttributes['circuit_breaker.state'] = 'open' OR SpanAttributes['error.type'] = 'circuit_open')
    ) AS Flags,
    if(Callee = '', TraceId, '') AS TraceId,
    if(Callee = '', SpanId, '') AS SpanId
FROM otel_traces
WHERE SpanKind = 'Client' AND (SpanAttributes['peer.service'] != '' OR SpanAttributes['db.system'] = '');

-- The spans of the last seven hours stored before this migration (the longest range /circuits
-- replays, with its warm-up and risk baseline).
-- Skipped when the table already has rows, so a rerun cannot double count.
INSERT INTO edge_calls
SELECT
    ServiceName AS Caller,
    SpanAttributes['peer.service'] AS Callee,
    fromUnixTimestamp64Milli(intDiv(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration), 1000000)) AS End,
    Duration AS DurationNs,
    toUInt8(
          (StatusCode = 'Error'
           OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500
           OR SpanAttributes['rpc.grpc.status_code'] IN ('2', '4', '8', '13', '14'))
        + 2 * (SpanAttributes['rpc.grpc.status_code'] = '4'
               OR SpanAttributes['http.response.status_code'] = '504'
               OR SpanAttributes['error.type'] = 'DEADLINE_EXCEEDED'
               OR positionCaseInsensitive(SpanAttributes['error.type'], 'timeout') > 0)
        + 4 * (SpanAttributes['circuit_breaker.state'] = 'open' OR SpanAttributes['error.type'] = 'circuit_open')
    ) AS Flags,
    if(Callee = '', TraceId, '') AS TraceId,
    if(Callee = '', SpanId, '') AS SpanId
FROM otel_traces
WHERE SpanKind = 'Client' AND (SpanAttributes['peer.service'] != '' OR SpanAttributes['db.system'] = '')
  AND Timestamp >= now() - INTERVAL 7 HOUR
  AND (SELECT count() FROM edge_calls) = 0;
