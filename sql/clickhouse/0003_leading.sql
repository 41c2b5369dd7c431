-- 0003_leading: 先行指标 (leading indicators): enterprises, daily electricity
-- consumption per enterprise, commodity prices, and the loads that wrote them.
--
-- Consumption is integer watt-hours (wh) so that sums and corrections are
-- exact. A correction appends a cancelling row (sign = -1, the old value and
-- attribution) and the new row (sign = +1): the current value of a key is
-- sum(wh * sign), and the pre-aggregated daily view below stays exact
-- without FINAL, OPTIMIZE or waiting for merges.

-- Enterprises are replaced by code (argMax by version on read). A few
-- thousand rows: no partitioning.
CREATE TABLE IF NOT EXISTS leading_enterprises
(
    code       String,
    name       String,
    district   String,
    chain      String,
    version    UInt64,
    updated_at DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY code;

-- Daily consumption per enterprise (tens of millions of rows). Partitioned
-- by year: a 100k-row load block touches one or two partitions whatever the
-- file's order, and old years can be detached whole. Ordered by (date,
-- enterprise): loads look up the current values of a block's keys by date
-- range, and the dashboards read date ranges.
CREATE TABLE IF NOT EXISTS leading_power
(
    date        Date,
    enterprise  String,
    district    String,
    chain       String,
    wh          Int64,
    sign        Int8,
    batch_id    String,
    recorded_at DateTime,
    recorded_ns UInt64
)
ENGINE = MergeTree()
PARTITION BY toYear(date)
ORDER BY (date, enterprise);

-- Daily totals by district and chain, kept by the materialized view below.
-- SummingMergeTree adds rows with the same key when parts merge; merges are
-- eventual, so readers still GROUP BY and sum. readings counts the
-- enterprise-days reported (a correction nets to zero). Ordered by date
-- first: every dashboard query is a date range.
CREATE TABLE IF NOT EXISTS leading_power_daily
(
    date     Date,
    district String,
    chain    String,
    wh       Int64,
    readings Int64
)
ENGINE = SummingMergeTree((wh, readings))
PARTITION BY toYear(date)
ORDER BY (date, district, chain);

CREATE MATERIALIZED VIEW IF NOT EXISTS leading_power_daily_mv TO leading_power_daily
AS SELECT date, district, chain, sum(wh * sign) AS wh, sum(toInt64(sign)) AS readings
FROM leading_power
GROUP BY date, district, chain;

-- Commodity prices: append-only, the current price per (commodity, date) is
-- argMax(price, recorded_ns). Thousands of rows: no partitioning.
CREATE TABLE IF NOT EXISTS leading_prices
(
    commodity   String,
    date        Date,
    price       Float64,
    batch_id    String,
    recorded_at DateTime,
    recorded_ns UInt64
)
ENGINE = MergeTree()
ORDER BY (commodity, date, recorded_ns);

-- Loaded files by kind and checksum: a file loaded before is skipped. Read
-- with argMax by ended_ns. Small table.
CREATE TABLE IF NOT EXISTS leading_batches
(
    kind       String,
    checksum   String,
    id         String,
    source     String,
    rows       UInt64,
    added      UInt64,
    changed    UInt64,
    unchanged  UInt64,
    started_ns UInt64,
    ended_ns   UInt64,
    ended_at   DateTime
)
ENGINE = ReplacingMergeTree(ended_ns)
ORDER BY (kind, checksum);
