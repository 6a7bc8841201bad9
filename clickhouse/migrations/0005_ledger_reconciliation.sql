-- When Debezium captured each change from the WAL (the envelope's ts_ms). Commit-to-capture is
-- the pipeline's lag as the source saw it: a backfill or replay sends old changes long after
-- their commit but keeps their capture time, so history is not all "late" while a change the
-- connector really picked up late still is. NULL for the WAL reader, which captures live
-- (IngestedAt stands in).
ALTER TABLE cdc_events ADD COLUMN IF NOT EXISTS CaptureTs Nullable(DateTime64(6, 'UTC'));

-- The reconciler reads what arrived since its last pass by ingest time.
ALTER TABLE cdc_events ADD INDEX IF NOT EXISTS idx_ingested_at IngestedAt TYPE minmax GRANULARITY 1;

ALTER TABLE cdc_transactions ADD INDEX IF NOT EXISTS idx_tx_ingested_at IngestedAt TYPE minmax GRANULARITY 1;

-- Current state of every reconciliation break (SPEC §5.5), one row per (kind, reference); the
-- newest Version wins. A break that heals (the missing event arrived) stays, State = 'healed'.
-- Amounts are exact Decimal(38, 4).
CREATE TABLE IF NOT EXISTS ledger_breaks
(
    BreakId String,
    Kind LowCardinality(String),
    RefType LowCardinality(String),
    RefId String,
    TxnId String,
    Amount Nullable(Decimal(38, 4)),
    Currency LowCardinality(String),
    OccurredAt DateTime64(6, 'UTC'),
    FirstSeen DateTime64(3, 'UTC'),
    State LowCardinality(String),
    StateChangedAt DateTime64(3, 'UTC'),
    Detail String,
    EvidenceEventIds Array(String),
    Version UInt64
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY (RefId, RefType, Kind);

-- Every opening, healing and reopening of a break, append-only: a break that healed itself
-- keeps the record of having been open.
CREATE TABLE IF NOT EXISTS ledger_break_changes
(
    BreakId String,
    At DateTime64(3, 'UTC'),
    Change LowCardinality(String),
    Detail String
)
ENGINE = MergeTree
ORDER BY (BreakId, At);

-- How far the reconciler has read the change stream (ingest time), so a restart resumes there.
CREATE TABLE IF NOT EXISTS ledger_reconciler_state
(
    Name String,
    WatermarkMs UInt64,
    ScannedToMs UInt64,
    Version UInt64
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY Name;

-- Append-only audit trail (SPEC §9): each row carries the SHA-256 of the previous row's hash and
-- its own content, so an edited, removed or reordered row breaks the chain.
CREATE TABLE IF NOT EXISTS audit_log
(
    Seq UInt64,
    At DateTime64(3, 'UTC'),
    Actor String,
    Action LowCardinality(String),
    Target String,
    Detail String,
    PrevHash String,
    Hash String
)
ENGINE = MergeTree
ORDER BY Seq;
