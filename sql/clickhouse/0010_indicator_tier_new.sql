-- 0010_indicator_tier_new: domain.Indicator gained TierNew (a tier count of
-- new entrants only: “2个超300亿元园区（新增1个）”'s 新增1个 counts the parks in
-- the band this year that were below it last year).
--
-- 18.16 has no ADD COLUMN IF NOT EXISTS; the migrator treats "column with
-- this name already exists" on an ADD COLUMN as already applied.
ALTER TABLE indicators ADD COLUMN tier_new UInt8 DEFAULT 0 AFTER annual;
