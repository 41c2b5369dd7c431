-- 0005_observation_yoy: domain.Observation gained YoYPct, the 同比 growth
-- published with a value (the 规上 enterprise set changes every year, so the
-- published rate is stored, never only derived). Absent is has_yoy_pct = 0,
-- as the targets table does for its optional numbers: no Nullable, whose
-- NULLs argMax would skip (a newer row without a 同比 would inherit an older
-- row's).
--
-- 18.16 has no ADD COLUMN IF NOT EXISTS; the migrator treats "column with
-- this name already exists" on an ADD COLUMN as already applied.
ALTER TABLE observations ADD COLUMN yoy_pct Float64 DEFAULT 0 AFTER demo;
ALTER TABLE observations ADD COLUMN has_yoy_pct UInt8 DEFAULT 0 AFTER yoy_pct;
