package targets

import (
	"context"
	"fmt"
	"strings"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/internal/load"
	"industrydash/internal/msg"
)

// PublishItem is one reviewed proposal: the analyst accepted or edited it
// and mapped it to an indicator, or to a new one.
type PublishItem struct {
	Indicator  string            `json:"indicator"`
	New        *domain.Indicator `json:"new_indicator,omitempty"` // created first when set
	OrgUnit    string            `json:"org_unit"`
	Comparator string            `json:"comparator"`
	Value      float64           `json:"value"`
	ValueHigh  *float64          `json:"value_high,omitempty"`
	Tolerance  *float64          `json:"tolerance,omitempty"`
	Unit       string            `json:"unit"` // as written; converted to the indicator's unit
	Aspiration bool              `json:"aspiration"`
	Quote      string            `json:"source_quote"`
	Section    string            `json:"section"`
}

// PublishInput is a year's reviewed targets with the document that sets them.
type PublishInput struct {
	Year     int
	Document string    // the plan's name, e.g. 《2025年度包头市工业和信息化局部门预算公开》
	Date     time.Time // the document's date; the targets are in force from it
	Items    []PublishItem
}

// ValidationError lists every problem of a publication; nothing was saved.
type ValidationError struct {
	Problems []string
	// Items maps an item's index in PublishInput.Items to its own
	// problems, so a review page can show each beside its row.
	Items map[int][]string
}

func (e *ValidationError) Error() string { return e.message().Error() }

// Unwrap returns the message (msg.Text renders it).
func (e *ValidationError) Unwrap() error { return e.message() }

func (e *ValidationError) message() *msg.Error {
	return msg.New(msg.TargetsNotPublished, strings.Join(e.Problems, "；"))
}

