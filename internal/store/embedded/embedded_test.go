package embedded_test

import (
	"testing"

	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/store/storetest"
)

func openTemp(t *testing.T) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(embedded.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}
