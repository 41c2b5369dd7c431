package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/leading/leadingload"
	"industrydash/internal/store/clickhouse"
	leadinggen "industrydash/seeds/leading"
)

// meterDays is the span of the generated meter data: two years of days.
const meterDays = 730

// benchMeterIngest is the 10M-row path the product sits on ClickHouse for:
// daily electricity per enterprise. It generates the CSV deterministically,
// loads it with the product's loader (header mapping, unit conversion,
// validation of every row, de-duplication against stored readings, chunked
// inserts, the materialized view's upkeep) and loads the same file with
// clickhouse-client into a plain table of the file's columns.
func benchMeterIngest(ctx context.Context, d *data, sc scale, res *result) error {
	ents := sc.MeterRows / meterDays
	if ents < 1 {
		ents = 1
	}
	opts := leadinggen.Options{Enterprises: ents, Days: meterDays, Seed: 2024}
	path := filepath.Join(d.work, "企业日用电量.csv")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	t0 := time.Now()
	if err := leadinggen.Write(f, opts); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	rows := ents * meterDays
	d.meterPath, d.meterRows, d.meterOpts = path, rows, opts
	logf("meter: generated %d rows (%d enterprises × %d days) in %v", rows, ents, meterDays, time.Since(t0).Round(time.Millisecond))

	units, err := d.st.OrgUnits(ctx)
	if err != nil {
		return err
	}
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	logf("meter: product loader (validate every row, convert, de-duplicate, insert)")
	settle(d.dsn)
	t0 = time.Now()
	r, err := leadingload.LoadPower(ctx, d.st, filepath.Base(path), in, leadingload.Options{Units: domain.NewUnitIndex(units)})
	el := time.Since(t0)
	if err != nil {
		return err
	}
	loaded := r.Batch.Counts.Added
	logf("meter: loaded %d rows in %v", loaded, el.Round(time.Millisecond))

	if err := runClient(d.dsn, nil, "--query", "CREATE TABLE raw_power (enterprise String, name String, district String, "+
		"chain String, date Date, kwh Float64) ENGINE = MergeTree PARTITION BY toYear(date) ORDER BY (date, enterprise)"); err != nil {
		return err
	}
	if _, err := in.Seek(0, 0); err != nil {
		return err
	}
	logf("meter: clickhouse-client INSERT … FORMAT CSVWithNames of the same file")
	settle(d.dsn)
	t0 = time.Now()
	if err := runClient(d.dsn, in, "--query", "INSERT INTO raw_power FORMAT CSVWithNames"); err != nil {
		return err
	}
	rawEl := time.Since(t0)
	ours, raw := float64(rows)/el.Seconds(), float64(rows)/rawEl.Seconds()
	logf("meter: clickhouse-client took %v", rawEl.Round(time.Millisecond))
	if loaded != rows {
		return fmt.Errorf("the loader stored %d of %d rows", loaded, rows)
	}
	res.set("ingest_path", "%s", "meter_csv")
	res.set("ingest_rows", "%d", rows)
	res.set("ingest_rows_per_s", "%.0f", ours)
	res.set("clickhouse_client_rows_per_s", "%.0f", raw)
	res.set("ingest_ratio", "%.2f", ours/raw)

	logf("meter: clickhouse-client INSERT of the rows the loader stored into the product's own leading_power (with its materialized views)")
	same, err := sameSchemaInsert(ctx, d, "leading_power", clickhouse.InsertColumns("leading_power"), "batch_id = '"+r.Batch.ID+"'")
	if err != nil {
		return fmt.Errorf("same-schema insert: %w", err)
	}
	sameRate := float64(rows) / same.Seconds()
	logf("meter: clickhouse-client took %v (same schema)", same.Round(time.Millisecond))
	res.set("same_schema_rows_per_s", "%.0f", sameRate)
	res.set("ingest_same_schema_ratio", "%.2f", ours/sameRate)
	return nil
}
