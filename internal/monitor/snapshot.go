package monitor

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
	"industrydash/internal/store"
)

type seriesKey struct {
	indicator, unit string
}

// snapshot is everything one view of (year, month, as-of) needs, read once.
type snapshot struct {
	q          Query
	cfg        progress.Config
	inds       []domain.Indicator
	indByCode  map[string]domain.Indicator
	units      []domain.OrgUnit
	unitByCode map[string]domain.OrgUnit
	targets    []domain.Target
	// initial maps Target.Key() to the 年初下达 of a target adjusted since
	// (年中调整); targets never adjusted are absent: they are their own.
	initial   map[string]domain.Target
	cur, last map[seriesKey][]domain.Observation
	demo      bool
	pending   int // pending observations overlaid
	built     map[string]progress.Series
	// lastTargets are last year's targets by (indicator, unit).
	lastTargets map[seriesKey]domain.Target
	frozen      bool // set once built: the snapshot is then shared read-only
}

func (s *Service) snapshot(ctx context.Context, q Query) (*snapshot, error) {
	return cached(ctx, s, q.key("snapshot"), false, func(ctx context.Context) (*snapshot, error) { return s.loadSnapshot(ctx, q) })
}

func (s *Service) loadSnapshot(ctx context.Context, q Query) (*snapshot, error) {
	var (
		inds                 []domain.Indicator
		units                []domain.OrgUnit
		targets, lastTargets []domain.Target
		initial              map[string]domain.Target
		cur, last            []domain.Observation
	)
	// The reads are independent: they run at once, so a snapshot costs the
	// slowest read, not the sum of them.
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		if inds, err = s.r.Indicators(gctx); err != nil {
			return fmt.Errorf("read indicators: %w", err)
		}
		return nil
	})
	g.Go(func() (err error) {
		if units, err = s.r.OrgUnits(gctx); err != nil {
			return fmt.Errorf("read org units: %w", err)
		}
		return nil
	})
	g.Go(func() (err error) {
		if targets, err = s.r.Targets(gctx, q.Year, q.AsOf); err != nil {
			return fmt.Errorf("read targets: %w", err)
		}
		initial, err = s.initialTargets(gctx, targets, q.AsOf)
		return err
	})
	// Last year's targets, for completion against the same month of last
	// year's plan.
	g.Go(func() (err error) {
		if lastTargets, err = s.r.Targets(gctx, q.Year-1, q.AsOf); err != nil {
			return fmt.Errorf("read targets %d: %w", q.Year-1, err)
		}
		return nil
	})
	g.Go(func() (err error) {
		curF := store.ObsFilter{Years: []int{q.Year}, AsOf: q.AsOf}
		if q.Month > 0 {
			curF.ToMonth = q.Month
		}
		if cur, err = s.r.CurrentObservations(gctx, curF); err != nil {
			return fmt.Errorf("read observations %d: %w", q.Year, err)
		}
		return nil
	})
	g.Go(func() (err error) {
		if last, err = s.r.CurrentObservations(gctx, store.ObsFilter{Years: []int{q.Year - 1}, AsOf: q.AsOf}); err != nil {
			return fmt.Errorf("read observations %d: %w", q.Year-1, err)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sn := &snapshot{
		q: q, cfg: s.cfg, inds: inds, units: units, targets: targets, initial: initial,
		indByCode: map[string]domain.Indicator{}, unitByCode: map[string]domain.OrgUnit{},
		cur: map[seriesKey][]domain.Observation{}, last: map[seriesKey][]domain.Observation{},
		built: map[string]progress.Series{}, lastTargets: map[seriesKey]domain.Target{},
	}
	for _, t := range lastTargets {
		sn.lastTargets[seriesKey{t.Indicator, t.OrgUnit}] = t
	}
	for _, ind := range inds {
		sn.indByCode[ind.Code] = ind
	}
	for _, u := range units {
		sn.unitByCode[u.Code] = u
	}
	if q.IncludePending && s.overlay != nil {
		pend, err := s.overlay.PendingObservations(ctx, q.Year)
		if err != nil {
			return nil, fmt.Errorf("read pending data: %w", err)
		}
		for _, o := range pend {
			if q.Month == 0 || o.Period.To <= q.Month {
				cur = append(cur, o) // BuildSeries keeps the latest recorded row per period
				sn.pending++
			}
		}
	}
	for _, o := range cur {
		k := seriesKey{o.Indicator, o.OrgUnit}
		sn.cur[k] = append(sn.cur[k], o)
		sn.demo = sn.demo || o.Demo
	}
	for _, o := range last {
		k := seriesKey{o.Indicator, o.OrgUnit}
		sn.last[k] = append(sn.last[k], o)
	}
	sn.buildAll()
	return sn, nil
}

// initialTargets finds the 年初下达 of every target with more than one
// revision (only those need the revision history), among the revisions
// recorded by asOf.
func (s *Service) initialTargets(ctx context.Context, ts []domain.Target, asOf time.Time) (map[string]domain.Target, error) {
	out := map[string]domain.Target{}
	for _, t := range ts {
		if t.Revision <= 1 || t.RevisionKind != domain.RevisionAdjusted {
			continue
		}
		revs, err := s.r.TargetRevisions(ctx, t.Year, t.Indicator, t.OrgUnit)
		if err != nil {
			return nil, fmt.Errorf("read target revisions: %w", err)
		}
		var upTo []domain.Target
		for _, r := range revs {
			if asOf.IsZero() || !r.RecordedAt.After(asOf) {
				upTo = append(upTo, r)
			}
		}
		if first, ok := domain.Initial(upTo); ok {
			out[t.Key()] = first
		}
	}
	return out, nil
}

// initialOf is the 年初下达 of t.
func (sn *snapshot) initialOf(t domain.Target) domain.Target {
	if first, ok := sn.initial[t.Key()]; ok {
		return first
	}
	return t
}

// buildAll builds every series up front: a snapshot is shared by concurrent
// requests through the cache and must be read-only once returned.
func (sn *snapshot) buildAll() {
	for k := range sn.cur {
		sn.series(k.indicator, k.unit, false)
	}
	for k := range sn.last {
		sn.series(k.indicator, k.unit, true)
	}
	groups := map[string][]domain.Indicator{} // tier indicators by what they count over
	var ofs []string
	for _, ind := range sn.inds {
		if ind.Kind == domain.TierCount {
			if len(groups[ind.TierOf]) == 0 {
				ofs = append(ofs, ind.TierOf)
			}
			groups[ind.TierOf] = append(groups[ind.TierOf], ind)
		}
	}
	for _, ind := range sn.inds {
		if projectKind(ind.Kind) {
			sn.built[ind.Code+"|tier|cur"] = sn.projectSeries(ind, false)
			sn.built[ind.Code+"|tier|last"] = sn.projectSeries(ind, true)
		}
	}
	for _, of := range ofs {
		for _, last := range []bool{false, true} {
			suffix := "|tier|cur"
			if last {
				suffix = "|tier|last"
			}
			for code, s := range sn.tierSeries(groups[of], last) {
				sn.built[code+suffix] = s
			}
		}
	}
	sn.frozen = true
}

// series returns the series of an indicator and unit for the snapshot's year
// (or the year before when lastYear).
func (sn *snapshot) series(code, unit string, lastYear bool) progress.Series {
	key := fmt.Sprintf("%s|%s|%t", code, unit, lastYear)
	if s, ok := sn.built[key]; ok {
		return s
	}
	ind, ok := sn.indByCode[code]
	if !ok {
		return progress.Series{Indicator: code, OrgUnit: unit}
	}
	if (ind.Kind == domain.TierCount || projectKind(ind.Kind)) && unit == domain.CityCode {
		k := ind.Code + "|tier|cur"
		if lastYear {
			k = ind.Code + "|tier|last"
		}
		if s, ok := sn.built[k]; ok {
			return s
		}
	}
	year, src := sn.q.Year, sn.cur
	if lastYear {
		year, src = sn.q.Year-1, sn.last
	}
	s := progress.BuildSeries(ind, unit, year, src[seriesKey{code, unit}])
	if !sn.frozen {
		sn.built[key] = s
	}
	return s
}

// assess measures one target.
func (sn *snapshot) assess(t domain.Target) (progress.Assessment, progress.Series, progress.Series) {
	ind := sn.indByCode[t.Indicator]
	cur := sn.series(t.Indicator, t.OrgUnit, false)
	last := sn.series(t.Indicator, t.OrgUnit, true)
	var lp *progress.Series
	if !last.Empty() {
		lp = &last
	}
	tt := t
	if projectKind(ind.Kind) {
		return sn.assessProjects(ind, &tt), cur, last
	}
	a := progress.Assess(ind, &tt, cur, lp, sn.q.Month, sn.cfg)
	if lt, ok := sn.lastTargets[seriesKey{t.Indicator, t.OrgUnit}]; ok {
		a.SetLastYearTarget(&lt)
	}
	if t.OrgUnit == domain.CityCode {
		a.Benchmarks = sn.benchmarks(ind, a)
	}
	return a, cur, last
}

// benchmarks returns the benchmark units' figures (全国, 全区) of a rate for
// the same month and series (累计 or 当月) as the city's, in catalogue order.
// A benchmark without that month's figure is left out, never compared with an
// older one.
func (sn *snapshot) benchmarks(ind domain.Indicator, a progress.Assessment) []progress.Benchmark {
	if ind.Kind != domain.Rate || a.Value == nil || a.Month == 0 {
		return nil
	}
	var out []progress.Benchmark
	for _, u := range sn.units {
		if u.Kind != domain.KindBenchmark {
			continue
		}
		s := sn.series(ind.Code, u.Code, false)
		v, ok := s.YTDAt(a.Month)
		if a.ValueType == domain.ValuePeriod {
			v, ok = s.MonthAt(a.Month)
		}
		if ok {
			out = append(out, progress.Benchmark{OrgUnit: u.Code, Name: u.PrintName(), Value: v})
		}
	}
	return out
}

// assessUnit measures an indicator for a unit that may have no target of its
// own: the facts (value, 同比, projection) are still computed.
func (sn *snapshot) assessUnit(ind domain.Indicator, unit string, t *domain.Target) progress.Assessment {
	cur := sn.series(ind.Code, unit, false)
	last := sn.series(ind.Code, unit, true)
	var lp *progress.Series
	if !last.Empty() {
		lp = &last
	}
	if projectKind(ind.Kind) && unit == domain.CityCode {
		return sn.assessProjects(ind, t)
	}
	return progress.Assess(ind, t, cur, lp, sn.q.Month, sn.cfg)
}

func (sn *snapshot) unitName(code string) string {
	if u, ok := sn.unitByCode[code]; ok {
		return u.Name
	}
	return code
}
