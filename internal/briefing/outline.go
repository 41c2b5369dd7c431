package briefing

import (
	"fmt"
	"html/template"
	"strings"

	"industrydash/internal/progress"
)

// blockKind says how a block of the briefing is laid out.
type blockKind string

const (
	blockHeading    blockKind = "h2"    // 一、总体情况
	blockSubheading blockKind = "h3"    // （一）稀土
	blockPara       blockKind = "p"     // a sentence
	blockItem       blockKind = "item"  // a target's sentence with its status light
	blockNote       blockKind = "note"  // small print
	blockTable      blockKind = "table" // a table with a caption
	blockChart      blockKind = "chart" // the completion chart (HTML/PDF only)
	blockBreak      blockKind = "break" // a page break (before the 附表)
	blockTitle      blockKind = "h1"    // the 附表's title
)

// ChartCaption is the caption of the completion chart.
const ChartCaption = "图1  各产业链（板块）主要产值类目标完成率（柱）与序时进度（虚线）"

// block is one piece of the briefing in reading order. The HTML page and the
// Word document are both rendered from the same blocks, so their text is the
// same sentence for sentence.
type block struct {
	Kind blockKind
	// Lead is a run-in heading printed in bold before Text: "（一）稀土产业。".
	Lead   string
	Text   string
	Status string // green | amber | red | grey, for items and cells
	Notes  []int
	Table  *table
	SVG    template.HTML
}

type table struct {
	Caption string
	Header  []string
	Rows    [][]cell
	// Num marks the columns that hold numbers (right-aligned).
	Num map[int]bool
	// NoWrap marks short columns kept on one line.
	NoWrap map[int]bool
}

type cell struct {
	Text   string
	Status string
	Notes  []int
}

func numeral(i int) string { return progress.ChineseNumeral(i) }

