package monitor

import (
	"context"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/progress"
)

// UnitRow is one unit's figures for one indicator.
type UnitRow struct {
	Unit       domain.OrgUnit
	Assessment progress.Assessment
	Rank       int // 0: not ranked (no value)
	HasTarget  bool
}

// DistrictView is the 地区 page: districts ranked on one indicator, the city
// figure with the remainder the districts do not cover, and a heat table.
type DistrictView struct {
	Query     Query
	Indicator domain.Indicator
	By        progress.RankBy
	Rows      []UnitRow // in rank order
	// City is the city's own figure; Sum the districts' total (flows only)
	// and Remainder City − Sum (其他/市直): never assume districts add up.
	City      *float64
	Sum       *float64
	Remainder *float64
	// Choices are the indicators reported by district.
	Choices []domain.Indicator
	// Heat is district × indicator: YoYPct for flows, the value for rates.
	HeatUnits []domain.OrgUnit
	HeatInds  []domain.Indicator
	Heat      [][]*float64
	Demo      bool
}

// DefaultRankingIndicators are preferred, in order, for the district ranking
// when none is asked for: 规上工业增加值增速, then 规上工业总产值.
var DefaultRankingIndicators = [2]string{"industry.value_added_growth", "industry.output_value"}

// Districts computes the district comparison for indicator code ranked by
// by. Empty code: the indicator with district data this year,
// DefaultRankingIndicators first, then the first in catalogue order.
func (s *Service) Districts(ctx context.Context, q Query, code string, by progress.RankBy) (*DistrictView, error) {
	q, err := s.Resolve(ctx, q)
	if err != nil {
		return nil, err
	}
	if by == "" {
		by = progress.RankByGrowth
	}
	return cached(ctx, s, q.key("districts", code, by), true, func(ctx context.Context) (*DistrictView, error) {
		sn, err := s.loadSnapshotCached(ctx, q)
		if err != nil {
			return nil, err
		}
		return sn.districts(code, by)
	})
}

func (sn *snapshot) regionalUnits(kinds ...domain.UnitKind) []domain.OrgUnit {
	var out []domain.OrgUnit
	for _, u := range sn.units {
		for _, k := range kinds {
			if u.Kind == k {
				out = append(out, u)
			}
		}
	}
	return out
}

func (sn *snapshot) indicatorsReportedBy(k domain.UnitKind) []domain.Indicator {
	var out []domain.Indicator
	for _, ind := range sn.inds {
		if ind.Kind != domain.TierCount && ind.ReportedBy(k) {
			out = append(out, ind)
		}
	}
	return out
}

func (sn *snapshot) targetFor(code, unit string) *domain.Target {
	for i := range sn.targets {
		if sn.targets[i].Indicator == code && sn.targets[i].OrgUnit == unit {
			t := sn.targets[i]
			return &t
		}
	}
	return nil
}

func (sn *snapshot) districts(code string, by progress.RankBy) (*DistrictView, error) {
	v := &DistrictView{Query: sn.q, By: by, Demo: sn.demo, Choices: sn.indicatorsReportedBy(domain.KindDistrict)}
	if len(v.Choices) == 0 {
		return nil, msg.Wrap(ErrNotFound, msg.MonitorNoDistrictIndicators)
	}
	if code == "" {
		code = sn.defaultDistrictIndicator(v.Choices)
	}
	ind, ok := sn.indByCode[code]
	if !ok || !ind.ReportedBy(domain.KindDistrict) {
		return nil, msg.Wrap(ErrNotFound, msg.MonitorNotByDistrict, code)
	}
	v.Indicator = ind
	units := sn.regionalUnits(domain.KindDistrict, domain.KindZone)
	var as []progress.Assessment
	var sum float64
	haveSum := false
	for _, u := range units {
		if !ind.ReportedBy(u.Kind) {
			continue
		}
		t := sn.targetFor(code, u.Code)
		a := sn.assessUnit(ind, u.Code, t)
		as = append(as, a)
		v.Rows = append(v.Rows, UnitRow{Unit: u, Assessment: a, HasTarget: t != nil})
		if a.Value != nil && ind.Kind == domain.Flow && u.Kind == domain.KindDistrict {
			sum += *a.Value
			haveSum = true
		}
	}
	ranked := progress.RankAssessments(as, by)
	order := map[string]int{}
	for i, r := range ranked {
		order[r.Unit] = i
		for j := range v.Rows {
			if v.Rows[j].Unit.Code == r.Unit {
				v.Rows[j].Rank = r.Rank
			}
		}
	}
	sorted := make([]UnitRow, len(v.Rows))
	for _, r := range v.Rows {
		sorted[order[r.Unit.Code]] = r
	}
	v.Rows = sorted
	city := sn.assessUnit(ind, domain.CityCode, sn.targetFor(code, domain.CityCode))
	v.City = city.Value
	if haveSum && ind.Kind == domain.Flow {
		v.Sum = &sum
		if city.Value != nil && city.Month == sn.q.Month {
			r := *city.Value - sum
			v.Remainder = &r
		}
	}
	// Heat table: every district-reported indicator.
	v.HeatUnits = units
	v.HeatInds = v.Choices
	for _, u := range units {
		row := make([]*float64, len(v.HeatInds))
		for j, hi := range v.HeatInds {
			if !hi.ReportedBy(u.Kind) {
				continue
			}
			a := sn.assessUnit(hi, u.Code, sn.targetFor(hi.Code, u.Code))
			if hi.Kind == domain.Flow {
				row[j] = a.YoYPct
			} else {
				row[j] = a.Value
			}
		}
		v.Heat = append(v.Heat, row)
	}
	return v, nil
}

