package monitor

import (
	"context"
	"fmt"
	"sort"

	"industrydash/internal/domain"
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
			return nil, fmt.Errorf("%w：指标代码“%s”不在指标目录中", ErrNotFound, code)
		}
		u, ok := sn.unitByCode[unit]
		if !ok {
			return nil, fmt.Errorf("%w：单位“%s”不存在", ErrNotFound, unit)
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
