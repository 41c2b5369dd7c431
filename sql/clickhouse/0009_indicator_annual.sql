-- 0009_indicator_annual: domain.Indicator gained Annual (年度指标: published
-- once a year, such as 一般工业固废综合利用率), so that no figure before the
-- year's end is not reported as missing data.
--
-- 18.16 has no ADD COLUMN IF NOT EXISTS; the migrator treats "column with
-- this name already exists" on an ADD COLUMN as already applied.
ALTER TABLE indicators ADD COLUMN annual UInt8 DEFAULT 0 AFTER stages;
