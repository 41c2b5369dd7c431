// Package app wires the pieces the server and the ingest command share: it
// opens the configured stores — the fact store (ClickHouse when a DSN is set,
// the embedded store otherwise) and the workflow store (PostgreSQL when a DSN
// is set, the embedded store otherwise) — applies their schemas, and seeds an
// empty fact store.
package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"industrydash/internal/budget"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/config"
	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/embedded"
	"industrydash/internal/store/postgres"
	"industrydash/seeds"
	"industrydash/seeds/demo"
)

// FactStore is the fact store as the product uses it: observations and
// the catalogue (store.Store), the 先行指标 data (leading.Store) and the
// department budget's lines and payments (budget.Store). Both the
// ClickHouse and the embedded store are one.
type FactStore interface {
	store.Store
	leading.Store
	budget.Store
}

// BudgetStore is what the budget service works on: the budget facts and
// their batch records from facts, the audit log from audit (the workflow
// store).
func BudgetStore(facts FactStore, audit store.Audit) budgetsvc.Store {
	return budgetStore{FactStore: facts, audit: audit}
}

type budgetStore struct {
	FactStore
	audit store.Audit
}

func (b budgetStore) AppendAudit(ctx context.Context, entries ...store.AuditEntry) error {
	return b.audit.AppendAudit(ctx, entries...)
}

