// Package monitor answers the dashboards' questions: for a year and data
// period, how far along is every target, by chain, district and park. It reads
// current values from the store (where the aggregation happens), runs the pure
// progress engine, and caches each answer under the store's data version, so
// new data shows at once and repeated views cost nothing.
package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
	"industrydash/internal/store"
)

// Reader is what the monitor needs from the store.
type Reader interface {
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
	Indicators(ctx context.Context) ([]domain.Indicator, error)
	Targets(ctx context.Context, year int, asOf time.Time) ([]domain.Target, error)
	TargetRevisions(ctx context.Context, year int, indicator, orgUnit string) ([]domain.Target, error)
	TargetYears(ctx context.Context) ([]int, error)
	CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error)
	ObservationHistory(ctx context.Context, indicator, orgUnit string, year int) ([]domain.Observation, error)
	LatestPeriod(ctx context.Context, year int) (int, error)
	ObservationYears(ctx context.Context) ([]int, error)
	DataVersion(ctx context.Context) (string, error)
}

// Overlay supplies data that is not yet approved (pending submissions) to
// show on top of approved values when a user asks for it. It may be nil.
type Overlay interface {
	PendingObservations(ctx context.Context, year int) ([]domain.Observation, error)
}

// Service computes progress views. It is safe for concurrent use.
type Service struct {
	r       Reader
	overlay Overlay
	cfg     progress.Config
	log     *slog.Logger

	mu      sync.Mutex
	version string
	cache   map[string]any
	// lastGood keeps the latest successful answer per key, served with a
	// notice when the store cannot be reached.
	lastGood map[string]any
	resolved map[Query]Query
	// periodInds decide a view's default period (see viewMonth).
	periodInds []string
}

// New returns a service over r with the engine settings cfg.
func New(r Reader, cfg progress.Config, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{r: r, cfg: cfg, log: log, cache: map[string]any{}, lastGood: map[string]any{}, resolved: map[Query]Query{}}
}

// SetOverlay installs the source of pending (not yet approved) data.
func (s *Service) SetOverlay(o Overlay) { s.overlay = o }

// Config returns the engine settings in use.
func (s *Service) Config() progress.Config { return s.cfg }

// Query selects what a view shows. Zero fields take defaults: the latest year
// with targets and the latest month with data in it.
type Query struct {
	Year  int
	Month int
	// AsOf reproduces the view as it stood at that time (zero: now).
	AsOf time.Time
	// IncludePending overlays submitted-but-unapproved data.
	IncludePending bool
}

func (q Query) key(kind string, extra ...any) string {
	return fmt.Sprintf("%s|%d|%d|%d|%t|%v", kind, q.Year, q.Month, q.AsOf.UnixNano(), q.IncludePending, extra)
}

// ErrStale marks an answer served from the last good data because the store
// could not be reached; callers show 数据暂不可更新.
type ErrStale struct{ Err error }

func (e *ErrStale) Error() string { return "数据暂不可更新：" + e.Err.Error() }
func (e *ErrStale) Unwrap() error { return e.Err }

// cached runs build under the data version: the same key and version return
// the stored answer. When the store cannot be reached, the last good answer
// for the key is returned together with an *ErrStale, so pages keep serving
// with a 数据暂不可更新 notice; without one the error is returned as is.
func cached[T any](ctx context.Context, s *Service, key string, build func() (T, error)) (T, error) {
	ver, err := s.r.DataVersion(ctx)
	if err == nil {
		s.mu.Lock()
		if ver != s.version {
			s.version, s.cache = ver, map[string]any{}
		}
		v, ok := s.cache[key]
		s.mu.Unlock()
		if ok {
			return v.(T), nil
		}
		var out T
		if out, err = build(); err == nil {
			s.mu.Lock()
			if s.version == ver {
				bound(s.cache)
				s.cache[key] = out
			}
			bound(s.lastGood)
			s.lastGood[key] = out
			s.mu.Unlock()
			return out, nil
		}
	}
	s.mu.Lock()
	v, ok := s.lastGood[key]
	s.mu.Unlock()
	if ok {
		s.log.Warn("serving last good data", "key", key, "err", err)
		return v.(T), &ErrStale{Err: err}
	}
	var zero T
	return zero, err
}

// maxCached bounds each cache map: views asked as of ever-new times (every
// briefing records one) must not grow memory without limit.
const maxCached = 512

// bound makes room for one more entry by dropping an arbitrary one.
func bound(m map[string]any) {
	if len(m) < maxCached {
		return
	}
	for k := range m {
		delete(m, k)
		return
	}
}

// DataVersion returns the store's current data version.
func (s *Service) DataVersion(ctx context.Context) (string, error) { return s.r.DataVersion(ctx) }

