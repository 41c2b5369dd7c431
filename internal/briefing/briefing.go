// Package briefing composes the leadership briefing (经济运行简报) for a year
// and data period from the monitor's views, in the standard phrasing of the
// progress engine, and renders it as a print-ready HTML page, a PDF (through
// headless Chromium), an editable Word document and an Excel workbook.
//
// Compose builds one Briefing; every renderer reads only that value, so the
// four formats always carry the same sentences and numbers. A briefing
// records the time it was composed as of (AsOf): composing again with
// Briefing.Query gives the same numbers even after later corrections.
package briefing

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store"
)

// The indicators the briefing leads with.
const (
	// HeadlineIndicator is the rate the headline sentence reports.
	HeadlineIndicator = "industry.value_added_growth"
	// RankingIndicator is the indicator the districts are ranked on (争先进位):
	// empty, the monitor's default (the one with district data,
	// 规上工业增加值增速 first when present).
	RankingIndicator = ""
)

// Issuer is the default issuing organ printed under the title.
const Issuer = "包头市工业和信息化局"

// ObservationSource supplies the current observations whose notes become the
// briefing's footnotes. store.Store implementations satisfy it.
type ObservationSource interface {
	// CurrentObservations returns the latest row per key among the rows the
	// filter selects (see store.Observations).
	CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error)
}

// Options adjusts Compose. The zero value works: no footnotes, the real
// clock and the default issuer.
type Options struct {
	// Observations, when set, supplies the notes attached to the data used
	// (domain.Observation.Note), printed as footnotes.
	Observations ObservationSource
	// Now is the clock used for AsOf when the query has none (default time.Now).
	Now func() time.Time
	// Issuer replaces the issuing organ printed under the title.
	Issuer string
	// Issue is the issue number (期号); default: the data month, so that a
	// monthly briefing's 1—10月 issue is 第10期.
	Issue int
	// Appendix adds the full table of every target (附表) after the body.
	Appendix bool
}

// Briefing is one composed 经济运行简报. All text is final Chinese wording;
// numbers keep full precision and are rounded only in the text.
type Briefing struct {
	// Title, e.g. "2024年1—10月全市工业经济运行简报" (file names, metadata).
	Title string
	// Issuer is the issuing organ (编发单位).
	Issuer string
	// Issue is the issue number (期号) and IssuedAt the date of issue
	// (印发日期, printed as a date in Beijing time).
	Issue    int
	IssuedAt time.Time
	// Appendix asks for the full table (附表) after the main body.
	Appendix bool
	Year     int
	// Month is the data month (the period is January to Month); 0 when the
	// year has no data at all.
	Month int
	// Period is the year-to-date period reported, e.g. 2024年1—10月.
	Period domain.Period
	// AsOf is the time the data were read as of. Compose again with Query()
	// to reproduce the briefing exactly.
	AsOf time.Time
	// IncludePending reports that submitted but unapproved data are shown.
	IncludePending bool
	Pending        int
	// Demo is set when any figure shown is generated 示例数据.
	Demo bool
	// TimeProgressPct is the time progress (序时进度) of the period, in %,
	// on Basis.
	TimeProgressPct float64
	Basis           progress.Basis

	// Headline is the lead sentence on industrial value added.
	Headline string
	// Summary counts the targets by status in one sentence.
	Summary string
	// Counts are the targets by traffic light: green, amber, red, grey.
	Counts StatusCounts

	// Sections are the chains (产业链/板块) with their key figures.
	Sections []Section
	// Lagging are the red and amber targets, red first, the furthest behind first.
	Lagging []Lagging
	// Targets is every city-level target, in catalogue order (for exports).
	Targets []Item
	// Chart is the completion of each chain's lead flow target (its output
	// value where it has one), for the bar chart by chain.
	Chart []ChartBar

	// Districts is the 争先进位 ranking; nil when the catalogue has none.
	Districts *DistrictRanking
	// Parks is the park tier summary; nil when the catalogue has none.
	Parks *ParkSummary

	// Key are the headline figures of 一、总体情况; Focus the paragraphs of
	// 二、重点产业; Problems the groups of 三、存在问题; Suggestions the draft
	// of 四、下步工作建议 (see genre.go).
	Key         []KeyFigure
	Focus       []Focus
	Problems    []ProblemGroup
	Suggestions []string

	// trim is how far the body is cut to fit two pages (fit); nil is the
	// full body.
	trim *trim

	// Completeness says which targets have data for the period.
	Completeness Completeness
	// Footnotes carry the explanations attached to the data shown.
	Footnotes []Footnote
}

