package briefing

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// This file selects what the briefing's main body says, in the order of the
// genre (经济运行简报): 一、总体情况 (a few headline figures), 二、重点产业
// (the key chains and the ones that moved most), 三、存在问题 (the lagging
// targets, grouped) and 四、下步工作建议 (a draft generated from them). The
// sentences themselves come from the progress engine's wording functions.

// KeyIndicators are the headline figures of 一、总体情况, in print order;
// those without a target in the year's catalogue are left out.
var KeyIndicators = []string{
	HeadlineIndicator,
	"industry.output_value",
	"industry.fixed_asset_investment_growth",
	"rare_earth.output_value",
	"silicon.output_value",
	"parks.output_value",
}

// FocusChains are the chains 二、重点产业 always reports, in print order.
var FocusChains = []string{"工业总体", "稀土", "硅", "园区"}

// movedChains is how many further chains 二、重点产业 reports: those whose
// lead output figure moved most (the largest 同比, up or down).
const movedChains = 2

// maxFocusItems bounds the sentences per chain in 二、重点产业: the chain's
// lead figure and its furthest-behind targets.
const maxFocusItems = 3

// KeyFigure is one headline figure of 一、总体情况.
type KeyFigure struct {
	Item
	// YoYText is the 同比 as a table prints it ("11%", "11%（推算）"), "" when none.
	YoYText string
	// Benchmark compares the figure with its yardsticks: its target and,
	// for flows, 序时进度 ("完成年度目标的86.7%，超序时进度3.3个百分点").
	Benchmark string
	// Peers are the same figure of the benchmark units, as printed:
	// "全国5.8%　全区7.2%" ("" when none is published).
	Peers string
}

// Focus is one paragraph of 二、重点产业.
type Focus struct {
	// Title is the run-in heading, e.g. "稀土产业".
	Title string
	// Sentences are whole sentences of the engine, in print order.
	Sentences []string
	Notes     []int
}

// ProblemGroup is one group of 三、存在问题: lagging targets of one kind.
type ProblemGroup struct {
	// Title, e.g. "产值和数量类目标慢于序时进度".
	Title string
	// Kind is the measure kind the group holds.
	Kind domain.MeasureKind
	// Red and Amber are the group's targets, the furthest behind first.
	Red, Amber []Problem
}

// Problem is one lagging target as 三、存在问题 lists it.
type Problem struct {
	Name string
	// Detail is the gap and, for flows, the pace still required.
	Detail string
	Status string
}

// Text is the problem as printed: "稀土产业产值（完成年度目标的71.7%，…）".
func (p Problem) Text() string {
	if p.Detail == "" {
		return p.Name
	}
	return p.Name + "（" + p.Detail + "）"
}

// DraftNotice marks 四、下步工作建议 as generated text to be edited.
const DraftNotice = "（以下建议由系统根据滞后指标自动生成，仅为草稿，请结合实际修改后印发。）"

// IssueLabel is the issue number as printed: "2024年第10期".
func (b *Briefing) IssueLabel() string {
	return fmt.Sprintf("%d年第%d期", b.Year, b.Issue)
}

