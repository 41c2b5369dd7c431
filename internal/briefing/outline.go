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
)

// ChartCaption is the caption of the completion chart.
const ChartCaption = "图1  各产业链（板块）主要产值类目标完成率（柱）与序时进度（虚线）"

// block is one piece of the briefing in reading order. The HTML page and the
// Word document are both rendered from the same blocks, so their text is the
// same sentence for sentence.
type block struct {
	Kind   blockKind
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
}

type cell struct {
	Text   string
	Status string
	Notes  []int
}

var chineseNumerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
	"十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"}

func numeral(i int) string {
	if i >= 1 && i <= len(chineseNumerals) {
		return chineseNumerals[i-1]
	}
	return fmt.Sprint(i)
}

// NoteMarks renders footnote references as they appear after a sentence: "[1][2]".
func NoteMarks(notes []int) string {
	var b strings.Builder
	for _, n := range notes {
		fmt.Fprintf(&b, "[%d]", n)
	}
	return b.String()
}

func pctOrDash(p *float64) string {
	if p == nil {
		return "—"
	}
	return progress.FormatPct(*p)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// outline lays the briefing out as blocks in reading order.
func outline(b *Briefing) []block {
	var out []block
	h := 0
	heading := func(s string) {
		h++
		out = append(out, block{Kind: blockHeading, Text: numeral(h) + "、" + s})
	}
	add := func(k blockKind, text string) {
		if text != "" {
			out = append(out, block{Kind: k, Text: text})
		}
	}

	heading("总体情况")
	add(blockPara, b.Headline)
	add(blockPara, b.Summary)
	if b.Month > 0 {
		add(blockPara, fmt.Sprintf("%s，%s序时进度为%s。", b.Basis.Label(), b.Period.ShortLabel(), progress.FormatPct(b.TimeProgressPct)))
	}
	if svg := CompletionChartSVG(b.Chart, b.TimeProgressPct); svg != "" {
		out = append(out, block{Kind: blockChart, SVG: svg, Text: ChartCaption})
	}

	heading("主要产业链（板块）运行情况")
	n := 0
	for _, s := range b.Sections {
		if len(s.Items) == 0 {
			continue
		}
		n++
		out = append(out, block{Kind: blockSubheading, Text: "（" + numeral(n) + "）" + s.Chain})
		for _, it := range s.Items {
			out = append(out, block{Kind: blockItem, Text: it.Sentence, Status: it.Assessment.StatusKey, Notes: it.Notes})
		}
	}
	if n == 0 {
		add(blockPara, "本期各产业链（板块）暂无数据。")
	}

	heading("需关注的滞后指标")
	if len(b.Lagging) == 0 {
		add(blockPara, "本期没有进度滞后或略慢的指标。")
	} else {
		red, amber := 0, 0
		for _, l := range b.Lagging {
			if l.Assessment.StatusKey == "red" {
				red++
			} else {
				amber++
			}
		}
		add(blockPara, fmt.Sprintf("本期滞后（红）指标%d项、略慢或尚未达标（黄）指标%d项，需重点调度。", red, amber))
		t := &table{Caption: "表1  滞后及略慢指标", Num: map[int]bool{3: true},
			Header: []string{"序号", "指标", "年度目标", "当前", "差距", "状态", "后续要求"}}
		for i, l := range b.Lagging {
			t.Rows = append(t.Rows, []cell{{Text: fmt.Sprint(i + 1)}, {Text: l.Name}, {Text: l.TargetText},
				{Text: orDash(l.ValueText), Notes: l.Notes}, {Text: orDash(l.GapText)},
				{Text: l.Assessment.StatusLabel, Status: l.Assessment.StatusKey}, {Text: orDash(l.Pace)}})
		}
		out = append(out, block{Kind: blockTable, Table: t})
	}

	if d := b.Districts; d != nil {
		heading("旗县区争先进位")
		add(blockPara, d.Lead)
		t := &table{Caption: "表2  " + d.Title, Num: map[int]bool{0: true, 2: true, 3: true, 4: true},
			Header: []string{"排名", "地区", "累计（" + d.Indicator.Unit + "）", "同比增速", "完成率", "与序时进度"}}
		for _, r := range d.Rows {
			rank := "—"
			if r.Rank > 0 {
				rank = fmt.Sprint(r.Rank)
			}
			val := "—"
			if r.Value != nil {
				val = progress.FormatNumber(*r.Value)
			}
			t.Rows = append(t.Rows, []cell{{Text: rank}, {Text: r.Name}, {Text: val, Notes: r.Notes},
				{Text: orDash(r.YoYText)}, {Text: orDash(r.CompletionText)}, {Text: orDash(r.GapText)}})
		}
		out = append(out, block{Kind: blockTable, Table: t})
		add(blockNote, d.Remainder)
	}

	if p := b.Parks; p != nil {
		heading("园区梯次发展")
		add(blockPara, p.Total)
		t := &table{Caption: "表3  园区梯次", Num: map[int]bool{2: true},
			Header: []string{"梯次", "目标", "现有", "园区", "状态"}}
		for _, l := range p.Tiers {
			t.Rows = append(t.Rows, []cell{{Text: l.Name}, {Text: l.TargetText}, {Text: l.CountText},
				{Text: orDash(l.Parks)}, {Text: l.StatusLabel, Status: l.StatusKey}})
		}
		out = append(out, block{Kind: blockTable, Table: t})
		add(blockNote, p.Basis)
	}

	heading("数据说明")
	add(blockPara, b.Completeness.Sentence)
	for _, f := range b.Footnotes {
		add(blockNote, fmt.Sprintf("[%d] %s：%s", f.Number, f.Subject, f.Text))
	}
	add(blockNote, "数据截至"+b.AsOfLabel()+"。完成率=累计完成值÷年度目标；百分点差=完成率−序时进度。")
	return out
}