// OpenStore opens the fact store the config names and migrates its schema.
func OpenStore(ctx context.Context, cfg config.Config) (FactStore, error) {
	var (
		st  FactStore
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
	if err := RestoreUnits(ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// RestoreUnits adds the units of measure kept in the fact store (from
// units.csv files uploaded on 目标管理) to the product's unit table, so
// that they are known after a restart as they were before it.
func RestoreUnits(ctx context.Context, st store.Catalogue) error {
	entries, err := st.CatalogueEntries(ctx, store.EntryUnit)
	if err != nil {
		return fmt.Errorf("read stored units: %w", err)
	}
	var defs []domain.UnitDef
	for _, e := range entries {
		var d domain.UnitDef
		if err := json.Unmarshal([]byte(e.Value), &d); err != nil {
			return fmt.Errorf("stored unit %q: %w", e.Name, err)
		}
		defs = append(defs, d)
	}
	// A unit may be defined on another stored one (亿斤 on 斤): add in
	// passes until no more can be added.
	for len(defs) > 0 {
		var left []domain.UnitDef
		for _, d := range defs {
			if err := domain.AddUnits([]domain.UnitDef{d}); err != nil {
				left = append(left, d)
			}
		}
		if len(left) == len(defs) {
			return fmt.Errorf("stored units %v cannot be defined", left)
		}
		defs = left
	}
	return nil
}

// Stores are the two stores of a running product. With neither ClickHouse
// nor PostgreSQL configured both are the same embedded store.
type Stores struct {
	Facts    FactStore
	Workflow store.Workflow
	closers  []func() error
}

// Close closes every store opened.
func (s *Stores) Close() error {
	var first error
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	s.closers = nil
	return first
}

// OpenStores opens and migrates the fact store and the workflow store the
// config names. Without PostgreSQL the workflow lives in the embedded store
// of the data directory: the fact store itself when that is embedded too.
func OpenStores(ctx context.Context, cfg config.Config) (*Stores, error) {
	facts, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	out := &Stores{Facts: facts, closers: []func() error{facts.Close}}
	wf, err := OpenWorkflow(ctx, cfg, facts)
	if err != nil {
		out.Close()
		return nil, err
	}
	out.Workflow = wf
	if wf != store.Workflow(asEmbedded(facts)) {
		out.closers = append(out.closers, wf.Close)
	}
	return out, nil
}

// asEmbedded returns the fact store as an embedded store, or nil.
func asEmbedded(facts store.Store) *embedded.Store {
	e, _ := facts.(*embedded.Store)
	return e
}

// OpenWorkflow opens and migrates the workflow store: PostgreSQL when
// configured; otherwise facts when it is the embedded store (one file, one
// process), otherwise the embedded store in the data directory.
func OpenWorkflow(ctx context.Context, cfg config.Config, facts store.Store) (store.Workflow, error) {
	if cfg.PostgresDSN != "" {
		pg, err := postgres.Open(ctx, postgres.Config{DSN: cfg.PostgresDSN, QueryTimeout: cfg.QueryTimeout})
		if err != nil {
			return nil, fmt.Errorf("open workflow store (PostgreSQL %s): %w", postgres.Redact(cfg.PostgresDSN), err)
		}
		if err := pg.Migrate(ctx); err != nil {
			pg.Close()
			return nil, fmt.Errorf("migrate workflow store (PostgreSQL): %w", err)
		}
		return pg, nil
	}
	if e := asEmbedded(facts); e != nil {
		return e, nil
	}
	e, err := embedded.Open(embedded.Config{Dir: cfg.DataDir})
	if err != nil {
		return nil, fmt.Errorf("open workflow store (embedded store %s): %w", cfg.DataDir, err)
	}
	if err := e.Migrate(ctx); err != nil {
		e.Close()
		return nil, fmt.Errorf("migrate workflow store (embedded store %s): %w", cfg.DataDir, err)
	}
	return e, nil
}

// Readiness is what /readyz checks: both stores answer and both schemas
// are current. With one embedded store serving both, it is checked once.
func (s *Stores) Readiness() interface {
	Ping(ctx context.Context) error
	SchemaStatus(ctx context.Context) (applied, expected int, err error)
} {
	return readiness{s}
}

type readiness struct{ s *Stores }

func (r readiness) same() bool { return any(r.s.Facts) == any(r.s.Workflow) }

func (r readiness) Ping(ctx context.Context) error {
	if err := r.s.Facts.Ping(ctx); err != nil {
		return err
	}
	if r.same() {
		return nil
	}
	if err := r.s.Workflow.Ping(ctx); err != nil {
		return fmt.Errorf("workflow store: %w", err)
	}
	return nil
}

// SchemaStatus adds up both stores' versions, so either one behind shows.
func (r readiness) SchemaStatus(ctx context.Context) (applied, expected int, err error) {
	applied, expected, err = r.s.Facts.SchemaStatus(ctx)
	if err != nil || r.same() {
		return applied, expected, err
	}
	wa, we, err := r.s.Workflow.SchemaStatus(ctx)
	return applied + wa, expected + we, err
}

// PurgeSessions deletes expired sessions from the workflow store now and
// every interval until ctx ends.
func PurgeSessions(ctx context.Context, wf store.SessionPurger, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := wf.PurgeSessions(ctx, time.Now()); err != nil && ctx.Err() == nil {
			log.Warn("purge expired sessions", "err", err)
		} else if n > 0 {
			log.Info("purged expired sessions", "sessions", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// UnitsOrBuiltin answers OrgUnits from facts, or from the newest built-in
// catalogue while facts holds none (a store no server has bootstrapped yet:
// the account commands bind reporters to units without loading anything).
func UnitsOrBuiltin(facts store.Catalogue) interface {
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
} {
	return builtinUnits{facts}
}

type builtinUnits struct{ facts store.Catalogue }

func (b builtinUnits) OrgUnits(ctx context.Context) ([]domain.OrgUnit, error) {
	units, err := b.facts.OrgUnits(ctx)
	if err != nil || len(units) > 0 {
		return units, err
	}
	years := seeds.BuiltinYears()
	cat, err := seeds.Builtin(years[len(years)-1])
	if err != nil {
		return nil, fmt.Errorf("built-in catalogue: %w", err)
	}
	return cat.OrgUnits, nil
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

// LoadProjects writes a project register's project units and their
// planned-stage and capacity targets. The register is validated whole
// before (seeds.LoadProjects), so nothing of a faulty one is written.
func LoadProjects(ctx context.Context, st store.Catalogue, reg *seeds.ProjectRegister) error {
	if err := st.PutOrgUnits(ctx, reg.OrgUnits); err != nil {
		return fmt.Errorf("load project units: %w", err)
	}
	if _, err := st.AddTargets(ctx, reg.Targets); err != nil {
		return fmt.Errorf("load project targets: %w", err)
	}
	return nil
}

// DemoBatchID identifies the demo data's batch.
const DemoBatchID = "demo-2024"

// LoadDemo writes the generated demo observations (示例数据) and records the batch.
func LoadDemo(ctx context.Context, st store.Store, cat *seeds.Catalogue, now time.Time) (int, error) {
	if ents := demo.Enterprises(cat); len(ents) > 0 {
		if err := st.PutOrgUnits(ctx, ents); err != nil {
			return 0, fmt.Errorf("load demo enterprises: %w", err)
		}
	}
	reg, err := demo.Register(cat)
	if err != nil {
		return 0, fmt.Errorf("load demo project register: %w", err)
	}
	if err := LoadProjects(ctx, st, reg); err != nil {
		return 0, fmt.Errorf("load demo project register: %w", err)
	}
	obs := demo.Generate(cat.WithProjects(reg), demo.Options{Seed: 2024, Through: domain.Month(2024, 11), RecordedAt: now})
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
func Bootstrap(ctx context.Context, st FactStore, withDemo bool, log *slog.Logger) error {
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
