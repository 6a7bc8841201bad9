-- Each span row carries the hash of the export request it came in, and a materialized view
-- records the hash in ingest_requests as part of the same INSERT. A request whose spans were
-- stored is then always known as acknowledged, even when the process dies before answering it,
-- so the client's retry is recognised and not stored a second time.
ALTER TABLE otel_traces ADD COLUMN IF NOT EXISTS IngestRequest String DEFAULT '' CODEC(ZSTD(1));

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_requests_traces_mv TO ingest_requests AS
SELECT
    IngestRequest AS RequestHash,
    'traces' AS Endpoint,
    toUInt32(count()) AS Items,
    now64(3) AS ReceivedAt
FROM otel_traces
WHERE IngestRequest != ''
GROUP BY IngestRequest;