// Query returns the monitor query that reproduces this briefing.
func (b *Briefing) Query() monitor.Query {
	return monitor.Query{Year: b.Year, Month: b.Month, AsOf: b.AsOf, IncludePending: b.IncludePending}
}

// AsOfLabel is AsOf in Beijing time, as printed: "2024年6月15日 10:30".
func (b *Briefing) AsOfLabel() string {
	t := b.AsOf.In(domain.Beijing)
	return fmt.Sprintf("%d年%d月%d日 %02d:%02d", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute())
}

// DemoNotice is the label printed on a briefing that shows 示例数据.
const DemoNotice = "示例数据：本简报使用系统生成的示例数据，仅供演示，不代表真实统计结果。"

// PendingNotice returns the label printed when unapproved data are shown
// (empty when none are).
func (b *Briefing) PendingNotice() string {
	if !b.IncludePending || b.Pending == 0 {
		return ""
	}
	return fmt.Sprintf("本简报含%d条尚未审核的填报数据，审核后数字可能变化。", b.Pending)
}

// StatusCounts counts targets by traffic light.
type StatusCounts struct {
	Green, Amber, Red, Grey int
}

// Total is the number of targets counted.
func (c StatusCounts) Total() int { return c.Green + c.Amber + c.Red + c.Grey }

// Item is one target with its assessment and its sentence.
type Item struct {
	Indicator  domain.Indicator
	Target     domain.Target
	Assessment progress.Assessment
	// Name is the indicator's Chinese name.
	Name string
	// Sentence is Name followed by progress.Describe: the standard phrasing.
	Sentence string
	// TargetText words the target: "力争1000亿元以上", "15%以上".
	TargetText string
	// ValueText is the current figure with its unit ("" without data).
	ValueText string
	// GapText words the distance to time progress or to the target.
	GapText string
	// Notes are the numbers of the footnotes that explain this figure.
	Notes []int
}

// HasData reports whether the item has a figure for the period or earlier.
func (it Item) HasData() bool { return it.Assessment.Value != nil }

// Section is one chain (产业链/板块) of the work plan.
type Section struct {
	Chain string
	// Items are the chain's targets with data, in catalogue order.
	Items []Item
	// Missing names the chain's targets without data.
	Missing []string
}

// Lagging is one red or amber target.
type Lagging struct {
	Item
	// Pace is the required-pace clause ("剩余7个月需月均完成…"), if any.
	Pace string
}

// ChartBar is one bar of the completion chart.
type ChartBar struct {
	Label         string
	Chain         string
	CompletionPct float64
	TimeProgress  float64
	StatusKey     string
	StatusLabel   string
}

// DistrictRanking is the 争先进位 table.
type DistrictRanking struct {
	Indicator domain.Indicator
	By        progress.RankBy
	// Title, e.g. "各旗县区规上工业总产值增速排名（1—10月）".
	Title string
	Rows  []DistrictRow
	// Lead words the top and bottom of the ranking in one sentence.
	Lead string
	// Remainder words the part of the city figure no district carries.
	Remainder string
}

// DistrictRow is one district's place.
type DistrictRow struct {
	Rank int // 0: no data, unranked
	Name string
	// Value is the year-to-date figure; YoYPct its 同比; CompletionPct and
	// GapPP against the district's own target, when it has one.
	Value, YoYPct, CompletionPct, GapPP         *float64
	ValueText, YoYText, CompletionText, GapText string
	Notes                                       []int
}

// ParkSummary is the park tiers (园区梯次).
type ParkSummary struct {
	// Total is the city-wide park output sentence ("" without a target).
	Total string
	Tiers []TierLine
	// Basis explains how a park's tier is judged.
	Basis string
}

// TierLine is one tier target.
type TierLine struct {
	Name        string
	TargetText  string
	CountText   string
	Parks       string // names of the parks in the tier, "、"-joined
	StatusKey   string
	StatusLabel string
	Sentence    string
	// New marks a new-entrant line (“新增1个”), not a tier of its own.
	New bool
}

// Completeness is the data-completeness note.
type Completeness struct {
	Total    int
	WithData int // data for the period itself
	// Stale lists targets whose latest data are older than the period.
	Stale []StaleItem
	// None lists the targets without any data this year.
	None []string
	// Sentence words it all.
	Sentence string
}

