package monitor

import (
	"context"
	"fmt"
	"sort"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/progress"
	"industrydash/internal/store"
)

// YearSeries is one year's series of an indicator and unit.
type YearSeries struct {
	Year   int
	Series progress.Series
}

// IndicatorView is the 指标详情 page.
type IndicatorView struct {
	Query      Query
	Indicator  domain.Indicator
	Unit       domain.OrgUnit
	Target     *domain.Target
	Assessment progress.Assessment
	Sentence   string
	// Years holds every year with data, oldest first.
	Years []YearSeries
	// History is every recorded row (all versions), newest first: the
	// revisions with who, when and from which source.
	History []domain.Observation
	// TargetRevisions is every revision of this year's target, oldest first.
	TargetRevisions []domain.Target
	// Units lists the units that report the indicator, for a picker.
	Units []domain.OrgUnit
	Demo  bool
	// ByYear compares the years that have a target or data for this
	// indicator and unit, oldest first: each year's target in force (and
	// 年初下达) and how far it was completed (the year's latest data).
	ByYear []YearTarget
}

// YearTarget is one year of the cross-year comparison on 指标详情.
type YearTarget struct {
	Year       int
	Target     *domain.Target
	Initial    *domain.Target
	Assessment progress.Assessment
}

// Indicator computes the detail page of one indicator for one unit (empty:
// the city).
func (s *Service) Indicator(ctx context.Context, q Query, code, unit string) (*IndicatorView, error) {
	q, err := s.Resolve(ctx, q)
	if err != nil {
		return nil, err
	}
	if unit == "" {
		unit = domain.CityCode
	}
	return cached(ctx, s, q.key("indicator", code, unit), true, func(ctx context.Context) (*IndicatorView, error) {
		sn, err := s.loadSnapshotCached(ctx, q)
		if err != nil {
			return nil, err
		}
		ind, ok := sn.indByCode[code]
		if !ok {
			return nil, msg.Wrap(ErrNotFound, msg.MonitorNoIndicator, code)
		}
		u, ok := sn.unitByCode[unit]
		if !ok {
			return nil, msg.Wrap(ErrNotFound, msg.MonitorNoUnit, unit)
		}
		v := &IndicatorView{Query: q, Indicator: ind, Unit: u, Demo: sn.demo}
		v.Target = sn.targetFor(code, unit)
		if v.Target != nil {
			v.Assessment, _, _ = sn.assess(*v.Target)
		} else {
			v.Assessment = sn.assessUnit(ind, unit, nil)
		}
		v.Sentence = progress.Describe(ind, v.Assessment)
		for _, ou := range sn.units {
			if ind.ReportedBy(ou.Kind) {
				v.Units = append(v.Units, ou)
			}
		}
		if ind.Kind == domain.TierCount {
			v.Years = []YearSeries{{q.Year - 1, sn.series(code, unit, true)}, {q.Year, sn.series(code, unit, false)}}
		} else {
			all, err := s.r.CurrentObservations(ctx, store.ObsFilter{Indicators: []string{code}, OrgUnits: []string{unit}, AsOf: q.AsOf})
			if err != nil {
				return nil, fmt.Errorf("read series: %w", err)
			}
			years := map[int]bool{}
			for _, o := range all {
				if o.Period.Year < q.Year || (o.Period.Year == q.Year && (q.Month == 0 || o.Period.To <= q.Month)) {
					years[o.Period.Year] = true
				}
			}
			var ys []int
			for y := range years {
				ys = append(ys, y)
			}
			sort.Ints(ys)
			for _, y := range ys {
				var rows []domain.Observation
				for _, o := range all {
					if o.Period.Year == y && (y < q.Year || q.Month == 0 || o.Period.To <= q.Month) {
						rows = append(rows, o)
					}
				}
				v.Years = append(v.Years, YearSeries{Year: y, Series: progress.BuildSeries(ind, unit, y, rows)})
			}
			hist, err := s.r.ObservationHistory(ctx, code, unit, 0)
			if err != nil {
				return nil, fmt.Errorf("read history: %w", err)
			}
			for i := len(hist) - 1; i >= 0; i-- {
				if q.AsOf.IsZero() || !hist[i].RecordedAt.After(q.AsOf) {
					v.History = append(v.History, hist[i])
				}
			}
		}
		revs, err := s.r.TargetRevisions(ctx, q.Year, code, unit)
		if err != nil {
			return nil, fmt.Errorf("read target revisions: %w", err)
		}
		v.TargetRevisions = revs
		if v.ByYear, err = s.byYear(ctx, q, ind, unit, v.Years); err != nil {
			return nil, err
		}
		return v, nil
	})
}

// Catalogue returns the indicators and org units, for pickers and exports.
func (s *Service) Catalogue(ctx context.Context) ([]domain.Indicator, []domain.OrgUnit, error) {
	inds, err := s.r.Indicators(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("read indicators: %w", err)
	}
	units, err := s.r.OrgUnits(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("read org units: %w", err)
	}
	return inds, units, nil
}

// Targets returns the current targets of a year (as of asOf when set).
func (s *Service) Targets(ctx context.Context, q Query) ([]domain.Target, Query, error) {
	q, err := s.Resolve(ctx, q)
	if err != nil {
		return nil, q, err
	}
	ts, err := s.r.Targets(ctx, q.Year, q.AsOf)
	if err != nil {
		return nil, q, fmt.Errorf("read targets: %w", err)
	}
	return ts, q, nil
}

// byYear builds the cross-year comparison: every year up to q's that has a
// target or data, judged at its year end (q's year at q's month).
func (s *Service) byYear(ctx context.Context, q Query, ind domain.Indicator, unit string, series []YearSeries) ([]YearTarget, error) {
	years, err := s.r.TargetYears(ctx)
	if err != nil {
		return nil, fmt.Errorf("read target years: %w", err)
	}
	bySeries := map[int]progress.Series{}
	set := map[int]bool{}
	for _, ys := range series {
		bySeries[ys.Year] = ys.Series
		set[ys.Year] = true
	}
	for _, y := range years {
		if y <= q.Year {
			set[y] = true
		}
	}
	var list []int
	for y := range set {
		list = append(list, y)
	}
	sort.Ints(list)
	var out []YearTarget
	for _, y := range list {
		ts, err := s.r.Targets(ctx, y, q.AsOf)
		if err != nil {
			return nil, fmt.Errorf("read targets %d: %w", y, err)
		}
		yt := YearTarget{Year: y}
		for i := range ts {
			if ts[i].Indicator == ind.Code && ts[i].OrgUnit == unit {
				t := ts[i]
				yt.Target, yt.Initial = &t, &t
				if t.Revision > 1 && t.RevisionKind == domain.RevisionAdjusted {
					revs, err := s.r.TargetRevisions(ctx, y, ind.Code, unit)
					if err != nil {
						return nil, fmt.Errorf("read target revisions: %w", err)
					}
					if first, ok := domain.Initial(revs); ok {
						yt.Initial = &first
					}
				}
			}
		}
		cur, ok := bySeries[y]
		if !ok {
			cur = progress.Series{Indicator: ind.Code, OrgUnit: unit, Year: y, Kind: ind.Kind}
		}
		var last *progress.Series
		if l, ok := bySeries[y-1]; ok {
			last = &l
		}
		month := 12
		if y == q.Year {
			month = q.Month
		}
		yt.Assessment = progress.Assess(ind, yt.Target, cur, last, month, s.cfg)
		if yt.Target == nil && !ok {
			continue
		}
		out = append(out, yt)
	}
	return out, nil
}
