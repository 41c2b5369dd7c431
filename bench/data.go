package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/store/clickhouse"
	"industrydash/seeds"
	"industrydash/seeds/demo"
	leadinggen "industrydash/seeds/leading"
)

// data is the generated data set and the ClickHouse store holding it.
type data struct {
	dsn       string // the bench database
	schemaDSN string // the same-schema database (sameSchemaDSN)
	work      string
	st        *clickhouse.Store
	cat       *domain.Catalogue
	demo      []domain.Observation // 2023 and 2024, as the product's demo
	history   []domain.Observation // the ingest CSV's rows
	csvPath   string
	revs      int // revision rounds of the demo rows added by fill
	total     int

	meterPath string // the generated meter CSV (benchMeterIngest)
	meterRows int
	meterOpts leadinggen.Options
}

// demoRecordedAt fixes the demo rows' time so every run is identical.
var demoRecordedAt = time.Date(2024, 12, 10, 9, 0, 0, 0, time.UTC)

func prepare(ctx context.Context, sc scale, serverDSN, work string, log *slog.Logger) (*data, error) {
	u, err := url.Parse(serverDSN)
	if err != nil {
		return nil, err
	}
	u.Path = "/bench"
	d := &data{dsn: u.String(), work: work}
	d.st, err = clickhouse.Open(ctx, clickhouse.Config{DSN: d.dsn, QueryTimeout: 120 * time.Second})
	if err != nil {
		return nil, err
	}
	if err := d.st.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := app.Bootstrap(ctx, d.st, false, log); err != nil {
		return nil, err
	}
	if d.cat, err = seeds.Builtin(2024); err != nil {
		return nil, err
	}
	// The demo's enterprise list is outside the catalogue (as the demo
	// loads it, app.LoadDemo): the history file reports their output, so the
	// loader must know them.
	if ents := demo.Enterprises(d.cat); len(ents) > 0 {
		if err := d.st.PutOrgUnits(ctx, ents); err != nil {
			return nil, fmt.Errorf("load demo enterprises: %w", err)
		}
	}
	d.demo = demo.Generate(d.cat, demo.Options{Seed: 2024, Through: domain.Month(2024, 11), RecordedAt: demoRecordedAt})
	if err := d.st.AppendObservations(ctx, d.demo); err != nil {
		return nil, fmt.Errorf("load demo rows: %w", err)
	}
	d.total = len(d.demo)
	d.csvPath = filepath.Join(work, "历年实绩.csv")
	if err := d.writeHistoryCSV(sc.HistoryYears); err != nil {
		return nil, err
	}
	logf("generated %s: %d rows over %d years", filepath.Base(d.csvPath), len(d.history), sc.HistoryYears)
	return d, nil
}

