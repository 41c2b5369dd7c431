package targets

import (
	"context"
	"fmt"
	"math"
	"strings"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// SplitPart is one unit's share of a city target.
type SplitPart struct {
	OrgUnit string  `json:"org_unit"` // code or name
	Value   float64 `json:"value"`
}

// SplitInput is a 分解下达: a city target split among districts and zones.
type SplitInput struct {
	Year      int         `json:"year"`
	Indicator string      `json:"indicator"`
	Parts     []SplitPart `json:"parts"`
	Document  string      `json:"document"`
}

// Split is the state of a city target's 分解下达.
type Split struct {
	City      domain.Target
	Indicator domain.Indicator
	// Parts are the unit targets now in force, in unit order.
	Parts []domain.Target
	// Sum is the parts' total; Remainder the city target minus Sum, which
	// stays with 市直/其他 (district figures never need to add up to the city's).
	Sum, Remainder float64
	// Units are the units the indicator may be split to (its breakdown).
	Units []domain.OrgUnit
}

// SplitOf returns the current split of the city target of year and indicator.
func (s *Service) SplitOf(ctx context.Context, year int, indicator string) (*Split, error) {
	ind, city, err := s.resolve(ctx, indicator, "")
	if err != nil {
		return nil, err
	}
	cur, err := s.current(ctx, year, ind.Code, city.Code)
	if err != nil {
		return nil, err
	}
	if ind.Kind != domain.Flow && ind.Kind != domain.Stock {
		return nil, inputErr(msg.TargetsSplitKind, ind.Name, ind.Kind.Label())
	}
	units, err := s.st.OrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	sp := &Split{City: cur, Indicator: ind}
	for _, u := range units {
		if (u.Kind == domain.KindDistrict || u.Kind == domain.KindZone) && ind.ReportedBy(u.Kind) {
			sp.Units = append(sp.Units, u)
		}
	}
	if len(sp.Units) == 0 {
		return nil, inputErr(msg.TargetsNoBreakdown, ind.Name)
	}
	ts, err := s.st.Targets(ctx, year, timeZero)
	if err != nil {
		return nil, err
	}
	for _, u := range sp.Units {
		for _, t := range ts {
			if t.Indicator == ind.Code && t.OrgUnit == u.Code {
				sp.Parts = append(sp.Parts, t)
				sp.Sum += t.Value
			}
		}
	}
	sp.Remainder = cur.Value - sp.Sum
	return sp, nil
}

// SaveSplit records a 分解下达 and audits it: each unit's target (a new
// revision where one exists), with the sum checked against the city target
// (what is not split stays with 市直/其他). All or nothing.
func (s *Service) SaveSplit(ctx context.Context, a auth.Actor, in SplitInput) (*Split, int, error) {
	sp, err := s.SplitOf(ctx, in.Year, in.Indicator)
	if err != nil {
		return nil, 0, err
	}
	if strings.TrimSpace(in.Document) == "" {
		return nil, 0, inputErr(msg.TargetsSplitNoDocument)
	}
	if c := sp.City.Comparator; c != domain.AtLeast && c != domain.MoreThan && c != domain.AtMost {
		return nil, 0, inputErr(msg.TargetsSplitComparator, c.Label())
	}
	allowed := map[string]domain.OrgUnit{}
	for _, u := range sp.Units {
		allowed[u.Code] = u
	}
	existing := map[string]domain.Target{}
	for _, t := range sp.Parts {
		existing[t.OrgUnit] = t
	}
	var problems []string
	var out []domain.Target
	seen := map[string]bool{}
	sum := 0.0
	for _, p := range in.Parts {
		u, err := s.unit(ctx, p.OrgUnit)
		if err != nil {
			problems = append(problems, msg.Text(err))
			continue
		}
		if _, ok := allowed[u.Code]; !ok {
			problems = append(problems, fmt.Sprintf("“%s”不在指标“%s”的分解范围（分解到 %v）", u.Name, sp.Indicator.Name, sp.Indicator.Breakdown))
			continue
		}
		if seen[u.Code] {
			problems = append(problems, fmt.Sprintf("“%s”填了两次，请只保留一个数", u.Name))
			continue
		}
		seen[u.Code] = true
		if p.Value < 0 || math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			problems = append(problems, fmt.Sprintf("“%s”的目标值 %v 无效", u.Name, p.Value))
			continue
		}
		sum += p.Value
		t := domain.Target{Year: in.Year, Indicator: sp.Indicator.Code, OrgUnit: u.Code, Comparator: sp.City.Comparator,
			Value: p.Value, Aspiration: sp.City.Aspiration, SourceQuote: "分解下达：" + strings.TrimSpace(in.Document),
			Section: sp.City.Section, RevisionKind: domain.RevisionInitial, RecordedAt: s.now().UTC(), RecordedBy: a.Name,
			Document: strings.TrimSpace(in.Document)}
		if prev, ok := existing[u.Code]; ok {
			if prev.Value == p.Value {
				continue
			}
			t.RevisionKind = domain.RevisionAdjusted
			t.Note = "分解调整"
		}
		out = append(out, t)
	}
	// Units not in this split keep their targets and count toward the sum.
	for _, t := range sp.Parts {
		if !seen[t.OrgUnit] {
			sum += t.Value
		}
	}
	if c := sp.City.Comparator; (c == domain.AtLeast || c == domain.MoreThan) && sum > sp.City.Value*(1+1e-9) {
		problems = append(problems, fmt.Sprintf("分解合计 %s%s 超过全市目标 %s%s，请核减", fmtNum(sum), sp.Indicator.Unit, fmtNum(sp.City.Value), sp.Indicator.Unit))
	}
	if len(problems) > 0 {
		return nil, 0, &ValidationError{Problems: problems}
	}
	added := 0
	if len(out) > 0 {
		if added, err = s.st.AddTargets(ctx, out); err != nil {
			return nil, 0, err
		}
	}
	after, err := s.SplitOf(ctx, in.Year, sp.Indicator.Code)
	if err != nil {
		return nil, 0, err
	}
	entry := a.Entry("targets.split", fmt.Sprintf("%d|%s", in.Year, sp.Indicator.Code), "",
		fmt.Sprintf("%s：分解 %d 个单位，合计 %s%s，市直/其他 %s%s", in.Document, len(after.Parts), fmtNum(after.Sum), sp.Indicator.Unit, fmtNum(after.Remainder), sp.Indicator.Unit))
	if err := s.audit.AppendAudit(ctx, entry); err != nil {
		return after, added, fmt.Errorf("split saved but not audited: %w", err)
	}
	return after, added, nil
}
