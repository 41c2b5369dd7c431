package budget

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// Notice is the department's own 预算执行情况通报: the budget execution of
// a year to the end of a month, in the genre finance offices circulate
// (报头, 期号, 一、总体执行情况 … 四、下步工作要求). It is built from a Report
// only, so every figure in it is one the 预算执行 page shows. Budget
// execution is the bureau's own housekeeping and never part of the
// industrial-economy 简报.
type Notice struct {
	Department string    `json:"department"`
	Year       int       `json:"year"`
	Month      int       `json:"month"`
	IssuedAt   time.Time `json:"issued_at"`
	// AsOf is the time the payments were read as of (数据截至).
	AsOf     time.Time       `json:"as_of"`
	Sections []NoticeSection `json:"sections"`
	// Empty says there are no payments for the year yet: the notice then
	// has one sentence saying so and no sections.
	Empty bool `json:"empty"`
}

// NoticeSection is one numbered part of the notice.
type NoticeSection struct {
	Title string   `json:"title"`
	Paras []string `json:"paras"`
	// Draft marks generated text the finance office must edit before
	// circulating it (下步工作要求).
	Draft bool `json:"draft,omitempty"`
}

// NoticeDraftNotice marks the generated requirements as a draft.
const NoticeDraftNotice = "（以下要求由系统根据支出进度自动生成，仅为草稿，请结合实际修改后印发。）"

// noticeNamed is how many lines a list names before "等n项".
const noticeNamed = 8

// ComposeNotice builds the notice of rep for the department, issued at
// issued (printed in Beijing time) with the payments read as of asOf.
func ComposeNotice(department string, rep Report, issued, asOf time.Time) Notice {
	n := Notice{Department: department, Year: rep.Year, Month: rep.Month, IssuedAt: issued, AsOf: asOf}
	if !rep.HasPayments || rep.Month == 0 {
		n.Empty = true
		return n
	}
	n.Sections = append(n.Sections, noticeOverall(rep))
	if s, ok := noticeUnits(rep); ok {
		n.Sections = append(n.Sections, s)
	}
	n.Sections = append(n.Sections, noticeProjects(rep), noticeCeilings(rep), noticeRequirements(rep))
	for i := range n.Sections {
		n.Sections[i].Title = progress.ChineseNumeral(i+1) + "、" + n.Sections[i].Title
	}
	return n
}

// IssueLabel is the issue number as printed: "2024年第6期" (the data month).
func (n Notice) IssueLabel() string { return fmt.Sprintf("%d年第%d期", n.Year, max(n.Month, 1)) }

// Heading is the notice's title line: "2024年1—6月部门预算执行情况".
func (n Notice) Heading() string {
	if n.Empty {
		return fmt.Sprintf("%d年部门预算执行情况", n.Year)
	}
	return fmt.Sprintf("%d年%s部门预算执行情况", n.Year, PeriodLabel(n.Month, n.Month == 12))
}

// Title is the masthead: "预算执行情况通报".
func (n Notice) Title() string { return "预算执行情况通报" }

// DateLabel prints t as a date in Beijing time: "2024年7月5日".
func DateLabel(t time.Time) string {
	b := t.In(domain.Beijing)
	return fmt.Sprintf("%d年%d月%d日", b.Year(), b.Month(), b.Day())
}

// AsOfLabel is 数据截至 as printed: "数据截至2024年7月5日 10:30".
func (n Notice) AsOfLabel() string {
	b := n.AsOf.In(domain.Beijing)
	return fmt.Sprintf("数据截至%s %02d:%02d", DateLabel(n.AsOf), b.Hour(), b.Minute())
}

// EmptyText is the one sentence of a notice without payments.
func (n Notice) EmptyText() string {
	return fmt.Sprintf("%d年尚无支出数据。请先在“预算执行”页面导入支付明细。", n.Year)
}

// FileName is the download name without extension.
func (n Notice) FileName() string { return n.Heading() + "通报" }

// PeriodLabel is "1—6月", "1月", or "全年" at year end.
func PeriodLabel(month int, yearEnd bool) string {
	switch {
	case yearEnd:
		return "全年"
	case month == 1:
		return "1月"
	}
	return fmt.Sprintf("1—%d月", month)
}

func noticeOverall(rep Report) NoticeSection {
	s := NoticeSection{Title: "总体执行情况"}
	head := fmt.Sprintf("%s，全局本年支出预算%s", rep.PeriodLabel, budgetText(rep.Total))
	s.Paras = append(s.Paras, head+"，"+rep.Total.Sentence+"。")
	var cats []string
	for _, r := range rep.Lines {
		if r.Group == GroupCategory && r.Level <= 1 && r.Budget != nil {
			cats = append(cats, r.Name+rep.stripPeriod(r.Sentence))
		}
	}
	if len(cats) > 0 {
		s.Paras = append(s.Paras, "分支出类型看，"+strings.Join(cats, "；")+"。")
	}
	return s
}

// stripPeriod drops the leading "1—6月" of a line's sentence when it is
// placed after the period has been said once.
func (rep Report) stripPeriod(sentence string) string {
	return strings.TrimPrefix(sentence, rep.PeriodLabel)
}

func budgetText(r Result) string {
	if r.Budget == nil {
		return "未公开"
	}
	return FormatAmount(*r.Budget)
}

func noticeUnits(rep Report) (NoticeSection, bool) {
	var units []Result
	for _, r := range rep.Lines {
		if r.Group == GroupUnit {
			units = append(units, r)
		}
	}
	if len(units) < 2 {
		return NoticeSection{}, false
	}
	s := NoticeSection{Title: "分预算单位执行情况"}
	var parts []string
	for _, u := range units {
		parts = append(parts, u.Name+rep.stripPeriod(u.Sentence))
	}
	s.Paras = append(s.Paras, strings.Join(parts, "；")+"。")
	return s, true
}

