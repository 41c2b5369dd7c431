-- 0004_accounts: users, sessions, API tokens, submissions (every version),
-- submission events and the audit log (store.Accounts, store.Submissions,
-- store.Audit).
--
-- The submissions and submission_events tables of 0001 do not fit the
-- interface: submissions was a ReplacingMergeTree that merges would collapse
-- to its latest version (every version must be kept) and had no values,
-- people, submitted time or reason; submission_events had no action or
-- from/to status. They stay, unused; the _v2 tables below replace them.
--
-- As in 0001: times are a UInt64 of Unix nanoseconds (0 = the zero time)
-- for exact round trips, plus a DateTime where people or partitions need
-- one; booleans are UInt8; "current" rows are read with argMax over a
-- version in a GROUP BY, never FINAL. seq is a strictly increasing write
-- stamp from the store (nanoseconds), the tie-breaker "later write wins".

-- Users: a few hundred rows, every version kept. Current = argMax by
-- (updated_ns, seq): the latest UpdatedAt wins, ties go to the later write.
-- A plain MergeTree, because a ReplacingMergeTree keeps one version column
-- and would let a later write with an older UpdatedAt survive merges.
-- Ordered by id: lookups and the GROUP BY are by id.
CREATE TABLE IF NOT EXISTS users
(
    id              String,
    name            String,
    display_name    String,
    role            String,
    org_unit        String,
    password_hash   String,
    disabled        UInt8,
    failed_logins   Int64,
    locked_until_ns UInt64,
    created_ns      UInt64,
    updated_ns      UInt64,
    updated_at      DateTime,
    seq             UInt64
)
ENGINE = MergeTree()
ORDER BY id;

-- Sessions: the later write wins (revocation is a write), so a
-- ReplacingMergeTree by seq may drop superseded rows; readers still take
-- argMax by seq. One row per login: ordered by id for point lookups;
-- unpartitioned (small rows, and expired sessions are harmless).
CREATE TABLE IF NOT EXISTS sessions
(
    id         String,
    user_id    String,
    csrf       String,
    created_ns UInt64,
    expires_ns UInt64,
    revoked    UInt8,
    written_at DateTime,
    seq        UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY id;

-- API tokens: as sessions.
CREATE TABLE IF NOT EXISTS api_tokens
(
    id         String,
    user_id    String,
    name       String,
    created_ns UInt64,
    revoked    UInt8,
    written_at DateTime,
    seq        UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY id;

-- Submissions: every version is a row (append-only MergeTree). Current =
-- argMax by (version, seq). values_json is the proposed observations as a
-- JSON array: read and written whole, never queried inside, and portable
-- to every ClickHouse release. Ordered by (id, version): a submission's
-- versions are contiguous. Units × months × versions: no partitioning.
CREATE TABLE IF NOT EXISTS submissions_v2
(
    id           String,
    version      UInt32,
    org_unit     String,
    year         UInt16,
    month_from   UInt8,
    month_to     UInt8,
    status       String,
    values_json  String,
    created_by   String,
    created_ns   UInt64,
    updated_by   String,
    updated_ns   UInt64,
    updated_at   DateTime,
    submitted_ns UInt64,
    reason       String,
    seq          UInt64
)
ENGINE = MergeTree()
ORDER BY (id, version);

-- Submission events: append-only, read per submission oldest first, so
-- ordered by (submission_id, at_ns, seq).
CREATE TABLE IF NOT EXISTS submission_events_v2
(
    submission_id String,
    action        String,
    from_status   String,
    to_status     String,
    actor         String,
    reason        String,
    at            DateTime,
    at_ns         UInt64,
    seq           UInt64
)
ENGINE = MergeTree()
ORDER BY (submission_id, at_ns, seq);

-- Audit log: append-only, every write of the product. Partitioned by year
-- so old years can be detached or archived whole; ordered by time, the
-- order it is read in (newest first) and the range every query filters on.
CREATE TABLE IF NOT EXISTS audit_log
(
    at         DateTime,
    at_ns      UInt64,
    seq        UInt64,
    actor      String,
    role       String,
    action     String,
    object     String,
    old_value  String,
    new_value  String,
    ip         String,
    request_id String
)
ENGINE = MergeTree()
PARTITION BY toYear(at)
ORDER BY (at_ns, seq);
