-- 0013_budget_frames: what a year's department budget is besides its lines
-- (budget.Frame): the department, its budget units and the projects'
-- performance indicators, stored whenever a budget is loaded so that any
-- year loaded from a folder is served as loaded. Every version is kept; the
-- current frame of a year is the one with the greatest recorded_ns. The
-- frame travels whole as JSON in doc. Ordered by (year, recorded_ns); no
-- partitioning: one row a year and load.
CREATE TABLE IF NOT EXISTS budget_frames
(
    year        UInt16,
    doc         String,
    recorded_at DateTime,
    recorded_ns UInt64
)
ENGINE = MergeTree()
ORDER BY (year, recorded_ns);
