-- 0011_leading_batch_visibility: a multi-block load of 先行指标 is all or
-- nothing (issue 24). A loader first opens its batch (a +1 row in
-- leading_open_batches) and commits it when every block is written (a −1
-- row, with the batch record); queries leave out the rows of batches still
-- open, so a load killed halfway shows nothing, and running it again (a new
-- batch) completes it once. Rows written without opening a batch are
-- visible at once, as before.
--
-- The daily pre-aggregate therefore keeps batch_id in its key. It is filled
-- from leading_power before its view is created, and only while it is
-- empty, so that running this migration again adds nothing twice.

CREATE TABLE IF NOT EXISTS leading_open_batches
(
    batch_id String,
    state    Int8,
    at_ns    UInt64
)
ENGINE = MergeTree()
ORDER BY batch_id;

CREATE TABLE IF NOT EXISTS leading_power_daily_batch
(
    date     Date,
    district String,
    chain    String,
    batch_id String,
    wh       Int64,
    readings Int64
)
ENGINE = SummingMergeTree((wh, readings))
PARTITION BY toYear(date)
ORDER BY (date, district, chain, batch_id);

INSERT INTO leading_power_daily_batch (date, district, chain, batch_id, wh, readings)
SELECT date, district, chain, batch_id, sum(wh * sign), sum(toInt64(sign))
FROM leading_power
WHERE (SELECT count() FROM leading_power_daily_batch) = 0
GROUP BY date, district, chain, batch_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS leading_power_daily_batch_mv TO leading_power_daily_batch
AS SELECT date, district, chain, batch_id, sum(wh * sign) AS wh, sum(toInt64(sign)) AS readings
FROM leading_power
GROUP BY date, district, chain, batch_id;

DROP TABLE IF EXISTS leading_power_daily_mv;
