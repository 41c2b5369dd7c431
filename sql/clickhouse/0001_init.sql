-- 0001_init: the initial schema of the indicator dashboard.
--
-- Conventions for every table below:
--  * Facts are append-only. "Current" values are computed with argMax over a
--    version column in a GROUP BY, never with FINAL or OPTIMIZE, so results
--    are correct before background merges run and on a cluster where the
--    tables become Replicated*MergeTree behind Distributed tables.
--  * Times are kept twice: a DateTime for people and tools (second
--    precision) and a UInt64 of Unix nanoseconds for exact ordering and
--    exact round trips.
--  * No Nullable columns in values read through argMax: aggregate functions
--    skip NULLs, which would resurrect an older revision's value. Optional
--    numbers are a Float64 plus a has_* UInt8 flag instead.

-- Schema migrations: one row per applied migration file. The migrator reads
-- max(version); a migration re-run after a crash adds a duplicate row, which
-- is harmless. Tiny table: ordered by version, no partitioning.
CREATE TABLE IF NOT EXISTS schema_migrations
(
    version    UInt32,
    name       String,
    applied_at DateTime
)
ENGINE = MergeTree()
ORDER BY version;

-- Org units change rarely and are replaced by code. ReplacingMergeTree keyed
-- by code lets merges drop superseded versions; readers still use
-- argMax(…, version) per code, which is correct whether or not merges ran.
-- A few hundred rows: no partitioning.
CREATE TABLE IF NOT EXISTS org_units
(
    code       String,
    name       String,
    short_name String,
    kind       String,
    parent     String,
    ord        Int32,
    version    UInt64,
    updated_at DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY code;

-- Indicators: the catalogue, replaced by code like org_units (same reasoning).
CREATE TABLE IF NOT EXISTS indicators
(
    code         String,
    name         String,
    unit         String,
    kind         String,
    direction    String,
    chain        String,
    section      String,
    source_organ String,
    scope        String,
    price_basis  String,
    reporting    String,
    breakdown    Array(String),
    tier_of      String,
    tier_min     Float64,
    tier_max     Float64,
    stages       Array(String),
    ord          Int32,
    version      UInt64,
    updated_at   DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY code;

-- Targets: every revision is kept (年初下达 and 年中调整), so a plain
-- append-only MergeTree. Ordered by the target's identity then revision, the
-- order in which the current revision (argMax by revision) and the revision
-- history are read. Hundreds of rows per year: no partitioning.
CREATE TABLE IF NOT EXISTS targets
(
    year           UInt16,
    indicator      String,
    org_unit       String,
    revision       UInt32,
    revision_kind  String,
    comparator     String,
    value          Float64,
    value_high     Float64,
    has_value_high UInt8,
    tolerance      Float64,
    has_tolerance  UInt8,
    baseline       Float64,
    has_baseline   UInt8,
    aspiration     UInt8,
    source_quote   String,
    section        String,
    phasing        Array(Float64),
    recorded_at    DateTime,
    recorded_ns    UInt64,
    recorded_by    String,
    note           String
)
ENGINE = MergeTree()
ORDER BY (year, indicator, org_unit, revision);

-- Observations (实绩): append-only; a correction is a new row. Partitioned by
-- year because dashboards read one or two years at a time and old years can
-- be detached or moved as whole partitions. Ordered by the series key
-- (indicator, org_unit, year, month_to, month_from, value_type) so that the
-- "current value per key" GROUP BY reads contiguous ranges and filters on
-- indicator/org unit use the primary index; recorded_ns last so a key's
-- history is stored in recording order. seq breaks ties between rows
-- recorded in the same nanosecond (insertion order).
CREATE TABLE IF NOT EXISTS observations
(
    indicator       String,
    org_unit        String,
    year            UInt16,
    month_from      UInt8,
    month_to        UInt8,
    value_type      String,
    value           Float64,
    submitted_value Float64,
    submitted_unit  String,
    source          String,
    batch_id        String,
    submission_id   String,
    recorded_at     DateTime,
    recorded_ns     UInt64,
    seq             UInt64,
    recorded_by     String,
    note            String,
    demo            UInt8
)
ENGINE = MergeTree()
PARTITION BY year
ORDER BY (indicator, org_unit, year, month_to, month_from, value_type, recorded_ns);

-- Ingest batches: one summary per loaded file or submission. A batch may be
-- recorded again with final counts, so it is replaced by id (argMax by
-- version on read). Small table: no partitioning.
CREATE TABLE IF NOT EXISTS ingest_batches
(
    id         String,
    source     String,
    kind       String,
    checksum   String,
    read_rows  UInt64,
    loaded     UInt64,
    unchanged  UInt64,
    rejected   UInt64,
    started_at DateTime,
    started_ns UInt64,
    ended_at   DateTime,
    ended_ns   UInt64,
    by_user    String,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;

-- Submissions (填报): one unit's batch for one period. The row is replaced
-- by id as its status moves (argMax by version on read); the full story is
-- in submission_events. Ordered by id, the only lookup key besides small
-- scans by unit and period.
CREATE TABLE IF NOT EXISTS submissions
(
    id         String,
    org_unit   String,
    year       UInt16,
    month_from UInt8,
    month_to   UInt8,
    status     String,
    created_at DateTime,
    created_ns UInt64,
    updated_at DateTime,
    updated_ns UInt64,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;

-- Submission events: every action (submit, approve, return with reason,
-- resubmit) with actor and time, append-only. Ordered by submission then
-- time: the audit trail of one submission is one contiguous range.
CREATE TABLE IF NOT EXISTS submission_events
(
    submission_id String,
    org_unit      String,
    year          UInt16,
    month_from    UInt8,
    month_to      UInt8,
    status        String,
    actor         String,
    reason        String,
    at            DateTime,
    at_ns         UInt64
)
ENGINE = MergeTree()
ORDER BY (submission_id, at_ns);

-- Data versions: one row appended after every write; DataVersion reads
-- count() and max(ns), which change on every write. Ordered by ns.
CREATE TABLE IF NOT EXISTS data_versions
(
    at   DateTime,
    ns   UInt64,
    what String
)
ENGINE = MergeTree()
ORDER BY ns;
