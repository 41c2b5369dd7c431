package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"industrydash/internal/app"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store/embedded"
)

// overviewQuery is the 总览 the bench asks for: 2024 as of November.
var overviewQuery = monitor.Query{Year: 2024, Month: 11}

// rawOverviewSQL are the queries a cold 总览 sends (data version, catalogue,
// targets, current values of the year and the year before), as the
// ClickHouse store writes them.
var rawOverviewSQL = []string{
	"SELECT count(), max(ns) FROM data_versions",
	"SELECT code, argMax(name, version), argMax(unit, version), argMax(kind, version), argMax(direction, version), argMax(chain, version), argMax(section, version), argMax(source_organ, version), argMax(scope, version), argMax(price_basis, version), argMax(reporting, version), argMax(breakdown, version), argMax(tier_of, version), argMax(tier_min, version), argMax(tier_max, version), argMax(stages, version), argMax(ord, version) AS cur_ord FROM indicators GROUP BY code ORDER BY cur_ord, code",
	"SELECT code, argMax(name, version), argMax(short_name, version), argMax(kind, version), argMax(parent, version), argMax(ord, version) AS cur_ord FROM org_units GROUP BY code ORDER BY cur_ord, code",
	"SELECT year, indicator, org_unit, max(revision), " + argMaxList("revision", "revision_kind", "comparator", "value", "value_high", "has_value_high", "tolerance", "has_tolerance", "baseline", "has_baseline", "aspiration", "source_quote", "section", "phasing", "due_month", "recorded_at", "recorded_ns", "recorded_by", "note") + " FROM targets WHERE year IN (2024) GROUP BY year, indicator, org_unit ORDER BY year, indicator, org_unit",
	currentObsSQL("year IN (2024) AND month_to <= 11"),
	currentObsSQL("year IN (2023)"),
}

func argMaxList(by string, cols ...string) string {
	s := ""
	for i, c := range cols {
		if i > 0 {
			s += ", "
		}
		s += "argMax(" + c + ", " + by + ")"
	}
	return s
}

func currentObsSQL(where string) string {
	return "SELECT indicator, org_unit, year, month_from, month_to, value_type, " +
		argMaxList("(recorded_ns, seq)", "value", "submitted_value", "submitted_unit", "source", "batch_id", "submission_id",
			"recorded_at", "recorded_ns", "seq", "recorded_by", "note", "demo") +
		" FROM observations WHERE " + where +
		" GROUP BY indicator, org_unit, year, month_from, month_to, value_type ORDER BY indicator, org_unit, year, month_to, month_from, value_type"
}

// benchOverview times a cold 总览 through the monitor (a fresh service each
// run, so nothing is cached) and the same queries run raw, reading every row.
func benchOverview(ctx context.Context, d *data, sc scale, res *result, log *slog.Logger) error {
	var served []time.Duration
	rows := 0
	for i := 0; i <= sc.OverviewRuns; i++ { // the first run warms the server's caches and is not counted
		svc := monitor.MustNew(monitor.Config{Reader: d.st, Engine: progress.DefaultConfig(), Log: log})
		t0 := time.Now()
		ov, err := svc.Overview(ctx, overviewQuery)
		if err != nil {
			return err
		}
		if i > 0 {
			served = append(served, time.Since(t0))
		}
		rows = len(ov.Rows)
	}
	opts, err := ch.ParseDSN(d.dsn)
	if err != nil {
		return err
	}
	conn, err := ch.Open(opts)
	if err != nil {
		return err
	}
	defer conn.Close()
	var raw []time.Duration
	for i := 0; i <= sc.OverviewRuns; i++ {
		t0 := time.Now()
		for _, q := range rawOverviewSQL {
			if err := readAll(ctx, conn, q); err != nil {
				return fmt.Errorf("raw query %.60s…: %w", q, err)
			}
		}
		if i > 0 {
			raw = append(raw, time.Since(t0))
		}
	}
	o, r := medianMS(served), medianMS(raw)
	logf("overview: %d targets; served %.1f ms, raw queries %.1f ms (medians of %d)", rows, o, r, sc.OverviewRuns)
	res.set("overview_ms", "%.1f", o)
	res.set("overview_raw_ms", "%.1f", r)
	res.set("overview_ratio", "%.2f", o/r)
	return nil
}

// readAll runs q and scans every row into values of the columns' types.
func readAll(ctx context.Context, conn ch.Conn, q string) error {
	rows, err := conn.Query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cts := rows.ColumnTypes()
	dest := make([]any, len(cts))
	for i, ct := range cts {
		dest[i] = reflect.New(ct.ScanType()).Interface()
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// benchEmbedded loads the same observations into the embedded store and
// times a cold 总览 there.
func benchEmbedded(ctx context.Context, d *data, sc scale, res *result, log *slog.Logger) error {
	db, err := embedded.Open(embedded.Config{Dir: filepath.Join(d.work, "embedded")})
	if err != nil {
		return err
	}
	st := db.Facts()
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	if _, err := app.LoadCatalogue(ctx, st, d.cat); err != nil {
		return err
	}
	n := 0
	add := func(obs []domain.Observation) error {
		n += len(obs)
		return st.AppendObservations(ctx, obs)
	}
	t0 := time.Now()
	if err := add(d.demo); err != nil {
		return err
	}
	hist := make([]domain.Observation, len(d.history))
	at := demoRecordedAt.Add(-time.Hour)
	for i, o := range d.history {
		o.RecordedAt, o.Source, o.BatchID, o.Demo = at, "历年实绩.csv", "bench-history", false
		hist[i] = o
	}
	for i := 0; i < len(hist); i += 100_000 {
		if err := add(hist[i:min(i+100_000, len(hist))]); err != nil {
			return err
		}
	}
	const roundsPerAppend = 30
	for r := 1; r <= d.revs; r += roundsPerAppend {
		var batch []domain.Observation
		for k := r; k < r+roundsPerAppend && k <= d.revs; k++ {
			batch = append(batch, d.revisions(k)...)
		}
		if err := add(batch); err != nil {
			return err
		}
	}
	logf("embedded: appended %d observations in %v", n, time.Since(t0).Round(time.Millisecond))
	var served []time.Duration
	for i := 0; i <= sc.OverviewRuns; i++ {
		svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig(), Log: log})
		t0 := time.Now()
		if _, err := svc.Overview(ctx, overviewQuery); err != nil {
			return err
		}
		if i > 0 {
			served = append(served, time.Since(t0))
		}
	}
	e := medianMS(served)
	logf("embedded: overview %.1f ms at %d observations", e, n)
	res.set("embedded_observations", "%d", n)
	res.set("embedded_overview_ms", "%.1f", e)
	return nil
}
