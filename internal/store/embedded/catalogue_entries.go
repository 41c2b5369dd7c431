package embedded

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// bucketCatalogueEntries holds store.CatalogueEntry values in append order.
var bucketCatalogueEntries = []byte("catalogue_entries")

// AddCatalogueEntries appends entries in one transaction.
func (s *Store) AddCatalogueEntries(ctx context.Context, entries []store.CatalogueEntry) error {
	if len(entries) == 0 {
		return nil
	}
	now := time.Now()
	add := make([]store.CatalogueEntry, len(entries))
	for i, e := range entries {
		if strings.TrimSpace(e.Kind) == "" || strings.TrimSpace(e.Name) == "" {
			return msg.New(msg.StoreEntryNoKind, i+1)
		}
		if e.RecordedAt.IsZero() {
			e.RecordedAt = now
		}
		add[i] = e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return err
	}
	return s.write(ctx, "add catalogue entries", func(tx *bolt.Tx) error {
		return appendSeq(tx, bucketCatalogueEntries, add)
	}, func() {})
}

// CatalogueEntries returns the current entry per name of kind: the last
// appended, unless it is a deletion.
func (s *Store) CatalogueEntries(ctx context.Context, kind string) ([]store.CatalogueEntry, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	cur := map[string]store.CatalogueEntry{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachSeq(tx, bucketCatalogueEntries, func(e store.CatalogueEntry) {
			if e.Kind == kind {
				cur[e.Name] = e
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read catalogue entries: %w", err)
	}
	var out []store.CatalogueEntry
	for _, e := range cur {
		if !e.Deleted {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b store.CatalogueEntry) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}
