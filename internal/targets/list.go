package targets

import (
	"context"
	"sort"
	"time"

	"industrydash/internal/domain"
)

// Row is one target on the 目标管理 page: the 年初下达 and the target now in
// force, with every revision.
type Row struct {
	Indicator  domain.Indicator
	OrgUnit    domain.OrgUnit
	Initial    domain.Target
	Current    domain.Target
	Revisions  []domain.Target
	Adjustment string // "年中调整为1100亿元，原目标1000亿元", or empty
}

// Rows lists the targets of year in catalogue order.
func (s *Service) Rows(ctx context.Context, year int) ([]Row, error) {
	ts, err := s.st.Targets(ctx, year, time.Time{})
	if err != nil {
		return nil, err
	}
	inds, err := s.st.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	units, err := s.st.OrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	indBy := map[string]domain.Indicator{}
	order := map[string]int{}
	for i, ind := range inds {
		indBy[ind.Code] = ind
		order[ind.Code] = i
	}
	unitBy := map[string]domain.OrgUnit{}
	for _, u := range units {
		unitBy[u.Code] = u
	}
	rows := make([]Row, 0, len(ts))
	for _, t := range ts {
		r := Row{Indicator: indBy[t.Indicator], OrgUnit: unitBy[t.OrgUnit], Initial: t, Current: t}
		if r.Indicator.Code == "" {
			r.Indicator = domain.Indicator{Code: t.Indicator, Name: t.Indicator}
		}
		if t.Revision > 1 {
			revs, err := s.st.TargetRevisions(ctx, year, t.Indicator, t.OrgUnit)
			if err != nil {
				return nil, err
			}
			r.Revisions = revs
			if first, ok := domain.Initial(revs); ok {
				r.Initial = first
			}
		} else {
			r.Revisions = []domain.Target{t}
		}
		r.Adjustment = AdjustmentText(r.Initial, r.Current, r.Indicator.Unit)
		rows = append(rows, r)
	}
	sortRows(rows, order)
	return rows, nil
}

func sortRows(rows []Row, order map[string]int) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if order[a.Indicator.Code] != order[b.Indicator.Code] {
			return order[a.Indicator.Code] < order[b.Indicator.Code]
		}
		if a.OrgUnit.Order != b.OrgUnit.Order {
			return a.OrgUnit.Order < b.OrgUnit.Order
		}
		return a.OrgUnit.Code < b.OrgUnit.Code
	})
}
