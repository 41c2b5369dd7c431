package postgres_test

import (
	"context"
	"testing"

	"industrydash/internal/store"
	"industrydash/internal/store/postgres"
	"industrydash/internal/store/storetest"
	"industrydash/internal/testenv/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// openStore opens a migrated store on a fresh database dropped when t ends.
func openStore(t *testing.T) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), postgres.Config{DSN: pgtest.NewDatabase(t)})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return s
}

func TestWorkflowConformance(t *testing.T) {
	storetest.RunWorkflow(t, func(t *testing.T) store.Workflow { return openStore(t) })
}

func TestMigrateIsIdempotentAndConcurrent(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	ctx := context.Background()
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			s, err := postgres.Open(ctx, postgres.Config{DSN: dsn})
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			errs <- s.Migrate(ctx)
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent Migrate: %v", err)
		}
	}
	s, err := postgres.Open(ctx, postgres.Config{DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("Migrate again: %v", err)
	}
	applied, expected, err := s.SchemaStatus(ctx)
	if err != nil || applied != expected || expected < 1 {
		t.Fatalf("SchemaStatus = %d/%d, %v; want all applied", applied, expected, err)
	}
}
