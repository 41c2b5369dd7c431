package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"industrydash/internal/app"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/embedded"
)

// overviewQuery is the 总览 the bench asks for: 2024 as of November.
var overviewQuery = monitor.Query{Year: 2024, Month: 11}

// tracer records the read statements a store sends (clickhouse.Config.Trace).
type tracer struct {
	mu    sync.Mutex
	stmts []traced
}

// traced is one statement with its bound arguments.
type traced struct {
	query string
	args  []any
}

func (t *tracer) record(query string, args []any) {
	t.mu.Lock()
	t.stmts = append(t.stmts, traced{query, append([]any(nil), args...)})
	t.mu.Unlock()
}

// take returns the statements recorded since the last take.
func (t *tracer) take() []traced {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.stmts
	t.stmts = nil
	return out
}

// benchOverview times a cold 总览 through the monitor (a fresh service each
// run, so nothing is cached) and then the very statements the store sent
// for it (recorded by the store's trace hook, not copied), run raw one after
// another, reading every row into values of the columns' types.
func benchOverview(ctx context.Context, d *data, sc scale, res *result, log *slog.Logger) error {
	tr := &tracer{}
	st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: d.dsn, QueryTimeout: 120 * time.Second, Trace: tr.record})
	if err != nil {
		return err
	}
	defer st.Close()
	opts, err := ch.ParseDSN(d.dsn)
	if err != nil {
		return err
	}
	conn, err := ch.Open(opts)
	if err != nil {
		return err
	}
	defer conn.Close()
	settle(d.dsn)
	// Served and raw alternate, so that both meet the same server state;
	// the first round warms the server's caches and is not counted.
	var served, raw []time.Duration
	var stmts []traced
	rows := 0
	for i := 0; i <= sc.OverviewRuns; i++ {
		svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig(), Log: log})
		tr.take()
		t0 := time.Now()
		ov, err := svc.Overview(ctx, overviewQuery)
		if err != nil {
			return err
		}
		el := time.Since(t0)
		stmts = tr.take()
		rows = len(ov.Rows)
		t0 = time.Now()
		for _, q := range stmts {
			if err := readAll(ctx, conn, q.query, q.args...); err != nil {
				return fmt.Errorf("raw query %.60s…: %w", q.query, err)
			}
		}
		if i > 0 {
			served, raw = append(served, el), append(raw, time.Since(t0))
		}
	}
	o, r := medianMS(served), medianMS(raw)
	for _, q := range stmts {
		if os.Getenv("BENCH_SHOW_SQL") != "" {
			logf("overview statement: %s %v", q.query, q.args)
		}
	}
	logf("overview: %d targets; served %.1f ms, the same %d statements raw %.1f ms (medians of %d)", rows, o, len(stmts), r, sc.OverviewRuns)
	res.set("overview_ms", "%.1f", o)
	res.set("overview_raw_ms", "%.1f", r)
	res.set("overview_ratio", "%.2f", o/r)
	res.set("overview_statements", "%d", len(stmts))
	return nil
}

// readAll runs q with args and scans every row into values of the columns' types.
func readAll(ctx context.Context, conn ch.Conn, q string, args ...any) error {
	rows, err := conn.Query(ctx, q, args...)
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
