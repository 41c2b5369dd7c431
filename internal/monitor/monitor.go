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
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/progress"
	"industrydash/internal/store"
	"industrydash/internal/viewcache"
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

	// views holds answers (and resolved queries) of the current data
	// version, bounded by bytes; concurrent misses of one key build once.
	views *viewcache.Versioned
	// lastGood keeps the latest successful answer per key whatever the
	// version, served with a notice when the store cannot be reached.
	lastGood *viewcache.LRU

	hits, misses atomic.Uint64
	// periodInds decide a view's default period (see viewMonth).
	periodInds []string
}

// Default bounds of the two caches, in bytes. A view of the demo data is
// counted at a few hundred kilobytes (its snapshot at a few megabytes).
const (
	DefaultViewCacheBytes     = 256 << 20
	DefaultLastGoodCacheBytes = 128 << 20
)

// Config is what the service is built from.
type Config struct {
	// Reader reads the fact store.
	Reader Reader
	// Engine holds the progress engine's settings (progress.DefaultConfig).
	Engine progress.Config
	// Log is where stale answers and failures are logged; nil is slog.Default().
	Log *slog.Logger
	// ViewCacheBytes and LastGoodCacheBytes bound the view cache and the
	// last-good cache (0: the defaults; negative: keep nothing).
	ViewCacheBytes, LastGoodCacheBytes int64
	// PeriodIndicators decide a view's default period
	// (DefaultPeriodIndicators when empty).
	PeriodIndicators []string
	// Overlay, when set, supplies pending (not yet approved) data.
	Overlay Overlay
}

// Validate reports what is wrong with c.
func (c Config) Validate() error {
	if c.Reader == nil {
		return errors.New("monitor: no reader")
	}
	return c.Engine.Validate()
}

// New returns the service c describes.
func New(c Config) (*Service, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.ViewCacheBytes == 0 {
		c.ViewCacheBytes = DefaultViewCacheBytes
	}
	if c.LastGoodCacheBytes == 0 {
		c.LastGoodCacheBytes = DefaultLastGoodCacheBytes
	}
	return &Service{r: c.Reader, cfg: c.Engine, log: c.Log, overlay: c.Overlay,
		periodInds: append([]string(nil), c.PeriodIndicators...),
		views:      viewcache.NewVersioned(c.ViewCacheBytes), lastGood: viewcache.NewLRU(c.LastGoodCacheBytes)}, nil
}

// MustNew is New for configurations fixed in code (tests, the bench): an
// invalid one is a programming error.
func MustNew(c Config) *Service {
	s, err := New(c)
	if err != nil {
		panic(err)
	}
	return s
}

// CacheCounts reports how many view lookups were answered from the cache
// (hits) and how many were built (misses) since start.
func (s *Service) CacheCounts() (hits, misses uint64) { return s.hits.Load(), s.misses.Load() }

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
	pending := ""
	if q.IncludePending {
		pending = pendingMark
	}
	return fmt.Sprintf("%s|%d|%d|%d|%s|%v", kind, q.Year, q.Month, q.AsOf.UnixNano(), pending, extra)
}

// pendingMark is in the key of every view that overlays pending data.
const pendingMark = "+pending"

// ErrStale marks an answer served from the last good data because the store
// could not be reached; callers show 数据暂不可更新.
type ErrStale struct{ Err error }

func (e *ErrStale) Error() string { return "stale data: " + e.Err.Error() }
func (e *ErrStale) Unwrap() error { return e.Err }