// Resolve fills the defaults of q: the latest target year that has data (or
// the latest target year), and the latest month with data in that year.
// When the store cannot be reached, the last resolution of the same query is
// reused, so that views can still be served from the last good data.
func (s *Service) Resolve(ctx context.Context, q Query) (Query, error) {
	r, err := s.resolve(ctx, q)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		if len(s.resolved) >= maxCached {
			clear(s.resolved)
		}
		s.resolved[q] = r
		return r, nil
	}
	if prev, ok := s.resolved[q]; ok && errors.Is(err, store.ErrUnavailable) {
		return prev, nil
	}
	return q, err
}

func (s *Service) resolve(ctx context.Context, q Query) (Query, error) {
	if q.Year == 0 {
		ty, err := s.r.TargetYears(ctx)
		if err != nil {
			return q, fmt.Errorf("resolve year: %w", err)
		}
		oy, err := s.r.ObservationYears(ctx)
		if err != nil {
			return q, fmt.Errorf("resolve year: %w", err)
		}
		q.Year = pickYear(ty, oy, time.Now().Year())
	}
	if q.Month == 0 {
		m, err := s.viewMonth(ctx, q.Year, q.AsOf)
		if err != nil {
			return q, fmt.Errorf("resolve period: %w", err)
		}
		q.Month = m
	}
	if q.Month < 0 || q.Month > 12 {
		return q, fmt.Errorf("月份 %d 无效，应为 1-12", q.Month)
	}
	return q, nil
}

// DefaultPeriodIndicators are the headline indicators whose city figures
// set the period of a city view: the month the statistics bureau has
// published 规上工业增加值 and 总产值 for.
var DefaultPeriodIndicators = []string{"industry.value_added_growth", "industry.output_value"}

// SetPeriodIndicators sets the indicators whose city figures decide a view's
// default period (DefaultPeriodIndicators when never set or empty).
func (s *Service) SetPeriodIndicators(codes []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.periodInds = append([]string(nil), codes...)
}

// viewMonth is the default period of a city view: the latest month for which
// the city's own headline figures are in, as recorded by asOf (zero: now).
// One district's early report never moves it. Without any headline figure
// it is the latest month of any city figure, and without those the latest
// month of any figure at all.
func (s *Service) viewMonth(ctx context.Context, year int, asOf time.Time) (int, error) {
	s.mu.Lock()
	inds := s.periodInds
	s.mu.Unlock()
	if len(inds) == 0 {
		inds = DefaultPeriodIndicators
	}
	key := fmt.Sprintf("period|%d|%d|%v", year, asOf.UnixNano(), inds)
	return cached(ctx, s, key, func() (int, error) {
		for _, f := range []store.ObsFilter{
			{Indicators: inds, OrgUnits: []string{domain.CityCode}, Years: []int{year}, AsOf: asOf},
			{OrgUnits: []string{domain.CityCode}, Years: []int{year}, AsOf: asOf},
		} {
			obs, err := s.r.CurrentObservations(ctx, f)
			if err != nil {
				return 0, err
			}
			if m := lastMonth(obs); m > 0 {
				return m, nil
			}
		}
		if asOf.IsZero() {
			return s.r.LatestPeriod(ctx, year)
		}
		obs, err := s.r.CurrentObservations(ctx, store.ObsFilter{Years: []int{year}, AsOf: asOf})
		if err != nil {
			return 0, err
		}
		return lastMonth(obs), nil
	})
}

func lastMonth(obs []domain.Observation) int {
	m := 0
	for _, o := range obs {
		m = max(m, o.Period.To)
	}
	return m
}

// pickYear prefers the latest year that has both targets and data, then the
// latest target year, then fallback.
func pickYear(targetYears, obsYears []int, fallback int) int {
	has := map[int]bool{}
	for _, y := range obsYears {
		has[y] = true
	}
	best := 0
	for _, y := range targetYears {
		if has[y] && y > best {
			best = y
		}
	}
	if best == 0 {
		for _, y := range targetYears {
			if y > best {
				best = y
			}
		}
	}
	if best == 0 {
		best = fallback
	}
	return best
}

// Years lists the years a user can pick: those with targets or data.
func (s *Service) Years(ctx context.Context) ([]int, error) {
	ty, err := s.r.TargetYears(ctx)
	if err != nil {
		return nil, fmt.Errorf("list years: %w", err)
	}
	oy, err := s.r.ObservationYears(ctx)
	if err != nil {
		return nil, fmt.Errorf("list years: %w", err)
	}
	seen := map[int]bool{}
	var out []int
	for _, y := range append(ty, oy...) {
		if !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out, nil
}
