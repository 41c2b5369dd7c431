// Package store declares what the product needs from storage and the types
// that cross that boundary. There are two stores, one job each: the fact
// store (Store: catalogue, targets, observations; clickhouse or embedded)
// and the workflow store (Workflow: accounts, submissions, audit, outbox;
// postgres or embedded). Every implementation passes the conformance suite
// in storetest, so the product never behaves differently on either except
// in speed.
package store

import (
	"context"
	"errors"
	"time"

	"industrydash/internal/domain"
)

// ErrNotFound is returned when a requested record does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrUnavailable wraps failures to reach the storage backend (a ClickHouse
// restart, a network fault). Callers may retry them; other errors are final.
var ErrUnavailable = errors.New("store: unavailable")

// ErrConflict is returned when a write is based on a stale version (two
// people saved the same submission at once); reload and try again.
var ErrConflict = errors.New("store: version conflict")

// ObsFilter selects current observations. Empty slices mean "all".
type ObsFilter struct {
	Indicators []string
	OrgUnits   []string
	// Years restricts to periods of these years (empty: all years).
	Years []int
	// ToMonth, when > 0, keeps only periods ending at or before this month
	// (applied to the last year of Years only when Years has one element, to
	// every year otherwise).
	ToMonth int
	// AsOf, when non-zero, ignores rows recorded after it: the value as it
	// stood at that time, so an issued briefing can be reproduced exactly.
	AsOf time.Time
}

// Catalogue stores the reference data: org units, indicators and targets.
type Catalogue interface {
	// PutOrgUnits inserts or replaces org units by code.
	PutOrgUnits(ctx context.Context, units []domain.OrgUnit) error
	// PutIndicators inserts or replaces indicators by code.
	PutIndicators(ctx context.Context, inds []domain.Indicator) error
	// AddTargets appends target revisions. A target whose content equals its
	// current revision is skipped; a changed one becomes revision n+1. It
	// returns how many revisions were added.
	AddTargets(ctx context.Context, targets []domain.Target) (added int, err error)
	// OrgUnits returns every org unit ordered by Order then Code.
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
	// Indicators returns every indicator ordered by Order then Code.
	Indicators(ctx context.Context) ([]domain.Indicator, error)
	// Targets returns the current revision of every target of year (as of
	// asOf when non-zero), ordered by indicator then org unit.
	Targets(ctx context.Context, year int, asOf time.Time) ([]domain.Target, error)
	// TargetRevisions returns every revision of one target, oldest first.
	TargetRevisions(ctx context.Context, year int, indicator, orgUnit string) ([]domain.Target, error)
	// TargetYears returns the years that have targets, ascending.
	TargetYears(ctx context.Context) ([]int, error)
	// AddCatalogueEntries appends names analysts add to the catalogue
	// (indicator aliases, units of measure); all or none.
	AddCatalogueEntries(ctx context.Context, entries []CatalogueEntry) error
	// CatalogueEntries returns the current entry per name of kind (the
	// latest recorded; a Deleted one is left out), ordered by name.
	CatalogueEntries(ctx context.Context, kind string) ([]CatalogueEntry, error)
}

// Kinds of catalogue entries.
const (
	// EntryAlias is an indicator alias: Name the alias, Value the code.
	EntryAlias = "alias"
	// EntryUnit is a unit of measure: Name the unit, Value its
	// domain.UnitDef as JSON.
	EntryUnit = "unit"
)

// CatalogueEntry is one name added to the catalogue after it was loaded,
// kept in the fact store so that it survives restarts.
type CatalogueEntry struct {
	Kind       string    `json:"kind"`
	Name       string    `json:"name"`
	Value      string    `json:"value"`
	Deleted    bool      `json:"deleted,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by,omitempty"`
}

// Observations stores the append-only actuals.
type Observations interface {
	// AppendObservations writes all rows or none.
	AppendObservations(ctx context.Context, obs []domain.Observation) error
	// CurrentObservations returns the latest row per ObsKey among the rows the
	// filter selects, ordered by indicator, org unit, period, value type.
	// "Latest" is the greatest RecordedAt (nanoseconds), whatever the append
	// order. Periods order as domain.Period.Before (year, end month, start
	// month). The conformance suite in storetest pins these details down.
	CurrentObservations(ctx context.Context, f ObsFilter) ([]domain.Observation, error)
	// ObservationHistory returns every row of one indicator and unit (all
	// periods of year, or all years when year is 0), oldest recorded first;
	// rows recorded at the same time follow period, then value type.
	ObservationHistory(ctx context.Context, indicator, orgUnit string, year int) ([]domain.Observation, error)
	// LatestPeriod returns the latest period end month with any observation
	// in year (0 when none).
	LatestPeriod(ctx context.Context, year int) (month int, err error)
	// ObservationYears returns the years that have observations, ascending.
	ObservationYears(ctx context.Context) ([]int, error)
}

// Batches records ingest batches: one per loaded file or submission.
type Batches interface {
	// RecordBatch stores a batch summary.
	RecordBatch(ctx context.Context, b Batch) error
	// ListBatches returns batches, newest first, at most limit (0: all).
	ListBatches(ctx context.Context, limit int) ([]Batch, error)
}

// Batch summarises one load.
type Batch struct {
	ID        string    `json:"id"`
	Source    string    `json:"source"` // file name or "web"
	Kind      string    `json:"kind"`   // targets | actuals | demo | submission
	Checksum  string    `json:"checksum"`
	Read      int       `json:"read"`
	Loaded    int       `json:"loaded"`
	Unchanged int       `json:"unchanged"`
	Rejected  int       `json:"rejected"`
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at"`
	By        string    `json:"by"`
}

// Meta reports the state of the store itself.
type Meta interface {
	// Migrate brings the schema to the current version; it is idempotent.
	Migrate(ctx context.Context) error
	// SchemaStatus returns the applied and the expected schema versions.
	SchemaStatus(ctx context.Context) (applied, expected int, err error)
	// DataVersion changes whenever a fact changes (org units, indicators,
	// targets, observations, leading data) and on no other write (accounts,
	// sessions, tokens, submissions, audit, batch records); view caches key
	// on it.
	DataVersion(ctx context.Context) (string, error)
	// Ping checks that the backend answers.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// Store is the fact store: the catalogue with its target revisions,
// observations and their batches (ClickHouse or embedded). Accounts,
// submissions and the audit log live in the Workflow store. Consumers should
// declare the smaller interface they need instead.
type Store interface {
	Catalogue
	Observations
	Batches
	Meta
}
