package clickhouse_test

import (
	"context"
	"testing"

	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingtest"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/storetest"
	"industrydash/internal/testenv/chtest"
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
		t.Fatalf("Migrate: %v", err)
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
