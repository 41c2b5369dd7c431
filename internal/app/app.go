// Package app wires the pieces the server and the ingest command share: it
// opens the configured store (ClickHouse when a DSN is set, the embedded store
// otherwise), applies the schema, and seeds an empty store.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"industrydash/internal/config"
	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/embedded"
	"industrydash/seeds"
	"industrydash/seeds/demo"
)

// OpenStore opens the store the config names and migrates its schema.
func OpenStore(ctx context.Context, cfg config.Config) (store.Store, error) {
	var (
		st  store.Store
		err error
	)
	if cfg.ClickHouseDSN != "" {
		st, err = clickhouse.Open(ctx, clickhouse.Config{DSN: cfg.ClickHouseDSN, QueryTimeout: cfg.QueryTimeout, Cluster: cfg.ClickHouseCluster})
	} else {
		st, err = embedded.Open(embedded.Config{Dir: cfg.DataDir})
	}
	if err != nil {
		return nil, fmt.Errorf("open store (%s): %w", cfg.StoreLabel(), err)
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("migrate store: %w", err)
	}
	return st, nil
}

// LoadCatalogue writes a catalogue's org units, indicators and targets. It
// returns how many target revisions were added (0 when nothing changed).
func LoadCatalogue(ctx context.Context, st store.Catalogue, cat *seeds.Catalogue) (int, error) {
	if err := st.PutOrgUnits(ctx, cat.OrgUnits); err != nil {
		return 0, fmt.Errorf("load org units: %w", err)
	}
	if err := st.PutIndicators(ctx, cat.Indicators); err != nil {
		return 0, fmt.Errorf("load indicators: %w", err)
	}
	n, err := st.AddTargets(ctx, cat.Targets)
	if err != nil {
		return 0, fmt.Errorf("load targets: %w", err)
	}
	return n, nil
}

// DemoBatchID identifies the demo data's batch.
const DemoBatchID = "demo-2024"

// LoadDemo writes the generated demo observations (示例数据) and records the batch.
func LoadDemo(ctx context.Context, st store.Store, cat *seeds.Catalogue, now time.Time) (int, error) {
	obs := demo.Generate(cat, demo.Options{Seed: 2024, Through: domain.Month(2024, 11), RecordedAt: now})
	if err := st.AppendObservations(ctx, obs); err != nil {
		return 0, fmt.Errorf("load demo data: %w", err)
	}
	b := store.Batch{ID: DemoBatchID, Source: "示例数据生成器", Kind: "demo", Read: len(obs), Loaded: len(obs),
		StartedAt: now, EndedAt: time.Now().UTC(), By: "demo"}
	if err := st.RecordBatch(ctx, b); err != nil {
		return 0, fmt.Errorf("record demo batch: %w", err)
	}
	return len(obs), nil
}

// Bootstrap seeds an empty store: the built-in catalogue of every year that
// has no targets yet (a year an analyst already loaded is left alone, so a
// revision is never reverted), and the demo data when withDemo is set and the
// store holds no observations at all.
func Bootstrap(ctx context.Context, st store.Store, withDemo bool, log *slog.Logger) error {
	have, err := st.TargetYears(ctx)
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	loaded := map[int]bool{}
	for _, y := range have {
		loaded[y] = true
	}
	var cat2024 *seeds.Catalogue
	for _, y := range seeds.BuiltinYears() {
		cat, err := seeds.Builtin(y)
		if err != nil {
			return fmt.Errorf("bootstrap: built-in catalogue %d: %w", y, err)
		}
		if y == 2024 {
			cat2024 = cat
		}
		if loaded[y] {
			continue
		}
		n, err := LoadCatalogue(ctx, st, cat)
		if err != nil {
			return fmt.Errorf("bootstrap: %w", err)
		}
		log.Info("loaded built-in catalogue", "year", y, "targets", n)
	}
	if withDemo {
		if err := BootstrapLeading(ctx, st, log); err != nil {
			return err
		}
	}
	if !withDemo || cat2024 == nil {
		return nil
	}
	years, err := st.ObservationYears(ctx)
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	if len(years) > 0 {
		return nil
	}
	n, err := LoadDemo(ctx, st, cat2024, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	log.Info("loaded demo data (示例数据)", "observations", n)
	return nil
}
