-- 0014_observation_rows: observations partitioned by decade, not by year.
--
-- A year of monthly figures is tens of thousands of rows, and every
-- partition an INSERT touches becomes a part of its own (about forty files):
-- a 30-year history file wrote 30 parts per load and cost the server five
-- times what one part costs. Partitions by decade keep the parts few; every
-- part still records the min and max of year (the partition key's column),
-- so a query for one or two years skips the other parts as before.
--
-- 18.16 can neither change a table's partition key nor rename tables
-- conditionally, so the rows move to a new table, observation_rows, which
-- the store reads and writes from this version on. The copy skips the rows
-- already copied (recorded_ns and seq identify a row), so a migration
-- interrupted half-way is run again; the old table is dropped last, and a
-- copy out of a table the migration has already dropped counts as done.

CREATE TABLE IF NOT EXISTS observation_rows
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
    demo            UInt8,
    yoy_pct         Float64 DEFAULT 0,
    has_yoy_pct     UInt8 DEFAULT 0
)
ENGINE = MergeTree()
PARTITION BY intDiv(year, 10)
ORDER BY (indicator, org_unit, year, month_to, month_from, value_type, recorded_ns);

INSERT INTO observation_rows (indicator, org_unit, year, month_from, month_to, value_type, value, submitted_value,
    submitted_unit, source, batch_id, submission_id, recorded_at, recorded_ns, seq, recorded_by, note, demo, yoy_pct,
    has_yoy_pct)
SELECT indicator, org_unit, year, month_from, month_to, value_type, value, submitted_value,
    submitted_unit, source, batch_id, submission_id, recorded_at, recorded_ns, seq, recorded_by, note, demo, yoy_pct,
    has_yoy_pct
FROM observations
WHERE (recorded_ns, seq) NOT IN (SELECT recorded_ns, seq FROM observation_rows);

DROP TABLE IF EXISTS observations;
