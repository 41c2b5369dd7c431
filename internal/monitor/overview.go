package monitor

import (
	"context"
	"sort"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/progress"
)

// Row is one target with its assessment and the series behind it.
type Row struct {
	Indicator domain.Indicator `json:"-"`
	Target    domain.Target    `json:"-"`
	// Initial is the 年初下达 target; it differs from Target after a 年中调整.
	Initial    domain.Target       `json:"-"`
	Assessment progress.Assessment `json:"-"`
	// Title is the indicator's name, led by the unit's when the target is
	// not the city's (稀土高新区稀土永磁电机产业园产值).
	Title string `json:"-"`
	// Sentence is the assessment in the briefing's standard phrasing.
	Sentence string `json:"-"`
	// Cur and Last are this year's and last year's series.
	Cur  progress.Series `json:"-"`
	Last progress.Series `json:"-"`
}

// Group is the rows of one chain (产业链/板块) of the work plan.
type Group struct {
	Chain string `json:"chain"`
	Rows  []Row  `json:"-"`
}

// Overview is the 总览 scorecard: every target of a year.
type Overview struct {
	Query Query
	// Period is the year-to-date period shown (1..Month).
	Period          domain.Period
	TimeProgressPct float64
	Groups          []Group
	Rows            []Row
	// Counts by traffic light: green, amber, red, grey.
	Counts  map[string]int
	Demo    bool
	Pending int
}

// Overview computes the scorecard of q's year as of its month.
func (s *Service) Overview(ctx context.Context, q Query) (*Overview, error) {
	q, err := s.Resolve(ctx, q)
	if err != nil {
		return nil, err
	}
	return cached(ctx, s, q.key("overview"), true, func(ctx context.Context) (*Overview, error) {
		sn, err := s.loadSnapshotCached(ctx, q)
		if err != nil {
			return nil, err
		}
		return sn.overview(), nil
	})
}

// loadSnapshotCached returns the snapshot, ignoring staleness (the caller's
// own cache entry handles the fallback).
func (s *Service) loadSnapshotCached(ctx context.Context, q Query) (*snapshot, error) {
	sn, err := s.snapshot(ctx, q)
	if err != nil {
		if _, stale := err.(*ErrStale); stale && sn != nil {
			return sn, nil
		}
		return nil, err
	}
	return sn, nil
}

func (sn *snapshot) overview() *Overview {
	ov := &Overview{Query: sn.q, Counts: map[string]int{"green": 0, "amber": 0, "red": 0, "grey": 0},
		Demo: sn.demo, Pending: sn.pending}
	if sn.q.Month > 0 {
		ov.Period = domain.YTD(sn.q.Year, sn.q.Month)
		if tp, err := sn.cfg.TimeProgress(sn.q.Year, sn.q.Month, nil); err == nil {
			ov.TimeProgressPct = tp * 100
		}
	}
	ov.Rows = sn.rows(func(domain.Indicator, domain.Target) bool { return true })
	byChain := map[string]int{}
	for _, r := range ov.Rows {
		ov.Counts[r.Assessment.StatusKey]++
		i, ok := byChain[r.Indicator.Chain]
		if !ok {
			i = len(ov.Groups)
			byChain[r.Indicator.Chain] = i
			ov.Groups = append(ov.Groups, Group{Chain: r.Indicator.Chain})
		}
		ov.Groups[i].Rows = append(ov.Groups[i].Rows, r)
	}
	return ov
}

// rows assesses the work plan's targets that keep selects, in catalogue
// order: the city's, and those the plan sets for another unit (the
// 稀土高新区 motor-park targets) when the city has none for that indicator.
// A city target split among districts (分解下达) shows once, as the city's.
func (sn *snapshot) rows(keep func(domain.Indicator, domain.Target) bool) []Row {
	cityHas := map[string]bool{}
	for _, t := range sn.targets {
		if t.OrgUnit == domain.CityCode {
			cityHas[t.Indicator] = true
		}
	}
	var out []Row
	for _, t := range sn.targets {
		ind, ok := sn.indByCode[t.Indicator]
		if !ok || (t.OrgUnit != domain.CityCode && cityHas[t.Indicator]) || !keep(ind, t) {
			continue
		}
		if u, ok := sn.unitByCode[t.OrgUnit]; !ok || u.Kind == domain.KindBenchmark || u.Kind == domain.KindProject {
			continue // a project's planned stage and capacity are judged within its list
		}
		a, cur, last := sn.assess(t)
		title := ind.Name
		if u := sn.unitByCode[t.OrgUnit]; t.OrgUnit != domain.CityCode && !strings.Contains(ind.Name, u.PrintName()) {
			title = u.PrintName() + ind.Name // a name that already names its unit (北奔新能源重卡产量) is kept
		}
		out = append(out, Row{Indicator: ind, Target: t, Initial: sn.initialOf(t), Assessment: a, Cur: cur, Last: last,
			Title: title, Sentence: progress.Describe(ind, a)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Indicator.Order != out[j].Indicator.Order {
			return out[i].Indicator.Order < out[j].Indicator.Order
		}
		return out[i].Indicator.Code < out[j].Indicator.Code
	})
	return out
}

// Chains lists the chains (产业链/板块) that have targets in year, in
// catalogue order.
func (s *Service) Chains(ctx context.Context, q Query) ([]string, error) {
	ov, err := s.Overview(ctx, q)
	if ov == nil {
		return nil, err
	}
	out := make([]string, 0, len(ov.Groups))
	for _, g := range ov.Groups {
		out = append(out, g.Chain)
	}
	return out, err
}

// ChainView is one 产业链 page: its targets with their series.
type ChainView struct {
	Query           Query
	Chain           string
	Period          domain.Period
	TimeProgressPct float64
	Rows            []Row
	Demo            bool
}

// Chain computes the page of one chain.
func (s *Service) Chain(ctx context.Context, q Query, chain string) (*ChainView, error) {
	ov, err := s.Overview(ctx, q)
	if ov == nil {
		return nil, err
	}
	for _, g := range ov.Groups {
		if g.Chain == chain {
			return &ChainView{Query: ov.Query, Chain: chain, Period: ov.Period, TimeProgressPct: ov.TimeProgressPct,
				Rows: g.Rows, Demo: ov.Demo}, err
		}
	}
	return nil, msg.Wrap(ErrNotFound, msg.MonitorNoChain, chain)
}

// UnitTargets assesses every target of one org unit (its 分解下达) as of
// q, in catalogue order: a reporter's own targets and progress.
func (s *Service) UnitTargets(ctx context.Context, q Query, unit string) ([]Row, Query, error) {
	q, err := s.Resolve(ctx, q)
	if err != nil {
		return nil, q, err
	}
	sn, err := s.loadSnapshotCached(ctx, q)
	if err != nil {
		return nil, q, err
	}
	var out []Row
	for _, t := range sn.targets {
		ind, ok := sn.indByCode[t.Indicator]
		if !ok || t.OrgUnit != unit {
			continue
		}
		a, cur, last := sn.assess(t)
		out = append(out, Row{Indicator: ind, Target: t, Initial: sn.initialOf(t), Assessment: a, Cur: cur, Last: last,
			Sentence: progress.Describe(ind, a)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Indicator.Order != out[j].Indicator.Order {
			return out[i].Indicator.Order < out[j].Indicator.Order
		}
		return out[i].Indicator.Code < out[j].Indicator.Code
	})
	return out, q, nil
}