// StaleItem is a target whose data lag behind the period.
type StaleItem struct {
	Name  string
	Month int
}

// Footnote is an explanation attached to a figure.
type Footnote struct {
	Number int
	// Subject names what it explains: "稀土产业产值（包头市，2024年1—5月）".
	Subject string
	Text    string
}

// Compose builds the briefing of q's year and month (defaults: the latest
// year and month with data). When q.AsOf is zero the data are read as of the
// time of composition (Options.Now, truncated to the second), which the
// briefing records. Only the first Options value is used.
func Compose(ctx context.Context, svc *monitor.Service, q monitor.Query, opts ...Options) (*Briefing, error) {
	var opt Options
	if len(opts) > 0 {
		opt = opts[0]
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Issuer == "" {
		opt.Issuer = Issuer
	}
	if svc == nil {
		return nil, errors.New("briefing: no monitor service")
	}
	if q.AsOf.IsZero() {
		q.AsOf = opt.Now().Truncate(time.Second)
	}
	q, err := svc.Resolve(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("compose briefing: %w", err)
	}
	ov, err := svc.Overview(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("compose briefing: %w", err)
	}
	b := &Briefing{
		Issuer: opt.Issuer, Year: ov.Query.Year, Month: ov.Query.Month, Period: ov.Period,
		AsOf: q.AsOf, IncludePending: q.IncludePending, Pending: ov.Pending, Demo: ov.Demo,
		TimeProgressPct: ov.TimeProgressPct, Basis: svc.Config().Basis,
		Issue: opt.Issue, IssuedAt: q.AsOf, Appendix: opt.Appendix,
	}
	if b.Issue <= 0 {
		b.Issue = max(b.Month, 1)
	}
	b.Title = fmt.Sprintf("%d年全市工业经济运行简报", b.Year)
	if b.Month > 0 {
		b.Title = b.Period.Label() + "全市工业经济运行简报"
	}

	notes := newNoteBook()
	if opt.Observations != nil {
		if err := notes.load(ctx, opt.Observations, q); err != nil {
			return nil, fmt.Errorf("compose briefing: read notes: %w", err)
		}
	}

	byChain := map[string]int{}
	for _, r := range ov.Rows {
		it := newItem(r.Indicator, r.Target, r.Assessment)
		if r.Title != "" {
			it.Name, it.Sentence = r.Title, r.Title+progress.Describe(r.Indicator, r.Assessment)
		}
		if adj := domain.AdjustmentText(r.Initial, r.Target, r.Indicator.Unit); adj != "" {
			it.TargetText = adj // 年中调整: both the target in force and the 年初下达
		}
		it.Notes = notes.refs(r.Indicator, r.Target.OrgUnit, r.Assessment)
		b.Targets = append(b.Targets, it)
		switch r.Assessment.StatusKey {
		case "green":
			b.Counts.Green++
		case "amber":
			b.Counts.Amber++
		case "red":
			b.Counts.Red++
		default:
			b.Counts.Grey++
		}
		i, ok := byChain[r.Indicator.Chain]
		if !ok {
			i = len(b.Sections)
			byChain[r.Indicator.Chain] = i
			b.Sections = append(b.Sections, Section{Chain: r.Indicator.Chain})
		}
		if it.HasData() {
			b.Sections[i].Items = append(b.Sections[i].Items, it)
		} else {
			b.Sections[i].Missing = append(b.Sections[i].Missing, it.Name)
		}
		if (it.Assessment.StatusKey == "red" || it.Assessment.StatusKey == "amber") && it.HasData() {
			b.Lagging = append(b.Lagging, lagging(it))
		}
	}
	b.Chart = chainChart(b.Targets)
	sortLagging(b.Lagging)
	b.Headline = headline(b, ov.Rows)
	b.Summary = summary(b.Counts)
	b.Completeness = completeness(b.Month, b.Period, b.Targets)
	b.Key = keyFigures(b.Targets)
	b.Focus = focus(b.Sections)
	b.Problems = problemGroups(b.Lagging)
	b.Suggestions = suggestions(b.Problems, 12-b.Month, b.Completeness)

	if dv, err := svc.Districts(ctx, q, RankingIndicator, progress.RankByGrowth); err == nil {
		b.Districts = districtRanking(dv, b.Period, notes)
	} else if !errors.Is(err, monitor.ErrNotFound) {
		return nil, fmt.Errorf("compose briefing: %w", err)
	}
	if pv, err := svc.Parks(ctx, q); err == nil {
		b.Parks = parkSummary(pv)
	} else if !errors.Is(err, monitor.ErrNotFound) {
		return nil, fmt.Errorf("compose briefing: %w", err)
	}
	b.Footnotes = notes.list
	fit(b)
	return b, nil
}

// chainChart picks, per chain, the flow target the chain is judged by: the
// first in catalogue order measured in 亿元 (its output value), else the
// first flow; only targets with a completion figure are drawn.
func chainChart(items []Item) []ChartBar {
	pick := map[string]int{}
	var chains []string
	for i, it := range items {
		a := it.Assessment
		if it.Indicator.Kind != domain.Flow || a.CompletionPct == nil || a.TimeProgressPct == nil {
			continue
		}
		j, ok := pick[it.Indicator.Chain]
		switch {
		case !ok:
			chains = append(chains, it.Indicator.Chain)
			pick[it.Indicator.Chain] = i
		case items[j].Indicator.Unit != "亿元" && it.Indicator.Unit == "亿元":
			pick[it.Indicator.Chain] = i
		}
	}
	var out []ChartBar
	for _, c := range chains {
		it := items[pick[c]]
		a := it.Assessment
		out = append(out, ChartBar{Label: it.Name, Chain: c, CompletionPct: *a.CompletionPct,
			TimeProgress: *a.TimeProgressPct, StatusKey: a.StatusKey, StatusLabel: a.StatusLabel})
	}
	return out
}

func newItem(ind domain.Indicator, t domain.Target, a progress.Assessment) Item {
	it := Item{Indicator: ind, Target: t, Assessment: a, Name: ind.Name,
		TargetText: TargetText(ind, t)}
	it.Sentence = ind.Name + progress.Describe(ind, a)
	if a.Value != nil {
		it.ValueText = valueText(ind, a)
	}
	it.GapText = gapText(ind, a)
	return it
}

// valueText renders the figure the assessment is built on.
func valueText(ind domain.Indicator, a progress.Assessment) string {
	if ind.Kind == domain.Milestone {
		if a.StageName != "" {
			return a.StageName
		}
		return fmt.Sprintf("第%d阶段", a.StageReached)
	}
	return a.ValueText()
}

// gapText words how far the figure is from where it should be.
func gapText(ind domain.Indicator, a progress.Assessment) string { return progress.GapClause(ind, a) }

// TargetText words a target the way the plan does (progress.TargetText).
func TargetText(ind domain.Indicator, t domain.Target) string { return progress.TargetText(ind, t) }

func lagging(it Item) Lagging {
	l := Lagging{Item: it}
	a := it.Assessment
	if a.RequiredMonthly != nil {
		ratio := 0.0
		if a.RequiredRatio != nil {
			ratio = *a.RequiredRatio
		}
		l.Pace = progress.PhraseRequiredPace(a.RemainingMonths, a.Month, *a.RequiredMonthly, ratio, a.Unit, a.LowerIsBetter)
	}
	return l
}

// sortLagging puts red before amber, then the largest shortfall first
// (in 百分点 where known), keeping catalogue order otherwise.
func sortLagging(ls []Lagging) {
	short := func(a progress.Assessment) float64 {
		switch {
		case a.GapPP != nil:
			if a.LowerIsBetter {
				return *a.GapPP
			}
			return -*a.GapPP
		case a.VsTargetPP != nil:
			if a.LowerIsBetter {
				return *a.VsTargetPP
			}
			return -*a.VsTargetPP
		}
		return 0
	}
	sort.SliceStable(ls, func(i, j int) bool {
		ri, rj := ls[i].Assessment.StatusKey == "red", ls[j].Assessment.StatusKey == "red"
		if ri != rj {
			return ri
		}
		return short(ls[i].Assessment) > short(ls[j].Assessment)
	})
}

// headline words the value-added growth against its target, saying plainly
// when the figure or the target is missing.
func headline(b *Briefing, rows []monitor.Row) string {
	if b.Month == 0 {
		return fmt.Sprintf("%d年尚无任何指标数据，暂不能形成运行分析。", b.Year)
	}
	period := b.Period.ShortLabel()
	for _, r := range rows {
		if r.Indicator.Code != HeadlineIndicator || r.Target.OrgUnit != domain.CityCode {
			continue
		}
		a := r.Assessment
		if a.Value == nil {
			return period + "，全市" + r.Indicator.Name + "暂无数据，本简报不作推算。"
		}
		return progress.PhraseHeadline(r.Indicator, a, "全市规上工业增加值", b.Month)
	}
	return period + "，全市规上工业增加值增速未纳入本年度目标，暂无对比数据。"
}

func summary(c StatusCounts) string {
	s := fmt.Sprintf("纳入监测的%d项目标中，已达标或进度正常%d项（绿），略慢或尚未达标%d项（黄），滞后%d项（红）", c.Total(), c.Green, c.Amber, c.Red)
	if c.Grey > 0 {
		s += fmt.Sprintf("，暂无数据或不适用%d项", c.Grey)
	}
	return s + "。"
}

func completeness(month int, period domain.Period, items []Item) Completeness {
	c := Completeness{Total: len(items)}
	for _, it := range items {
		a := it.Assessment
		switch {
		case a.Status == progress.StatusAnnual:
			c.Total-- // 年度指标 are not due before the year's end
		case a.Value == nil || a.Month == 0:
			c.None = append(c.None, it.Name)
		case a.Month < month:
			c.Stale = append(c.Stale, StaleItem{Name: it.Name, Month: a.Month})
		default:
			c.WithData++
		}
	}
	if month == 0 {
		c.Sentence = fmt.Sprintf("本年度%d项目标均暂无数据。", c.Total)
		return c
	}
	var b strings.Builder
	fmt.Fprintf(&b, "本期纳入监测的%d项目标中，%d项已有%s数据", c.Total, c.WithData, period.ShortLabel())
	if len(c.Stale) > 0 {
		var parts []string
		for _, s := range c.Stale {
			parts = append(parts, fmt.Sprintf("%s（截至%d月）", s.Name, s.Month))
		}
		fmt.Fprintf(&b, "；%d项数据滞后于本期：%s", len(c.Stale), strings.Join(parts, "、"))
	}
	if len(c.None) > 0 {
		fmt.Fprintf(&b, "；%d项暂无数据：%s", len(c.None), strings.Join(c.None, "、"))
	}
	b.WriteString("。")
	c.Sentence = b.String()
	return c
}

func districtRanking(dv *monitor.DistrictView, period domain.Period, notes *noteBook) *DistrictRanking {
	ind := dv.Indicator
	by := dv.By.Label()
	if ind.Kind == domain.Rate && dv.By == progress.RankByGrowth {
		by = "" // a growth rate is ranked by itself: no 增速增速
	}
	d := &DistrictRanking{Indicator: ind, By: dv.By,
		Title: fmt.Sprintf("各旗县区%s%s排名（%s）", ind.Name, by, period.ShortLabel())}
	var ranked []DistrictRow
	for _, r := range dv.Rows {
		a := r.Assessment
		row := DistrictRow{Rank: r.Rank, Name: r.Unit.Name, Value: a.Value, YoYPct: a.YoYPct}
		if r.HasTarget {
			row.CompletionPct, row.GapPP = a.CompletionPct, a.GapPP
		}
		if a.Value != nil {
			row.ValueText = valueText(ind, a)
		}
		if ind.Kind == domain.Rate {
			row.YoYPct = nil
		}
		if row.YoYPct != nil {
			row.YoYText = progress.YoYText(a)
		}
		if row.CompletionPct != nil {
			row.CompletionText = a.CompletionText()
		}
		if row.GapPP != nil {
			row.GapText = progress.GapClause(ind, a)
		}
		notes.units[r.Unit.Code] = r.Unit.Name
		row.Notes = notes.refs(ind, r.Unit.Code, a)
		d.Rows = append(d.Rows, row)
		if r.Rank > 0 {
			ranked = append(ranked, row)
		}
	}
	measure := func(r DistrictRow) string {
		if ind.Kind == domain.Rate && r.Value != nil {
			return progress.FormatPct(*r.Value)
		}
		if r.YoYPct != nil {
			return progress.PhraseYoY(*r.YoYPct)
		}
		return r.ValueText
	}
	switch {
	case len(ranked) == 0:
		d.Lead = fmt.Sprintf("%s，各旗县区%s暂无可比数据，暂不排名。", period.ShortLabel(), ind.Name)
	default:
		top := ranked[:min(3, len(ranked))]
		var names []string
		for _, r := range top {
			names = append(names, fmt.Sprintf("%s（%s）", r.Name, measure(r)))
		}
		s := fmt.Sprintf("%s，各旗县区%s%s居前的是%s", period.ShortLabel(), ind.Name, by, strings.Join(names, "、"))
		if len(ranked) > 3 {
			last := ranked[len(ranked)-1]
			s += fmt.Sprintf("；居末位的是%s（%s）", last.Name, measure(last))
		}
		if n := len(dv.Rows) - len(ranked); n > 0 {
			s += fmt.Sprintf("；%d个地区暂无数据，未参与排名", n)
		}
		d.Lead = s + "。"
	}
	if dv.Sum != nil {
		var zones []string
		for _, r := range dv.Rows {
			if r.Unit.Kind == domain.KindZone {
				zones = append(zones, r.Unit.Name)
			}
		}
		s := "各旗县区合计"
		if len(zones) > 0 {
			s += "（不含" + strings.Join(zones, "、") + "）"
		}
		s += progress.FormatValue(*dv.Sum, ind.Unit)
		if dv.Remainder != nil {
			s += fmt.Sprintf("，其他/市直%s（全市数不等于各旗县区之和）", progress.FormatValue(*dv.Remainder, ind.Unit))
		}
		d.Remainder = s + "。"
	}
	return d
}

func parkSummary(pv *monitor.ParkView) *ParkSummary {
	p := &ParkSummary{Basis: "园区梯次按各园区累计产值推算全年（累计值×12÷月数）判断，逐档累计：高一档超出计划的园区计入下一档（超千亿元园区也是超500亿元园区），12月按全年实绩；年初仅一两个月数据时推算仅供参考。“新增”指本年处在该档、上年全年产值低于该档下限的园区。"}
	if pv.Total != nil {
		p.Total = pv.Total.Indicator.Name + progress.Describe(pv.Total.Indicator, pv.Total.Assessment)
	}
	for _, t := range pv.Tiers {
		a := t.Assessment
		l := TierLine{Name: t.Indicator.Name, TargetText: TargetText(t.Indicator, t.Target),
			StatusKey: a.StatusKey, StatusLabel: a.StatusLabel, Parks: strings.Join(t.Units, "、"),
			Sentence: t.Indicator.Name + progress.Describe(t.Indicator, a), New: t.Indicator.TierNew}
		if a.Value != nil {
			l.CountText = progress.FormatValue(*a.Value, t.Indicator.Unit)
		} else {
			l.CountText = "无数据"
		}
		p.Tiers = append(p.Tiers, l)
	}
	return p
}

// noteBook collects the notes of the observations a briefing uses and
// numbers them in the order the briefing cites them.
type noteBook struct {
	obs   map[obsRef][]domain.Observation
	units map[string]string
	byKey map[string]int
	list  []Footnote
}

type obsRef struct {
	indicator, unit string
	month           int
}

func newNoteBook() *noteBook {
	return &noteBook{obs: map[obsRef][]domain.Observation{}, byKey: map[string]int{}, units: map[string]string{}}
}

func (n *noteBook) load(ctx context.Context, src ObservationSource, q monitor.Query) error {
	f := store.ObsFilter{Years: []int{q.Year}, ToMonth: q.Month, AsOf: q.AsOf}
	rows, err := src.CurrentObservations(ctx, f)
	if err != nil {
		return err
	}
	for _, o := range rows {
		if strings.TrimSpace(o.Note) == "" {
			continue
		}
		k := obsRef{o.Indicator, o.OrgUnit, o.Period.To}
		n.obs[k] = append(n.obs[k], o)
	}
	return nil
}

// refs returns the footnote numbers for the figure of (ind, unit) that a
// uses: the notes on the observations of the assessment's month.
func (n *noteBook) refs(ind domain.Indicator, unit string, a progress.Assessment) []int {
	if a.Month == 0 {
		return nil
	}
	var out []int
	for _, o := range n.obs[obsRef{ind.Code, unit, a.Month}] {
		key := fmt.Sprintf("%s|%s|%s|%s|%s", o.Indicator, o.OrgUnit, o.Period, o.ValueType, o.Note)
		num, ok := n.byKey[key]
		if !ok {
			num = len(n.list) + 1
			n.byKey[key] = num
			n.list = append(n.list, Footnote{Number: num, Text: strings.TrimSpace(o.Note),
				Subject: fmt.Sprintf("%s（%s，%s%s）", ind.Name, n.unitName(unit), o.Period.Label(), o.ValueType.Label())})
		}
		out = append(out, num)
	}
	return out
}

func (n *noteBook) unitName(code string) string {
	if code == domain.CityCode {
		return "全市"
	}
	if name, ok := n.units[code]; ok {
		return name
	}
	return code
}
