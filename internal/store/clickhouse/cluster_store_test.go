package clickhouse_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingload"
	"industrydash/internal/leading/leadingtest"
	"industrydash/internal/retry"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/storetest"
	"industrydash/internal/testenv/chtest"
	leadinggen "industrydash/seeds/leading"
)

// openClusterStore opens a migrated cluster-mode store on a fresh database
// of the private test cluster (ZooKeeper and two shards).
func openClusterStore(t *testing.T) *clickhouse.Store {
	t.Helper()
	dsn, cluster, _ := chtest.NewClusterDatabase(t)
	s, err := clickhouse.Open(context.Background(), clickhouse.Config{DSN: dsn, Cluster: cluster})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v (cause: %v)", err, errors.Unwrap(err))
	}
	return s
}

// TestClusterConformance runs the fact-store conformance suites on a
// two-shard cluster: every answer must be the single node's.
func TestClusterConformance(t *testing.T) {
	t.Run("Store", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store { return openClusterStore(t) })
	})
	t.Run("Leading", func(t *testing.T) {
		leadingtest.Run(t, func(t *testing.T) leading.Store { return openClusterStore(t) })
	})
}

// TestClusterShardOutageDuringLoad stops the second shard while a meter
// file is being written (after its second chunk), checks that the load
// fails as retryable, restarts the shard and loads the file again: every
// reading is then stored exactly once, on both shards, and the daily view
// agrees.
func TestClusterShardOutageDuringLoad(t *testing.T) {
	st := openClusterStore(t)
	ctx := context.Background()
	var buf bytes.Buffer
	gen := leadinggen.Options{Enterprises: 60, Days: 200}
	if err := leadinggen.Write(&buf, gen); err != nil {
		t.Fatal(err)
	}
	var n int
	var total int64
	if err := leadinggen.Each(gen, func(r leading.PowerReading) error { n++; total += r.Wh; return nil }); err != nil {
		t.Fatal(err)
	}
	const chunk = 2000
	stopped := false
	o := leadingload.Options{ChunkRows: chunk, Now: func() time.Time { return time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC) }}
	o.Progress = func(done, _ int) {
		if done == 2*chunk && !stopped {
			chtest.StopShard(t, 1)
			stopped = true
		}
	}
	_, err := leadingload.LoadPower(ctx, st, "power.csv", bytes.NewReader(buf.Bytes()), o)
	if !stopped {
		t.Fatal("the shard was never stopped: the file has fewer than three chunks")
	}
	if err == nil {
		t.Fatal("the load succeeded with a shard down")
	}
	if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("load error with a shard down is not retryable (store.ErrUnavailable): %v", err)
	}
	chtest.StartShard(t, 1)

	// The retry the ingest command runs: the first query after the restart
	// may still meet a connection the first shard kept to the stopped one.
	var res leadingload.Result
	attempts := 0
	err = retry.Do(ctx, retry.Policy{MaxAttempts: 20, MaxElapsed: time.Minute, Initial: 200 * time.Millisecond, Max: 2 * time.Second},
		func(ctx context.Context) error {
			attempts++
			var err error
			res, err = leadingload.LoadPower(ctx, st, "power.csv", bytes.NewReader(buf.Bytes()), o)
			return err
		})
	if err != nil {
		t.Fatalf("retry after the restart (%d attempts): %v", attempts, err)
	}
	// The stopped load's blocks are not visible (its batch was never
	// recorded), so the retry, a batch of its own, adds every reading once.
	c := res.Batch.Counts
	if res.Skipped || c != (leading.WriteCounts{Added: n}) {
		t.Fatalf("retry counts %+v (skipped %v), want all %d readings added", c, res.Skipped, n)
	}
	counts, err := st.ShardCounts(ctx, "leading_power")
	if err != nil {
		t.Fatal(err)
	}
	var rows uint64
	for shard := uint32(1); shard <= chtest.ClusterShards; shard++ {
		if counts[shard] == 0 {
			t.Errorf("shard %d holds no leading_power rows: %v", shard, counts)
		}
		rows += counts[shard]
	}
	if rows < uint64(n) {
		t.Errorf("%d leading_power rows on the shards, want at least the %d readings (and the stopped load's hidden blocks)", rows, n)
	}
	from, to, err := st.PowerSpan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := st.PowerDaily(ctx, leading.PowerQuery{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	var wh, readings int64
	for _, p := range pts {
		wh += p.Wh
		readings += p.Readings
	}
	if wh != total || readings != int64(n) {
		t.Errorf("daily view: %d Wh over %d readings, want %d Wh over %d", wh, readings, total, n)
	}
}