// ParkRow is one park's output and the tier it is on course for.
type ParkRow struct {
	Unit       domain.OrgUnit
	Assessment progress.Assessment
	// Projection is the value the tier is judged on: for a flow the run-rate
	// annual value, for a level the level itself.
	Projection *float64
	Tier       string // e.g. "超千亿元", "" below every band
}

// TierRow is one tier target and its count.
type TierRow struct {
	Indicator  domain.Indicator
	Target     domain.Target
	Assessment progress.Assessment
	Units      []string // names of the parks counted
}

// ParkView is the 园区 page.
type ParkView struct {
	Query     Query
	Indicator domain.Indicator // the park output indicator
	Rows      []ParkRow
	Tiers     []TierRow
	Total     *Row // the city-wide park output target, if any
	// Sum is the listed parks' year-to-date total and Remainder the city-wide
	// park figure minus it (parks not listed one by one): never assume the
	// listed parks add up to 全市园区.
	Sum, Remainder *float64
	Demo           bool
}

// Parks computes the park page: every park's output against the tier
// thresholds, and the tier counts against the plan's counts.
func (s *Service) Parks(ctx context.Context, q Query) (*ParkView, error) {
	q, err := s.Resolve(ctx, q)
	if err != nil {
		return nil, err
	}
	return cached(ctx, s, q.key("parks"), true, func(ctx context.Context) (*ParkView, error) {
		sn, err := s.loadSnapshotCached(ctx, q)
		if err != nil {
			return nil, err
		}
		return sn.parks()
	})
}

func (sn *snapshot) parks() (*ParkView, error) {
	v := &ParkView{Query: sn.q, Demo: sn.demo}
	tiers := sn.parkTiers()
	if len(tiers) == 0 {
		return nil, msg.Wrap(ErrNotFound, msg.MonitorNoParkTiers)
	}
	of := sn.indByCode[tiers[0].TierOf]
	v.Indicator = of
	for _, code := range sn.tierUnits(of.Code) {
		u, ok := sn.unitByCode[code]
		if !ok {
			u = domain.OrgUnit{Code: code, Name: code, Kind: domain.KindPark}
		}
		a := sn.assessUnit(of, code, sn.targetFor(of.Code, code))
		r := ParkRow{Unit: u, Assessment: a}
		if a.Value != nil && a.Month > 0 {
			p := *a.Value
			if of.Kind == domain.Flow {
				p = progress.RunRate(p, a.Month)
			}
			r.Projection = &p
			for _, t := range tiers {
				if !t.TierNew && p >= t.TierMin && (t.TierMax == 0 || p < t.TierMax) {
					r.Tier = t.Name
				}
			}
		}
		v.Rows = append(v.Rows, r)
	}
	for _, ind := range tiers {
		t := sn.targetFor(ind.Code, domain.CityCode)
		if t == nil {
			continue
		}
		a, _, _ := sn.assess(*t)
		tr := TierRow{Indicator: ind, Target: *t, Assessment: a}
		if ind.TierNew {
			tr.Units = a.Entrants
		}
		// A tier is counted cumulatively (a park over 500亿 also counts
		// toward 超300亿), so it names every park its count includes.
		for _, r := range v.Rows {
			if !ind.TierNew && r.Projection != nil && *r.Projection >= ind.TierMin {
				tr.Units = append(tr.Units, r.Unit.Name)
			}
		}
		v.Tiers = append(v.Tiers, tr)
	}
	if t := sn.targetFor(of.Code, domain.CityCode); t != nil {
		a, cur, last := sn.assess(*t)
		v.Total = &Row{Indicator: of, Target: *t, Assessment: a, Cur: cur, Last: last, Sentence: progress.Describe(of, a)}
	}
	if of.Kind == domain.Flow {
		sum, n := 0.0, 0
		for _, r := range v.Rows {
			if a := r.Assessment; a.Value != nil && a.Month == sn.q.Month {
				sum += *a.Value
				n++
			}
		}
		if n > 0 {
			v.Sum = &sum
			if v.Total != nil && v.Total.Assessment.Value != nil && v.Total.Assessment.Month == sn.q.Month {
				r := *v.Total.Assessment.Value - sum
				v.Remainder = &r
			}
		}
	}
	return v, nil
}

// defaultDistrictIndicator picks the indicator that has district data:
// 规上工业增加值增速 first (the comparison district briefings lead with),
// then 规上工业总产值, then any; with no district data at all, 规上工业总产值.
func (sn *snapshot) defaultDistrictIndicator(choices []domain.Indicator) string {
	hasDistrictData := func(code string) bool {
		for k := range sn.cur {
			if k.indicator == code && sn.unitByCode[k.unit].Kind == domain.KindDistrict {
				return true
			}
		}
		return false
	}
	for _, pass := range []func(domain.Indicator) bool{
		func(c domain.Indicator) bool { return c.Code == DefaultRankingIndicators[0] && hasDistrictData(c.Code) },
		func(c domain.Indicator) bool { return c.Code == DefaultRankingIndicators[1] && hasDistrictData(c.Code) },
		func(c domain.Indicator) bool { return hasDistrictData(c.Code) },
		func(c domain.Indicator) bool { return c.Code == DefaultRankingIndicators[1] },
	} {
		for _, c := range choices {
			if pass(c) {
				return c.Code
			}
		}
	}
	return choices[0].Code
}
