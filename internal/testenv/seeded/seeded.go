// Package seeded gives tests a real embedded store in a temporary directory,
// migrated and bootstrapped exactly as the server does on first start: the
// built-in catalogue, plus the demo data when asked.
package seeded

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"industrydash/internal/app"
	"industrydash/internal/store/embedded"
)

// Store returns the store, its fact and workflow faces in one value; it is
// closed when the test ends.
func Store(t testing.TB, demo bool) embedded.Combined {
	t.Helper()
	db, err := embedded.Open(embedded.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	st := db.Both()
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := app.Bootstrap(ctx, st, demo, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return st
}