// cached runs build under the data version: the same key and version return
// the stored answer, and concurrent misses build it once. When the store
// cannot be reached, the last good answer for the key is returned together
// with an *ErrStale, so pages keep serving with a 数据暂不可更新 notice;
// without one the error is returned as is. view says whether the lookup
// counts as a view request (CacheCounts) rather than an inner step.
//
// Views that overlay pending submissions are built every time: pending
// figures are workflow state, which does not change the data version.
func cached[T any](ctx context.Context, s *Service, key string, view bool, build func(ctx context.Context) (T, error)) (T, error) {
	ver, err := s.r.DataVersion(ctx)
	if err == nil {
		if strings.Contains(key, pendingMark) {
			var out T
			if out, err = build(ctx); err == nil {
				s.lastGood.Add(key, out, viewcache.Size(out))
				return out, nil
			}
		} else {
			v, hit, err2 := s.views.At(ver).Load(ver+"\x00"+key, func() (any, int64, error) {
				// The build is shared by every caller waiting on the key:
				// one caller going away must not fail it for the others.
				out, err := build(context.WithoutCancel(ctx))
				if err != nil {
					return nil, 0, err
				}
				size := viewcache.Size(out) // once per build, never on a hit
				s.lastGood.Add(key, out, size)
				return out, size, nil
			})
			if view {
				if hit {
					s.hits.Add(1)
				} else {
					s.misses.Add(1)
				}
			}
			if err2 == nil {
				return v.(T), nil
			}
			err = err2
		}
	}
	if v, ok := s.lastGood.Get(key); ok {
		s.log.Warn("serving last good data", "key", key, "err", err)
		return v.(T), &ErrStale{Err: err}
	}
	var zero T
	return zero, err
}

// DataVersion returns the store's current data version.
func (s *Service) DataVersion(ctx context.Context) (string, error) { return s.r.DataVersion(ctx) }

// Resolve fills the defaults of q: the latest target year that has data (or
// the latest target year), and the latest month with data in that year.
// The answer is cached under the data version like a view. When the store
// cannot be reached, the last resolution of the same query is reused, so
// that views can still be served from the last good data.
func (s *Service) Resolve(ctx context.Context, q Query) (Query, error) {
	if q.Year != 0 && q.Month != 0 {
		_, err := s.resolve(ctx, q) // nothing to look up: only the checks
		return q, err
	}
	pending := q.IncludePending
	q.IncludePending = false // the defaults depend on facts only
	r, err := cached(ctx, s, q.key("resolve"), false, func(ctx context.Context) (Query, error) { return s.resolve(ctx, q) })
	var stale *ErrStale
	if errors.As(err, &stale) {
		if !errors.Is(stale.Err, store.ErrUnavailable) {
			q.IncludePending = pending
			return q, stale.Err
		}
		err = nil
	}
	if err != nil {
		q.IncludePending = pending
		return q, err
	}
	r.IncludePending = pending
	return r, nil
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
		return q, msg.New(msg.MonitorBadMonth, q.Month)
	}
	return q, nil
}

// DefaultPeriodIndicators are the headline indicators whose city figures
// set the period of a city view: the month the statistics bureau has
// published 规上工业增加值 and 总产值 for.
var DefaultPeriodIndicators = []string{"industry.value_added_growth", "industry.output_value"}

// viewMonth is the default period of a city view: the latest month for which
// the city's own headline figures are in, as recorded by asOf (zero: now).
// One district's early report never moves it. Without any headline figure
// it is the latest month of any city figure, and without those the latest
// month of any figure at all.
func (s *Service) viewMonth(ctx context.Context, year int, asOf time.Time) (int, error) {
	inds := s.periodInds
	if len(inds) == 0 {
		inds = DefaultPeriodIndicators
	}
	key := fmt.Sprintf("period|%d|%d|%v", year, asOf.UnixNano(), inds)
	return cached(ctx, s, key, false, func(ctx context.Context) (int, error) {
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

// PlanYears returns the years with published targets, ascending.
func (s *Service) PlanYears(ctx context.Context) ([]int, error) {
	ty, err := s.r.TargetYears(ctx)
	if err != nil {
		return nil, fmt.Errorf("list plan years: %w", err)
	}
	out := slices.Clone(ty)
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Years lists the years a user can pick: those with targets or data, the
// latest first.
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