// IssueDateLabel is the date of issue (印发日期) in Beijing time: "2024年11月20日".
func (b *Briefing) IssueDateLabel() string {
	t := b.IssuedAt.In(domain.Beijing)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// DataPeriodLabel is the data period (数据期) as printed: "2024年1—10月".
func (b *Briefing) DataPeriodLabel() string {
	if b.Month == 0 {
		return fmt.Sprintf("%d年（暂无数据）", b.Year)
	}
	return b.Period.Label()
}

// Heading is the title of the report under the masthead:
// "2024年1—10月全市工业经济运行情况".
func (b *Briefing) Heading() string {
	if b.Month == 0 {
		return fmt.Sprintf("%d年全市工业经济运行情况", b.Year)
	}
	return b.Period.Label() + "全市工业经济运行情况"
}

func keyFigures(items []Item) []KeyFigure {
	var out []KeyFigure
	for _, code := range KeyIndicators {
		for _, it := range items {
			if it.Indicator.Code != code || it.Target.OrgUnit != domain.CityCode {
				continue
			}
			k := KeyFigure{Item: it}
			a := it.Assessment
			if a.YoYPct != nil && a.Kind == domain.Flow {
				k.YoYText = progress.YoYText(a)
			}
			switch {
			case a.Value == nil:
				k.Benchmark = "暂无数据"
			case a.Kind == domain.Flow && a.CompletionPct != nil && a.GapPP != nil:
				k.Benchmark = progress.CompletionClause(a)
				if c := progress.LastYearClause(a); c != "" {
					k.Benchmark += "，" + c
				}
			default:
				k.Benchmark = it.GapText
			}
			var peers []string
			for _, bm := range a.Benchmarks {
				peers = append(peers, bm.Name+progress.FormatValue(bm.Value, a.Unit))
			}
			k.Peers = strings.Join(peers, "　")
			out = append(out, k)
			break
		}
	}
	return out
}

// leadItem is the chain's lead figure: its first flow in 亿元 (the output
// value), else its first item with data.
func leadItem(s Section) (Item, bool) {
	for _, it := range s.Items {
		if it.Indicator.Kind == domain.Flow && it.Indicator.Unit == "亿元" {
			return it, true
		}
	}
	if len(s.Items) > 0 {
		return s.Items[0], true
	}
	return Item{}, false
}

// focus picks the paragraphs of 二、重点产业: the focus chains, then the
// chains whose lead figure moved most, each with its lead figure and its
// furthest-behind targets.
func focus(sections []Section) []Focus {
	byChain := map[string]Section{}
	for _, s := range sections {
		byChain[s.Chain] = s
	}
	var chains []string
	for _, c := range FocusChains {
		if s, ok := byChain[c]; ok && len(s.Items) > 0 {
			chains = append(chains, c)
		}
	}
	type moved struct {
		chain string
		yoy   float64
	}
	var ms []moved
	for _, s := range sections {
		if contains(FocusChains, s.Chain) {
			continue
		}
		if it, ok := leadItem(s); ok && it.Assessment.YoYPct != nil {
			ms = append(ms, moved{s.Chain, math.Abs(*it.Assessment.YoYPct)})
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].yoy > ms[j].yoy })
	for i := 0; i < len(ms) && i < movedChains; i++ {
		chains = append(chains, ms[i].chain)
	}

	var out []Focus
	for _, c := range chains {
		s := byChain[c]
		lead, _ := leadItem(s)
		f := Focus{Title: chainTitle(c)}
		picked := []Item{lead}
		var behind []Lagging
		for _, it := range s.Items {
			if it.Indicator.Code == lead.Indicator.Code || it.Indicator.Kind == domain.TierCount {
				continue // the park tiers have their own line
			}
			if k := it.Assessment.StatusKey; k == "red" || k == "amber" {
				behind = append(behind, Lagging{Item: it})
			}
		}
		sortLagging(behind)
		for _, l := range behind {
			if len(picked) >= maxFocusItems {
				break
			}
			picked = append(picked, l.Item)
		}
		for _, it := range picked {
			f.Sentences = append(f.Sentences, it.Sentence)
			f.Notes = append(f.Notes, it.Notes...)
		}
		out = append(out, f)
	}
	return out
}

