-- Tech-debt signals (SPEC §3.5, §5.6). One row per finding of a report (a function's complexity,
-- a vulnerability, a code-scanning result) or per CI execution (a workflow run attempt, a JUnit
-- test run). Rows are keyed by the report they came in, so "open as of T" is the content of the
-- latest report up to T, and a re-sent report replaces itself instead of adding rows. No
-- partitioning: a newer version of a row must meet the older one in the same part to replace it.
CREATE TABLE IF NOT EXISTS debt_signals
(
    Service LowCardinality(String),
    Kind LowCardinality(String),
    ReportId String,
    Fingerprint String,
    ReportedAt DateTime64(3),
    Item String,
    Location String,
    Severity LowCardinality(String),
    Status LowCardinality(String),
    Value Float64,
    FixAvailable UInt8,
    Detail String,
    ReceivedAt DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ReportedAt)
ORDER BY (Service, Kind, ReportId, Fingerprint);

-- One row per report, written after its findings: a report is only ever chosen as "latest" once
-- all of its rows are stored.
CREATE TABLE IF NOT EXISTS debt_reports
(
    Service LowCardinality(String),
    Kind LowCardinality(String),
    ReportId String,
    ReportedAt DateTime64(3),
    Items UInt32,
    Source String,
    ReceivedAt DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ReportedAt)
ORDER BY (Service, Kind, ReportId);

-- The debt index per service and day as of the end of the day (today's row is rewritten as the day goes).
CREATE TABLE IF NOT EXISTS debt_index_daily
(
    Day Date,
    Service LowCardinality(String),
    DebtIndex Nullable(Float64),
    Maintainability Nullable(Float64),
    Observability Nullable(Float64),
    BuildStability Nullable(Float64),
    Security Nullable(Float64),
    Flagged UInt8,
    TrafficShare Float64,
    ComputedAt DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ComputedAt)
ORDER BY (Day, Service);
