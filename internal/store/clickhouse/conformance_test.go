package clickhouse_test

import (
	"context"
	"testing"

	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/storetest"
	"industrydash/internal/testenv/chtest"
)

func TestMain(m *testing.M) { chtest.Main(m) }

// openStore opens a migrated store on a fresh database that is dropped when
// t ends.
func openStore(t *testing.T) *clickhouse.Store {
	t.Helper()
	dsn := chtest.NewDatabase(t)
	s, err := clickhouse.Open(context.Background(), clickhouse.Config{DSN: dsn})
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

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openStore(t) })
}