// Publish saves the reviewed targets as 年初下达 of the year, all or none,
// creating the new indicators first, and audits it. It returns how many
// targets were added (an unchanged target is not added again).
func (s *Service) Publish(ctx context.Context, a auth.Actor, in PublishInput) (int, error) {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if in.Year < 2000 || in.Year > 2100 {
		fail("年份 %d 不合理", in.Year)
	}
	if strings.TrimSpace(in.Document) == "" {
		fail("请填写下达文件名称（如《2025年工作要点》）")
	}
	if in.Date.IsZero() {
		fail("请填写下达日期")
	}
	if len(in.Items) == 0 {
		fail("没有要发布的目标：请至少采纳一条建议")
	}
	inds, err := s.st.Indicators(ctx)
	if err != nil {
		return 0, err
	}
	measures, err := load.ReadMeasures(ctx, s.st)
	if err != nil {
		return 0, err
	}
	byCode := map[string]domain.Indicator{}
	for _, i := range inds {
		byCode[i.Code] = i
	}
	var created []domain.Indicator
	var out []domain.Target
	seen := map[string]int{}
	at := time.Date(in.Date.Year(), in.Date.Month(), in.Date.Day(), 0, 0, 0, 0, domain.Beijing).UTC()
	itemProblems := map[int][]string{}
	for n, it := range in.Items {
		where := fmt.Sprintf("第 %d 条", n+1)
		fail := func(format string, args ...any) {
			msg := fmt.Sprintf(format, args...)
			problems = append(problems, msg)
			itemProblems[n] = append(itemProblems[n], strings.TrimPrefix(msg, where))
		}
		ind, ok := byCode[strings.TrimSpace(it.Indicator)]
		if it.New != nil {
			nw := *it.New
			nw.Code = strings.TrimSpace(nw.Code)
			if _, exists := byCode[nw.Code]; exists {
				fail("%s：新指标代码“%s”已存在，请换一个或直接选用该指标", where, nw.Code)
				continue
			}
			if nw.Direction == "" {
				nw.Direction = domain.HigherBetter
			}
			if nw.Reporting == "" {
				nw.Reporting = domain.ValuePeriod
				if nw.Kind == domain.Flow || nw.Kind == domain.Rate {
					nw.Reporting = domain.ValueYTD
				}
			}
			if nw.Section == "" {
				nw.Section = it.Section
			}
			if strings.TrimSpace(nw.Chain) == "" {
				// Every target sits under a named group: the plan section it
				// came from, else 其他目标.
				nw.Chain = DefaultChain(nw.Section)
			}
			if err := nw.Validate(measures); err != nil {
				fail("%s：新指标有误：%s", where, msg.Text(err))
				continue
			}
			ind, ok = nw, true
			byCode[nw.Code] = nw
			created = append(created, nw)
		}
		if !ok {
			fail("%s“%s”：请选择对应的指标，或新建指标", where, it.Quote)
			continue
		}
		unit, err := s.unit(ctx, it.OrgUnit)
		if err != nil {
			fail("%s：%s", where, msg.Text(err))
			continue
		}
		cmp := domain.Comparator(strings.TrimSpace(it.Comparator))
		t := domain.Target{Year: in.Year, Indicator: ind.Code, OrgUnit: unit.Code, Comparator: cmp, Value: it.Value,
			ValueHigh: it.ValueHigh, Tolerance: it.Tolerance, Aspiration: it.Aspiration,
			SourceQuote: strings.TrimSpace(it.Quote), Section: strings.TrimSpace(it.Section),
			RevisionKind: domain.RevisionInitial, RecordedAt: at, RecordedBy: a.Name, Document: strings.TrimSpace(in.Document)}
		if u := strings.TrimSpace(it.Unit); u != "" && u != ind.Unit && ind.Kind != domain.Milestone && cmp != domain.DeltaPP {
			conv := func(v float64) (float64, bool) {
				c, err := extract.ConvertToIndicator(measures, v, u, ind.Unit)
				return c, err == nil
			}
			v, ok := conv(t.Value)
			if !ok {
				fail("%s“%s”：单位“%s”不能换算为指标“%s”的单位“%s”，请改选指标或改单位", where, ind.Name, u, ind.Name, ind.Unit)
				continue
			}
			t.Value = v
			if t.ValueHigh != nil {
				h, _ := conv(*t.ValueHigh)
				t.ValueHigh = &h
			}
			if t.Tolerance != nil {
				tol, _ := conv(*t.Tolerance)
				t.Tolerance = &tol
			}
		}
		if err := t.Validate(ind); err != nil {
			fail("%s：%s", where, msg.Text(err))
			continue
		}
		if prev, dup := seen[t.Key()]; dup {
			fail("%s与第 %d 条是同一指标、同一单位的目标，请只保留一条", where, prev)
			continue
		}
		seen[t.Key()] = n + 1
		out = append(out, t)
	}
	if len(problems) > 0 {
		return 0, &ValidationError{Problems: problems, Items: itemProblems}
	}
	if len(created) > 0 {
		if err := s.st.PutIndicators(ctx, created); err != nil {
			return 0, err
		}
	}
	added, err := s.st.AddTargets(ctx, out)
	if err != nil {
		return 0, err
	}
	entry := a.Entry("targets.publish", fmt.Sprintf("%d", in.Year), "",
		fmt.Sprintf("%s（%s）：年初下达目标 %d 条，新增 %d 条修订，新建指标 %d 个", in.Document, in.Date.Format("2006-01-02"), len(out), added, len(created)))
	if err := s.audit.AppendAudit(ctx, entry); err != nil {
		return added, fmt.Errorf("targets published but not audited: %w", err)
	}
	return added, nil
}

// DefaultChain names the group a new indicator without a chain sits under:
// its plan section as written without the leading numbering ("（二）做强两大
// 旗帜型产业" → "做强两大旗帜型产业"), or 其他目标.
func DefaultChain(section string) string {
	s := strings.TrimSpace(section)
	for _, sep := range []string{"）", "、", ".", "．"} {
		if i := strings.Index(s, sep); i >= 0 && i <= 12 {
			s = strings.TrimSpace(s[i+len(sep):])
			break
		}
	}
	if s == "" || len([]rune(s)) > 20 {
		return "其他目标"
	}
	return s
}