// chainTitle names a chain as a run-in heading: 稀土 → 稀土产业.
func chainTitle(c string) string {
	switch {
	case c == "工业总体":
		return "工业总体"
	case c == "园区":
		return "工业园区"
	case strings.HasSuffix(c, "产业") || strings.HasSuffix(c, "化") || c == "绿色" || c == "创新" ||
		c == "企业培育" || c == "项目投资":
		return c
	}
	return c + "产业"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// problemGroups groups the lagging targets by kind, in the order a reader
// acts on them: flows behind time progress, rates below target, levels and
// counts short of target, projects behind their stage schedule.
func problemGroups(lagging []Lagging) []ProblemGroup {
	groups := []ProblemGroup{
		{Title: "产值和数量类目标慢于序时进度", Kind: domain.Flow},
		{Title: "增速和比重类指标低于目标", Kind: domain.Rate},
		{Title: "规模和能力类目标距年度目标仍有差距", Kind: domain.Stock},
		{Title: "重点项目进度滞后于计划节点", Kind: domain.Milestone},
		{Title: "项目清单进度慢于项目清册计划", Kind: domain.ProjectCount},
	}
	idx := map[domain.MeasureKind]int{domain.Flow: 0, domain.Rate: 1, domain.Stock: 2, domain.Milestone: 3,
		domain.ProjectCount: 4, domain.ProjectCapacity: 4} // lists and the capacities they form lag their register
	for _, l := range lagging {
		i, ok := idx[l.Indicator.Kind]
		if !ok {
			i = 2 // derived counts read like levels
		}
		p := Problem{Name: l.Name, Status: l.Assessment.StatusKey}
		a := l.Assessment
		switch {
		case a.Kind == domain.Flow && a.CompletionPct != nil && a.GapPP != nil:
			p.Detail = progress.CompletionClause(a)
			if l.Pace != "" {
				p.Detail += "；" + l.Pace
			}
		case a.Kind == domain.Milestone:
			p.Detail = "处于“" + l.ValueText + "”阶段，" + l.GapText
		default:
			p.Detail = strings.TrimPrefix(l.ValueText+"，"+l.GapText, "，")
		}
		if p.Status == "red" {
			groups[i].Red = append(groups[i].Red, p)
		} else {
			groups[i].Amber = append(groups[i].Amber, p)
		}
	}
	var out []ProblemGroup
	for _, g := range groups {
		if len(g.Red)+len(g.Amber) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// maxNamed bounds the names one suggestion lists.
const maxNamed = 3

// suggestions drafts 四、下步工作建议 from the problem groups: one line per
// group that has lagging targets, naming the furthest behind, and one for
// data that are missing or late.
func suggestions(groups []ProblemGroup, remaining int, c Completeness) []string {
	var out []string
	for _, g := range groups {
		all := append(append([]Problem{}, g.Red...), g.Amber...)
		var names []string
		for i, p := range all {
			if i == maxNamed {
				break
			}
			names = append(names, p.Name)
		}
		list := strings.Join(names, "、")
		if len(all) > maxNamed {
			list += fmt.Sprintf("等%d项", len(all))
		}
		switch g.Kind {
		case domain.Flow:
			s := "对" + list + "慢于序时进度的目标，逐项分析原因，"
			if remaining > 0 {
				s += fmt.Sprintf("将剩余%d个月需完成的量分解到月、落实到企业和项目，", remaining)
			}
			out = append(out, s+"实行月调度、月通报，确保全年目标完成。")
		case domain.Rate:
			out = append(out, "加强"+list+"的运行监测，会同统计部门分析影响因素，推动新投产项目尽快达产达效、在建项目加快入统，稳住增长势头。")
		case domain.Milestone:
			out = append(out, "加快"+list+"建设，对照计划节点协调解决用地、资金、能耗等要素保障问题，确保按期达到计划阶段。")
		case domain.ProjectCount:
			out = append(out, "对照项目清册逐个调度"+list+"中进度滞后的项目，协调解决用地、资金、能耗等要素保障问题，推动按计划开工、建成投产、形成能力。")
		default:
			out = append(out, "围绕"+list+"，加快项目建设、企业培育和入库认定，力争年底前达到年度目标。")
		}
	}
	if n := len(c.Stale) + len(c.None); n > 0 {
		out = append(out, fmt.Sprintf("督促有关单位按时报送数据，%d项暂无本期数据的指标尽快补报，确保下期简报数据完整。", n))
	}
	if len(out) == 0 {
		out = append(out, "保持当前运行态势，继续做好重点指标的月度调度和监测分析。")
	}
	return out
}
