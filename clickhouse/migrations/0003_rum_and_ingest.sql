-- Browser telemetry from the Faro SDK (Sightline observing its own UI).
CREATE TABLE IF NOT EXISTS rum_events
(
    Timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    Kind LowCardinality(String),
    Name LowCardinality(String),
    Value Float64,
    Page String,
    SessionId String,
    AppName LowCardinality(String),
    Attributes Map(LowCardinality(String), String),
    ReceivedAt DateTime64(3) DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (Kind, Name, Timestamp)
TTL toDateTime(Timestamp) + toIntervalDay(30);

-- Bodies already acknowledged, so a client retrying the same request is not counted twice.
CREATE TABLE IF NOT EXISTS ingest_requests
(
    RequestHash String,
    Endpoint LowCardinality(String),
    Items UInt32,
    ReceivedAt DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY (Endpoint, RequestHash)
TTL toDateTime(ReceivedAt) + toIntervalDay(1);
