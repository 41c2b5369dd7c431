-- 0008_org_unit_aliases: domain.OrgUnit gained Aliases, further names people
-- type for a unit (内蒙古自治区: 全区, 自治区), and the benchmark kind (全国,
-- 内蒙古自治区), which needs no schema change (kind is a String).
--
-- 18.16 has no ADD COLUMN IF NOT EXISTS; the migrator treats "column with
-- this name already exists" on an ADD COLUMN as already applied.
ALTER TABLE org_units ADD COLUMN aliases Array(String) AFTER ord;
