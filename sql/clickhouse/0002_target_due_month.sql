-- 0002_target_due_month: domain.Target gained DueMonth (when a milestone
-- target's stage is due, 1..12; 0 = by year end).
--
-- 18.16 has no ADD COLUMN IF NOT EXISTS; the migrator treats "column with
-- this name already exists" on an ADD COLUMN as already applied.
ALTER TABLE targets ADD COLUMN due_month UInt8 DEFAULT 0 AFTER phasing;
