-- 0005_target_document: domain.Target gained Document, the document that set
-- a revision (文号 of a 年中调整 notice, or the plan's name for 年初下达).
--
-- 18.16 has no ADD COLUMN IF NOT EXISTS; the migrator treats "column with
-- this name already exists" on an ADD COLUMN as already applied.
ALTER TABLE targets ADD COLUMN document String DEFAULT '' AFTER note;
