package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingload"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/chtest"
	leadinggen "industrydash/seeds/leading"
)

// benchCluster repeats the meter ingest and the 总览 on a two-shard
// ClickHouse cluster (a private ZooKeeper and two clickhouse-servers on
// 127.0.0.1) in cluster mode: the same observations as the single node for
// the overview, the same meter file through the product's loader, and the
// same file through clickhouse-client into a Distributed table over
// per-shard tables (synchronous, as the product inserts).
func benchCluster(ctx context.Context, d *data, sc scale, res *result, log *slog.Logger, singleOverviewMS float64) error {
	logf("cluster: starting ZooKeeper and %d shards", chtest.ClusterShards)
	cl, err := chtest.StartCluster()
	if err != nil {
		return err
	}
	defer func() {
		if err := cl.Close(); err != nil {
			logf("cluster: stopping: %v", err)
		}
	}()
	withDB := func(dsn string) (string, error) {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", err
		}
		u.Path = "/bench"
		return u.String(), nil
	}
	dsn, err := withDB(cl.DSN())
	if err != nil {
		return err
	}
	st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn, Cluster: chtest.ClusterName, QueryTimeout: 120 * time.Second})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %v (cause: %w)", err, errors.Unwrap(err))
	}
	if err := app.Bootstrap(ctx, st, false, log); err != nil {
		return err
	}
	// The single node's observations: demo, history, revision rounds.
	n := len(d.demo)
	if err := st.AppendObservations(ctx, d.demo); err != nil {
		return err
	}
	hist := make([]domain.Observation, len(d.history))
	at := demoRecordedAt.Add(-time.Hour)
	for i, o := range d.history {
		o.RecordedAt, o.Source, o.BatchID, o.Demo = at, "历年实绩.csv", "bench-history", false
		hist[i] = o
	}
	for i := 0; i < len(hist); i += 100_000 {
		if err := st.AppendObservations(ctx, hist[i:min(i+100_000, len(hist))]); err != nil {
			return err
		}
	}
	n += len(hist)
	const roundsPerAppend = 30
	for r := 1; r <= d.revs; r += roundsPerAppend {
		var batch []domain.Observation
		for k := r; k < r+roundsPerAppend && k <= d.revs; k++ {
			batch = append(batch, d.revisions(k)...)
		}
		if err := st.AppendObservations(ctx, batch); err != nil {
			return err
		}
		n += len(batch)
	}
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
	o := medianMS(served)
	logf("cluster: overview %.1f ms at %d observations (single node %.1f ms)", o, n, singleOverviewMS)
	res.set("cluster_observations", "%d", n)
	res.set("cluster_overview_ms", "%.1f", o)
	res.set("cluster_overview_vs_single", "%.2f", o/singleOverviewMS)

	// The meter file through the product's loader.
	units, err := st.OrgUnits(ctx)
	if err != nil {
		return err
	}
	in, err := os.Open(d.meterPath)
	if err != nil {
		return err
	}
	defer in.Close()
	logf("cluster: product loader, %d meter rows", d.meterRows)
	settleAll(cl.ShardDSNs())
	t0 := time.Now()
	r, err := leadingload.LoadPower(ctx, st, filepath.Base(d.meterPath), in, leadingload.Options{Units: domain.NewUnitIndex(units)})
	el := time.Since(t0)
	if err != nil {
		return err
	}
	if r.Batch.Counts.Added != d.meterRows {
		return fmt.Errorf("cluster: the loader stored %d of %d rows", r.Batch.Counts.Added, d.meterRows)
	}
	logf("cluster: loaded %d rows in %v", d.meterRows, el.Round(time.Millisecond))

	// The same file through clickhouse-client into a Distributed table.
	for _, shard := range cl.ShardDSNs() {
		sd, err := withDB(shard)
		if err != nil {
			return err
		}
		if err := runClient(sd, nil, "--query", "CREATE TABLE raw_power_local (enterprise String, name String, district String, "+
			"chain String, date Date, kwh Float64) ENGINE = MergeTree PARTITION BY toYear(date) ORDER BY (date, enterprise)"); err != nil {
			return err
		}
	}
	if err := runClient(dsn, nil, "--query", fmt.Sprintf(
		"CREATE TABLE raw_power AS raw_power_local ENGINE = Distributed(%s, bench, raw_power_local, cityHash64(enterprise))", chtest.ClusterName)); err != nil {
		return err
	}
	if _, err := in.Seek(0, 0); err != nil {
		return err
	}
	logf("cluster: clickhouse-client INSERT … FORMAT CSVWithNames into the Distributed table (insert_distributed_sync=1)")
	settleAll(cl.ShardDSNs())
	t0 = time.Now()
	if err := runClient(dsn, in, "--insert_distributed_sync=1", "--query", "INSERT INTO raw_power FORMAT CSVWithNames"); err != nil {
		return err
	}
	rawEl := time.Since(t0)
	ours, raw := float64(d.meterRows)/el.Seconds(), float64(d.meterRows)/rawEl.Seconds()
	logf("cluster: clickhouse-client took %v", rawEl.Round(time.Millisecond))
	res.set("cluster_ingest_rows_per_s", "%.0f", ours)
	res.set("cluster_clickhouse_client_rows_per_s", "%.0f", raw)
	res.set("cluster_ingest_ratio", "%.2f", ours/raw)
	return nil
}

// embeddedReadings caps the readings of the embedded memory figure.
const embeddedReadings = 2_000_000

// benchEmbeddedLeading loads meter readings (the bench's meter data, up to
// embeddedReadings) into an embedded store in this process and reports the
// Go heap it keeps per million readings.
func benchEmbeddedLeading(ctx context.Context, d *data, res *result) error {
	db, err := embedded.Open(embedded.Config{Dir: filepath.Join(d.work, "embedded-leading")})
	if err != nil {
		return err
	}
	st := db.Facts()
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %v (cause: %w)", err, errors.Unwrap(err))
	}
	if err := st.PutEnterprises(ctx, leadinggen.Enterprises(d.meterOpts)); err != nil {
		return err
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	chunk := make([]leading.PowerReading, 0, 100_000)
	n := 0
	flush := func() error {
		if _, err := st.AppendPower(ctx, "bench", demoRecordedAt, chunk); err != nil {
			return err
		}
		n += len(chunk)
		chunk = chunk[:0]
		return nil
	}
	t0 := time.Now()
	err = leadinggen.Each(d.meterOpts, func(r leading.PowerReading) error {
		if n+len(chunk) >= embeddedReadings {
			return errEnough
		}
		chunk = append(chunk, r)
		if len(chunk) == cap(chunk) {
			return flush()
		}
		return nil
	})
	if err != nil && err != errEnough {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	chunk = nil
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	logf("embedded: %d meter readings in %v, %.1f MiB heap", n, time.Since(t0).Round(time.Millisecond), mb)
	res.set("embedded_leading_readings", "%d", n)
	res.set("embedded_mb_per_million_readings", "%.1f", mb/(float64(n)/1e6))
	runtime.KeepAlive(st)
	return nil
}

var errEnough = fmt.Errorf("enough readings")
