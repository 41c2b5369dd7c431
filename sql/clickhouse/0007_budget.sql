-- 0007_budget: the department budget (部门预算) and its payments
-- (budget.Store).
--
-- Budget lines: about a hundred per year, every version kept (the first is
-- the 年初预算, later ones 预算调整). The line travels whole as JSON in doc
-- (its quote, match rule, plan and printed cross-check figures are read
-- together, never filtered on); year, code and amount are columns for
-- people querying the table. Ordered by (year, code, recorded_ns): reads are
-- by year, versions by code in time order. No partitioning: tiny.
CREATE TABLE IF NOT EXISTS budget_lines
(
    year        UInt16,
    code        String,
    amount      Float64,
    doc         String,
    recorded_at DateTime,
    recorded_ns UInt64
)
ENGINE = MergeTree()
ORDER BY (year, code, recorded_ns);

-- Payments: append-only; the current amount of a key (unit, function and
-- economic codes, project, source, months, 口径) is argMax(amount,
-- recorded_ns), as of a time when recorded_ns is bounded. Partitioned by
-- year: every read is one year's. Ordered by the key then recorded_ns, the
-- GROUP BY of the current-value query.
CREATE TABLE IF NOT EXISTS budget_payments
(
    year          UInt16,
    unit          String,
    function_code String,
    economic_code String,
    project       String,
    source        String,
    month_from    UInt8,
    month_to      UInt8,
    value_type    String,
    amount        Float64,
    file          String,
    row           UInt32,
    recorded_at   DateTime,
    recorded_ns   UInt64,
    recorded_by   String,
    note          String
)
ENGINE = MergeTree()
PARTITION BY year
ORDER BY (year, unit, function_code, economic_code, project, source, month_to, month_from, value_type, recorded_ns);