// behind lists the projects (level-2 project lines) behind their schedule,
// worst first.
func behind(rep Report) (red, amber []Result, total int) {
	for _, r := range rep.Lines {
		if r.Group != GroupProject || r.Level != 2 || r.Nature == NatureCeiling {
			continue
		}
		total++
		switch r.Status {
		case progress.StatusBehind:
			red = append(red, r)
		case progress.StatusSlightlyBehind:
			amber = append(amber, r)
		}
	}
	byGap := func(rs []Result) {
		sort.SliceStable(rs, func(i, j int) bool { return gapOf(rs[i]) < gapOf(rs[j]) })
	}
	byGap(red)
	byGap(amber)
	return red, amber, total
}

func gapOf(r Result) float64 {
	if r.GapPP == nil {
		return 0
	}
	return *r.GapPP
}

func noticeProjects(rep Report) NoticeSection {
	s := NoticeSection{Title: "项目支出执行情况"}
	red, amber, total := behind(rep)
	if total == 0 {
		s.Paras = append(s.Paras, "本年未安排分项目预算。")
		return s
	}
	against := "序时进度"
	if rep.YearEnd {
		s.Paras = append(s.Paras, fmt.Sprintf("全年安排项目%d个。", total))
		return s
	}
	onTrack := total - len(red) - len(amber)
	s.Paras = append(s.Paras, fmt.Sprintf("全局安排项目%d个，支出进度达到或快于%s（或用款计划）的%d个，偏慢%d个，落后超过%s个百分点（预警）%d个。",
		total, against, onTrack, len(amber), progress.FormatTargetValue(rep.Config.WarnPP, ""), len(red)))
	if len(red) > 0 {
		s.Paras = append(s.Paras, "预警项目："+namedList(red)+"。")
	}
	if len(amber) > 0 {
		s.Paras = append(s.Paras, "偏慢项目："+namedList(amber)+"。")
	}
	return s
}

// namedList names up to noticeNamed lines with their progress, then 等n项.
func namedList(rs []Result) string {
	var parts []string
	for i, r := range rs {
		if i == noticeNamed {
			return strings.Join(parts, "、") + fmt.Sprintf("等%d个项目", len(rs))
		}
		detail := ""
		if r.ExecutionPct != nil {
			detail = "支出进度" + progress.FormatPct(*r.ExecutionPct)
			if r.GapPP != nil && *r.GapPP < 0 {
				against := "序时进度"
				if r.PlanBased {
					against = "用款计划进度"
				}
				detail += "，低于" + against + progress.FormatPP(-*r.GapPP)
			}
		}
		parts = append(parts, r.Name+"（"+detail+"）")
	}
	return strings.Join(parts, "、")
}

func noticeCeilings(rep Report) NoticeSection {
	s := NoticeSection{Title: "“三公”经费和机关运行经费"}
	names := map[string]string{}
	for _, r := range rep.Lines {
		names[r.Code] = r.Name
	}
	var parts, over, fast []string
	for _, r := range rep.Lines {
		if r.Group != GroupCeiling {
			continue
		}
		name := r.Name
		if r.Level > 1 && names[r.Parent] != "" {
			name = names[r.Parent] + "中的" + r.Name
		}
		if r.Level <= 1 {
			parts = append(parts, r.Name+rep.stripPeriod(r.Sentence))
		}
		switch {
		case r.OverBy != nil:
			over = append(over, fmt.Sprintf("%s超预算%s", name, FormatAmount(*r.OverBy)))
		case r.Status == progress.StatusSlightlyOver && r.Level > 1:
			fast = append(fast, name)
		}
	}
	if len(parts) == 0 {
		s.Paras = append(s.Paras, "本年未公开“三公”经费和机关运行经费预算。")
		return s
	}
	s.Paras = append(s.Paras, strings.Join(parts, "；")+"。")
	if len(over) > 0 {
		s.Paras = append(s.Paras, strings.Join(over, "、")+"。")
	}
	if len(fast) > 0 {
		s.Paras = append(s.Paras, strings.Join(fast, "、")+"支出快于序时进度，需注意控制。")
	}
	return s
}

func noticeRequirements(rep Report) NoticeSection {
	s := NoticeSection{Title: "下步工作要求", Draft: true}
	red, amber, _ := behind(rep)
	over := false
	for _, r := range rep.Lines {
		if r.Group == GroupCeiling && r.OverBy != nil {
			over = true
		}
	}
	if len(red)+len(amber) > 0 && !rep.YearEnd {
		s.Paras = append(s.Paras, fmt.Sprintf("（一）加快预算执行。支出进度偏慢和预警的%d个项目，请项目单位对照用款计划查找原因，倒排支出时间表，按月报送执行进度；确实无法支出的资金，按规定及时办理预算调整或收回。", len(red)+len(amber)))
	}
	if over {
		s.Paras = append(s.Paras, "（"+progress.ChineseNumeral(len(s.Paras)+1)+"）严控一般性支出。已超预算的科目须立即压减，确需增加的按程序办理预算调整，未经批准不得支出。")
	}
	s.Paras = append(s.Paras, "（"+progress.ChineseNumeral(len(s.Paras)+1)+"）做好绩效运行监控。各项目单位结合支出进度同步填报绩效运行监控表，对偏离绩效目标的及时纠偏。")
	return s
}
