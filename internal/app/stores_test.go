package app_test

import (
	"context"
	"testing"

	"industrydash/internal/app"
	"industrydash/internal/config"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/store/postgres"
	"industrydash/internal/testenv/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestOpenStoresSplitsFactsAndWorkflow: with -postgres the workflow store is
// PostgreSQL and the embedded data directory holds facts only; without it,
// one embedded store serves both.
func TestOpenStoresSplitsFactsAndWorkflow(t *testing.T) {
	ctx := context.Background()
	t.Run("postgres", func(t *testing.T) {
		cfg := config.Default()
		cfg.DataDir, cfg.PostgresDSN = t.TempDir(), pgtest.NewDatabase(t)
		sts, err := app.OpenStores(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer sts.Close()
		if _, ok := sts.Workflow.(*postgres.Store); !ok {
			t.Fatalf("workflow store is %T, want PostgreSQL", sts.Workflow)
		}
		u := store.User{ID: "u1", Name: "li", Role: store.RoleAnalyst}
		if err := sts.Workflow.PutUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		facts, ok := sts.Facts.(*embedded.Store)
		if !ok {
			t.Fatalf("fact store is %T, want embedded", sts.Facts)
		}
		if users, err := facts.DB.Workflow().Users(ctx); err != nil || len(users) != 0 {
			t.Fatalf("the embedded fact store holds users %+v (%v); accounts belong in PostgreSQL", users, err)
		}
		r := sts.Readiness()
		if err := r.Ping(ctx); err != nil {
			t.Fatalf("readiness ping: %v", err)
		}
		applied, expected, err := r.SchemaStatus(ctx)
		fa, fe, _ := facts.SchemaStatus(ctx)
		if err != nil || applied != expected || expected <= fe || applied <= fa {
			t.Fatalf("readiness schema %d/%d (%v); want both stores counted and current (facts %d/%d)", applied, expected, err, fa, fe)
		}
	})
	t.Run("embedded only", func(t *testing.T) {
		cfg := config.Default()
		cfg.DataDir = t.TempDir()
		sts, err := app.OpenStores(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer sts.Close()
		facts, ok1 := sts.Facts.(*embedded.Store)
		wf, ok2 := sts.Workflow.(*embedded.Workflow)
		if !ok1 || !ok2 || facts.DB != wf.DB {
			t.Fatalf("workflow %T and facts %T: want the two faces of one embedded file", sts.Workflow, sts.Facts)
		}
	})
}
