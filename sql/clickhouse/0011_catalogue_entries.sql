-- 0011_catalogue_entries: names analysts add to the catalogue after it was
-- loaded (store.CatalogueEntry): indicator aliases (规模以上工业总产值 for
-- industry.output_value) and units of measure uploaded on 目标管理. Append
-- only: the current entry of (kind, name) is the one with the greatest
-- recorded_ns; deleted = 1 withdraws it. Ordered by (kind, name,
-- recorded_ns), the GROUP BY of the current-entry query. No partitioning:
-- a few hundred rows.
CREATE TABLE IF NOT EXISTS catalogue_entries
(
    kind        String,
    name        String,
    value       String,
    deleted     UInt8,
    recorded_at DateTime,
    recorded_ns UInt64,
    recorded_by String
)
ENGINE = MergeTree()
ORDER BY (kind, name, recorded_ns);