// writeHistoryCSV writes demo-shaped monthly data for years from 1900 on
// (a deliberate back-fill: loaded with EarliestYear 1900)
// (skipping 2023 and 2024, which the demo rows hold) as an analyst's CSV.
func (d *data) writeHistoryCSV(years int) error {
	f, err := os.Create(d.csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	_ = w.Write([]string{"indicator", "org_unit", "period", "value", "value_type"})
	for y, n := 1900, 0; n < years && y <= 2025; y++ {
		if y == 2023 || y == 2024 {
			continue
		}
		n++
		for _, o := range demo.Generate(d.cat, demo.Options{Seed: int64(y), Through: domain.Month(y, 12)}) {
			if o.Period.Year != y {
				continue
			}
			period, vt := fmt.Sprintf("%d-%02d", y, o.Period.To), "当月"
			if o.ValueType == domain.ValueYTD {
				period, vt = fmt.Sprintf("%d年%d-%d月", y, o.Period.From, o.Period.To), "累计"
			} else if o.Period.From != o.Period.To {
				period = fmt.Sprintf("%d年%d-%d月", y, o.Period.From, o.Period.To)
			}
			_ = w.Write([]string{o.Indicator, o.OrgUnit, period, strconv.FormatFloat(o.Value, 'g', -1, 64), vt})
			d.history = append(d.history, o)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// benchIngest loads the CSV with the product's loader (validation on) and
// the same file with clickhouse-client into a table of the file's columns.
func benchIngest(ctx context.Context, d *data, res *result) error {
	inds, err := d.st.Indicators(ctx)
	if err != nil {
		return err
	}
	units, err := d.st.OrgUnits(ctx)
	if err != nil {
		return err
	}
	ld := load.New(d.st, load.NewCatalogue(inds, units))
	logf("ingest: product loader (parse, validate, convert, insert)")
	settle(d.dsn)
	t0 := time.Now()
	// The history goes back to 1900: a deliberate back-fill.
	sum, err := ld.LoadFile(ctx, d.csvPath, load.Options{RecordedBy: "bench", AcceptWarnings: true, EarliestYear: 1900})
	el := time.Since(t0)
	if err != nil {
		if sum != nil {
			fmt.Fprintln(os.Stderr, sum.Text())
		}
		return err
	}
	d.total += sum.Loaded
	ours := float64(sum.Read) / el.Seconds()
	logf("ingest: loader read %d, loaded %d rows in %v", sum.Read, sum.Loaded, el.Round(time.Millisecond))

	if err := runClient(d.dsn, nil, "--query", "CREATE TABLE raw_csv (indicator String, org_unit String, period String, "+
		"value Float64, value_type String) ENGINE = MergeTree ORDER BY (indicator, org_unit, period)"); err != nil {
		return err
	}
	f, err := os.Open(d.csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	logf("ingest: clickhouse-client INSERT … FORMAT CSVWithNames of the same file")
	settle(d.dsn)
	t0 = time.Now()
	if err := runClient(d.dsn, f, "--query", "INSERT INTO raw_csv FORMAT CSVWithNames"); err != nil {
		return err
	}
	rawEl := time.Since(t0)
	raw := float64(sum.Read) / rawEl.Seconds()
	logf("ingest: clickhouse-client took %v", rawEl.Round(time.Millisecond))
	res.set("obs_ingest_rows", "%d", sum.Read)
	res.set("obs_ingest_rows_per_s", "%.0f", ours)
	res.set("obs_clickhouse_client_rows_per_s", "%.0f", raw)
	res.set("obs_ingest_ratio", "%.2f", ours/raw)

	logf("ingest: clickhouse-client INSERT of the rows the loader stored into the product's own observations table")
	same, err := sameSchemaInsert(ctx, d, "observation_rows", clickhouse.InsertColumns("observation_rows"), "batch_id = '"+sum.BatchID+"'")
	if err != nil {
		return fmt.Errorf("same-schema insert: %w", err)
	}
	sameRate := float64(sum.Loaded) / same.Seconds()
	logf("ingest: clickhouse-client took %v (same schema)", same.Round(time.Millisecond))
	res.set("obs_same_schema_rows_per_s", "%.0f", sameRate)
	res.set("obs_ingest_same_schema_ratio", "%.2f", float64(sum.Loaded)/el.Seconds()/sameRate)
	return nil
}

// revisions returns revision round r of the demo rows: the same values
// submitted again later (a re-submitted report), which the current-value
// queries must see through.
func (d *data) revisions(r int) []domain.Observation {
	out := make([]domain.Observation, len(d.demo))
	at := demoRecordedAt.Add(time.Duration(r) * time.Hour)
	for i, o := range d.demo {
		o.RecordedAt = at
		o.Source = "bench-revision"
		o.BatchID = fmt.Sprintf("bench-rev-%d", r)
		o.Demo = false
		out[i] = o
	}
	return out
}

// fill appends revision rounds until the store holds sc.Observations rows.
func fill(ctx context.Context, d *data, sc scale) error {
	per := len(d.demo)
	need := sc.Observations - d.total
	if need <= 0 {
		return nil
	}
	d.revs = (need + per - 1) / per
	logf("fill: %d revision rounds of %d rows", d.revs, per)
	const roundsPerAppend = 30
	for r := 1; r <= d.revs; r += roundsPerAppend {
		var batch []domain.Observation
		for k := r; k < r+roundsPerAppend && k <= d.revs; k++ {
			batch = append(batch, d.revisions(k)...)
		}
		if err := d.st.AppendObservations(ctx, batch); err != nil {
			return err
		}
		d.total += len(batch)
	}
	logf("fill: store holds %d observations", d.total)
	return nil
}