// NoteMarks renders footnote references as they appear after a sentence: "[1][2]".
func NoteMarks(notes []int) string {
	var b strings.Builder
	for _, n := range notes {
		fmt.Fprintf(&b, "[%d]", n)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// outline lays the briefing out as blocks in reading order: the main body
// (四 sections, at most two A4 pages) and, when asked for, the 附表.
func outline(b *Briefing) []block {
	var out []block
	add := func(k blockKind, text string) {
		if text != "" {
			out = append(out, block{Kind: k, Text: text})
		}
	}
	lead := func(lead, text string, notes []int) {
		out = append(out, block{Kind: blockPara, Lead: lead, Text: text, Notes: notes})
	}

	out = append(out, block{Kind: blockHeading, Text: "一、总体情况"})
	overall := b.Headline
	if b.Month > 0 && b.Month < 12 { // a complete year has no 序时进度
		overall += fmt.Sprintf("%s，%s序时进度为%s。", b.Basis.Label(), b.Period.ShortLabel(), progress.FormatPct(b.TimeProgressPct))
	}
	add(blockPara, overall)
	add(blockPara, b.Summary)
	if len(b.Key) > 0 {
		peers := false
		for _, k := range b.Key {
			peers = peers || k.Peers != ""
		}
		t := &table{Caption: "表1  主要指标完成情况", Num: map[int]bool{1: true}, NoWrap: map[int]bool{0: true, 2: true, 3: true},
			Header: []string{"指标", b.Period.ShortLabel(), "同比", "年度目标", "完成情况", "状态"}}
		if peers {
			t.Header = append(t.Header[:5:5], "全国、全区", "状态")
		}
		for _, k := range b.Key {
			row := []cell{{Text: k.Name}, {Text: orDash(k.ValueText), Notes: k.Notes},
				{Text: orDash(k.YoYText)}, {Text: k.TargetText}, {Text: orDash(k.Benchmark)}}
			if peers {
				row = append(row, cell{Text: orDash(k.Peers)})
			}
			t.Rows = append(t.Rows, append(row, cell{Text: k.Assessment.StatusLabel, Status: k.Assessment.StatusKey}))
		}
		out = append(out, block{Kind: blockTable, Table: t})
	}

	out = append(out, block{Kind: blockHeading, Text: "二、重点产业"})
	n := 0
	for _, f := range b.Focus {
		n++
		lead("（"+numeral(n)+"）"+f.Title+"。", strings.Join(f.Sentences, ""), f.Notes)
	}
	if p := b.Parks; p != nil && n > 0 && len(p.Tiers) > 0 {
		add(blockNote, tierLine(p))
	}
	if d := b.Districts; d != nil {
		n++
		lead("（"+numeral(n)+"）旗县区。", d.Lead+d.Remainder, nil)
	}
	if n == 0 {
		add(blockPara, "本期各产业链（板块）暂无数据。")
	}

	out = append(out, block{Kind: blockHeading, Text: "三、存在问题"})
	if len(b.Problems) == 0 {
		add(blockPara, "本期没有进度滞后或略慢的指标。")
	}
	cut := b.cut()
	for i, g := range b.Problems {
		var parts []string
		if len(g.Red) > 0 {
			parts = append(parts, fmt.Sprintf("滞后%d项：%s", len(g.Red), problemList(g.Red, cut.detailed, cut.named)))
		}
		if len(g.Amber) > 0 {
			detailed := 0
			if len(g.Amber) <= 3 {
				detailed = cut.amberDetailed
			}
			parts = append(parts, fmt.Sprintf("略慢或尚未达标%d项：%s", len(g.Amber), problemList(g.Amber, detailed, cut.named)))
		}
		lead("（"+numeral(i+1)+"）"+g.Title+"。", strings.Join(parts, "；")+"。", nil)
	}

	out = append(out, block{Kind: blockHeading, Text: "四、下步工作建议"})
	add(blockNote, DraftNotice)
	for i, s := range b.cutSuggestions() {
		lead(numeral(i+1)+"是", s, nil)
	}

	add(blockNote, "数据说明："+b.Completeness.Sentence)
	for _, f := range b.Footnotes {
		if cut.notes < 0 || f.Number <= cut.notes {
			add(blockNote, footnoteText(f))
		}
	}
	add(blockNote, b.omittedNotes())
	add(blockNote, "注：完成率=累计完成值÷年度目标；百分点差=完成率−序时进度。数据期为"+b.DataPeriodLabel()+"，数据截至"+b.AsOfLabel()+"。")
	// The body's markers follow the footnotes it prints.
	for i := range out {
		out[i].Notes = b.keepNotes(out[i].Notes)
		if t := out[i].Table; t != nil {
			for r := range t.Rows {
				for c := range t.Rows[r] {
					t.Rows[r][c].Notes = b.keepNotes(t.Rows[r][c].Notes)
				}
			}
		}
	}

	if b.Appendix {
		out = append(out, appendix(b)...)
	}
	return out
}

func footnoteText(f Footnote) string {
	return fmt.Sprintf("[%d] %s：%s", f.Number, f.Subject, f.Text)
}

// tierLine sums the park tiers up in one line: the tiers short of plan by
// name, the others counted ("详见附表3").
func tierLine(p *ParkSummary) string {
	var short []string
	met := 0
	newMet := false
	for _, l := range p.Tiers {
		if l.StatusKey == "green" {
			if l.New {
				newMet = true // a 新增 line is not a tier: it is not counted as one
			} else {
				met++
			}
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(l.Name, "工业总产值"), "个数")
		short = append(short, fmt.Sprintf("%s%s（计划%s）", name, l.CountText, l.TargetText))
	}
	switch {
	case len(short) == 0 && newMet:
		return fmt.Sprintf("园区梯次：%d档均已达到计划个数，新增园区也已达到计划。", met)
	case len(short) == 0:
		return fmt.Sprintf("园区梯次：%d档均已达到计划个数。", met)
	case met == 0:
		return "园区梯次：" + strings.Join(short, "、") + "，均未达到计划个数。"
	}
	return fmt.Sprintf("园区梯次：%s未达到计划个数，其余%d档已达到（按累计值推算全年判断）。", strings.Join(short, "、"), met)
}

// problemList joins problems, the first detailed with their figures, then
// by name up to named in all, then "等n项" (every one of them is in 总览 and
// the 附表); with named 0, the count only. fit picks detailed and named so
// that the 简报 keeps to its two pages however many targets lag.
func problemList(ps []Problem, detailed, named int) string {
	if named <= 0 {
		return countOnly(len(ps))
	}
	var parts []string
	for i, p := range ps {
		switch {
		case i >= named:
			return strings.Join(parts, "、") + fmt.Sprintf("等%d项", len(ps))
		case i < detailed:
			parts = append(parts, p.Text())
		default:
			parts = append(parts, p.Name)
		}
	}
	return strings.Join(parts, "、")
}

// appendix is the 附表: every target, the district ranking and the park
// tiers, after a page break.
func appendix(b *Briefing) []block {
	out := []block{{Kind: blockBreak}, {Kind: blockTitle, Text: "附表  " + b.DataPeriodLabel() + "各项目标完成情况"}}
	t := &table{Caption: "附表1  各项目标完成情况", Num: map[int]bool{0: true, 3: true, 4: true},
		Header: []string{"序号", "指标", "年度目标", "当前", "完成率", "差距", "状态"}}
	chain := ""
	for i, it := range b.Targets {
		name := it.Name
		if it.Indicator.Chain != chain {
			chain = it.Indicator.Chain
			name = "【" + chain + "】" + name
		}
		t.Rows = append(t.Rows, []cell{{Text: fmt.Sprint(i + 1)}, {Text: name}, {Text: it.TargetText},
			{Text: orDash(it.ValueText), Notes: it.Notes}, {Text: orDash(it.Assessment.CompletionText())},
			{Text: orDash(it.GapText)}, {Text: it.Assessment.StatusLabel, Status: it.Assessment.StatusKey}})
	}
	out = append(out, block{Kind: blockTable, Table: t})
	if svg := CompletionChartSVG(b.Chart, b.TimeProgressPct); svg != "" {
		out = append(out, block{Kind: blockChart, SVG: svg, Text: ChartCaption})
	}
	if d := b.Districts; d != nil {
		t := &table{Caption: "附表2  " + d.Title, Num: map[int]bool{0: true, 2: true, 3: true, 4: true},
			Header: []string{"排名", "地区", "累计（" + d.Indicator.Unit + "）", "同比增速", "完成率", "与序时进度"}}
		for _, r := range d.Rows {
			rank := "—"
			if r.Rank > 0 {
				rank = fmt.Sprint(r.Rank)
			}
			val := "—"
			if r.Value != nil {
				val = progress.FormatFigure(*r.Value, d.Indicator.Unit)
			}
			t.Rows = append(t.Rows, []cell{{Text: rank}, {Text: r.Name}, {Text: val, Notes: r.Notes},
				{Text: orDash(r.YoYText)}, {Text: orDash(r.CompletionText)}, {Text: orDash(r.GapText)}})
		}
		out = append(out, block{Kind: blockTable, Table: t})
		if d.Remainder != "" {
			out = append(out, block{Kind: blockNote, Text: d.Remainder})
		}
	}
	if p := b.Parks; p != nil {
		t := &table{Caption: "附表3  园区梯次", Num: map[int]bool{2: true},
			Header: []string{"梯次", "目标", "现有", "园区", "状态"}}
		for _, l := range p.Tiers {
			t.Rows = append(t.Rows, []cell{{Text: l.Name}, {Text: l.TargetText}, {Text: l.CountText},
				{Text: orDash(l.Parks)}, {Text: l.StatusLabel, Status: l.StatusKey}})
		}
		out = append(out, block{Kind: blockTable, Table: t})
		out = append(out, block{Kind: blockNote, Text: p.Basis})
	}
	if b.omittedNotes() != "" { // the body printed only some: the 附表 has them all
		out = append(out, block{Kind: blockNote, Text: "填报说明："})
		for _, f := range b.Footnotes {
			out = append(out, block{Kind: blockNote, Text: footnoteText(f)})
		}
	}
	return out
}
