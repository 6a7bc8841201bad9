-- Every change event of the payment database as received, from Debezium (POST /v1/cdc) or from
-- Sightline's own WAL reader: the auditors' evidence. The sort key is the event identity of
-- SPEC §3.2, so a redelivered copy collapses into one row. Ingest already drops events whose
-- identity is stored (EventId, looked up within the table and LSN range); the engine is the
-- backstop for two ingest processes racing on the same event. No partitioning and no TTL:
-- ReplacingMergeTree only collapses rows within a partition, and the audit trail is kept.
-- Lsn and TxId are unsigned 64-bit: read them with toString() (JSON output unquotes 64-bit ints).
CREATE TABLE IF NOT EXISTS cdc_events
(
    EventId String,
    SourceDb LowCardinality(String),
    SourceSchema LowCardinality(String),
    SourceTable LowCardinality(String),
    Op LowCardinality(String),
    Lsn UInt64,
    TxId UInt64,
    PrimaryKey String,
    CommitTs DateTime64(6, 'UTC'),
    Before String CODEC(ZSTD(1)),
    After String CODEC(ZSTD(1)),
    SourceKind LowCardinality(String),
    Snapshot LowCardinality(String),
    Sequence String,
    TransactionId String,
    TotalOrder UInt64,
    DataCollectionOrder UInt64,
    IngestedAt DateTime64(6, 'UTC') DEFAULT now64(6),
    INDEX idx_event_id EventId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_transaction_id TransactionId TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_commit_ts CommitTs TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
ORDER BY (SourceDb, SourceSchema, SourceTable, Lsn, TxId, PrimaryKey, Op);

-- Debezium transaction metadata (BEGIN/END with per-table event counts), and the same derived
-- from BEGIN/COMMIT by the WAL reader: what the incomplete_txn rule compares events against.
CREATE TABLE IF NOT EXISTS cdc_transactions
(
    EventId String,
    SourceDb LowCardinality(String),
    SourceKind LowCardinality(String),
    TransactionId String,
    TxId UInt64,
    Lsn UInt64,
    Status LowCardinality(String),
    EventCount Nullable(UInt64),
    DataCollections Map(String, UInt64),
    Ts DateTime64(6, 'UTC'),
    IngestedAt DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree
ORDER BY (SourceDb, TxId, Status, TransactionId);

-- Latest state of each row of the ledger tables (SPEC §5.5), written by ingest together with
-- the change events they derive from. Version is the LSN of the change, so the newest change
-- wins whatever order events arrive in and a redelivered change collapses with itself. Deleted
-- rows stay, marked Deleted = 1 (the journal is append-only; a delete is evidence). Read with
-- FINAL or argMax(…, Version). Amounts are exact Decimal(38, 4), never Float.
CREATE TABLE IF NOT EXISTS ledger_orders
(
    Id String,
    UserId String,
    GroupId String,
    MerchantId String,
    Region LowCardinality(String),
    Amount Nullable(Decimal(38, 4)),
    Currency LowCardinality(String),
    Status LowCardinality(String),
    CreatedAt Nullable(DateTime64(6, 'UTC')),
    UpdatedAt Nullable(DateTime64(6, 'UTC')),
    Version UInt64,
    Deleted UInt8,
    LastOp LowCardinality(String),
    LastEventId String,
    CommitTs DateTime64(6, 'UTC'),
    SourceKind LowCardinality(String),
    IngestedAt DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY Id;

CREATE TABLE IF NOT EXISTS ledger_payments
(
    Id String,
    OrderId String,
    Amount Nullable(Decimal(38, 4)),
    Currency LowCardinality(String),
    Channel LowCardinality(String),
    Status LowCardinality(String),
    CreatedAt Nullable(DateTime64(6, 'UTC')),
    UpdatedAt Nullable(DateTime64(6, 'UTC')),
    Version UInt64,
    Deleted UInt8,
    LastOp LowCardinality(String),
    LastEventId String,
    CommitTs DateTime64(6, 'UTC'),
    SourceKind LowCardinality(String),
    IngestedAt DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY Id;

CREATE TABLE IF NOT EXISTS ledger_refunds
(
    Id String,
    PaymentId String,
    OrderId String,
    Amount Nullable(Decimal(38, 4)),
    Currency LowCardinality(String),
    Status LowCardinality(String),
    CreatedAt Nullable(DateTime64(6, 'UTC')),
    UpdatedAt Nullable(DateTime64(6, 'UTC')),
    Version UInt64,
    Deleted UInt8,
    LastOp LowCardinality(String),
    LastEventId String,
    CommitTs DateTime64(6, 'UTC'),
    SourceKind LowCardinality(String),
    IngestedAt DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY Id;

CREATE TABLE IF NOT EXISTS ledger_journal_entries
(
    Id String,
    TxnId String,
    Account LowCardinality(String),
    Direction LowCardinality(String),
    Amount Nullable(Decimal(38, 4)),
    Currency LowCardinality(String),
    RefType LowCardinality(String),
    RefId String,
    CreatedAt Nullable(DateTime64(6, 'UTC')),
    Version UInt64,
    Deleted UInt8,
    LastOp LowCardinality(String),
    LastEventId String,
    CommitTs DateTime64(6, 'UTC'),
    SourceKind LowCardinality(String),
    IngestedAt DateTime64(6, 'UTC') DEFAULT now64(6),
    INDEX idx_txn_id TxnId TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_ref_id RefId TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY Id;

CREATE TABLE IF NOT EXISTS ledger_settlements
(
    Id String,
    OrderId String,
    MerchantId String,
    Amount Nullable(Decimal(38, 4)),
    Currency LowCardinality(String),
    TccState LowCardinality(String),
    CreatedAt Nullable(DateTime64(6, 'UTC')),
    UpdatedAt Nullable(DateTime64(6, 'UTC')),
    Version UInt64,
    Deleted UInt8,
    LastOp LowCardinality(String),
    LastEventId String,
    CommitTs DateTime64(6, 'UTC'),
    SourceKind LowCardinality(String),
    IngestedAt DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY Id;
