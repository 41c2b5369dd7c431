package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// Wide tables are what a statistics bureau publishes (统计月报): a title row
// with the period ("2024年1—10月包头市规模以上工业主要指标"), then either
// indicators in rows (指标名称 | 计量单位 | 10月 | 1—10月 | 增长（%）…) or
// regions in rows (地区 | 规上工业增加值增速（%） | 位次 | 规上工业总产值（亿元）
// | 增长（%）…), often under a two-row merged header (绝对数 | 增长（%） over
// 10月 | 1—10月). readWide turns such a sheet into records: one per
// (row, measure, 当月 or 累计), the value from the 绝对数 column and the
// published growth from the matching 增长 column. Records carry Wide, so the
// loader lists names it does not know instead of refusing the file.

// wideLayout says what the rows of a wide table hold.
type wideLayout int

const (
	layoutIndicators wideLayout = iota + 1 // indicators in rows
	layoutRegions                          // regions in rows, measures in columns
)

// rowLabels are the headers of the first column of a wide table.
var rowLabels = map[string]wideLayout{
	"指标": layoutIndicators, "指标名称": layoutIndicators, "项目": layoutIndicators, "主要指标": layoutIndicators,
	"指标名": layoutIndicators, "名称": layoutIndicators, "项目名称": layoutIndicators, "指标项": layoutIndicators,
	"地区": layoutRegions, "旗县区": layoutRegions, "地区名称": layoutRegions, "区域": layoutRegions,
	"旗县区名称": layoutRegions, "单位": layoutRegions, "单位名称": layoutRegions, "地区/园区": layoutRegions,
	"旗县区/园区": layoutRegions, "地区(旗县区)": layoutRegions, "旗县区(园区)": layoutRegions, "园区": layoutRegions,
	"园区名称": layoutRegions, "地 区": layoutRegions,
}

var (
	// reSpan is a span of months: 1—10月, 1-10月份, 1~10月累计.
	reSpan = regexp.MustCompile(`(\d{1,2})\s*(?:-|—{1,2}|–|~|至|－|―)\s*(\d{1,2})\s*月份?`)
	// reMonth is one month: 10月, 10月份.
	reMonth = regexp.MustCompile(`(\d{1,2})\s*月份?`)
	// reYear is a year: 2024年.
	reYear = regexp.MustCompile(`(20\d{2})\s*年`)
	// reGrowth is what remains of a growth column's header once a unit and
	// time words are gone: 增长, 同比增长, 比上年同期增长, 增速, 增幅, 增减, ±.
	reGrowth = regexp.MustCompile(`^(?:比上年同期|比上年|比去年同期|较上年同期|较上年|同比)?(?:增长|增速|增幅|增减|增长率|增减率|增减幅度|增长幅度|±|\+-)?(?:率|幅度)?%?$`)
	// reTitleUnit is a unit line above a table: 单位：万元, 计量单位:亿元.
	reTitleUnit = regexp.MustCompile(`(?:计量)?单位\s*[:：]\s*([^\s,，;；)）]+)`)
	// reCNOrd strips numbering before a name: 一、 (一) 1. 1、 ①.
	reCNOrd = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、．]|[①②③④⑤⑥⑦⑧⑨⑩])\s*`)
)

// valueWords head a value column without naming its time.
var valueWords = map[string]bool{"绝对数": true, "绝对值": true, "总量": true, "数值": true, "完成值": true, "完成数": true,
	"实绩": true, "数量": true, "金额": true, "完成": true, "实际": true, "本期": true, "": true, "合计": true, "总计": true}

// ignoreWords head columns a wide table carries that are not data to load.
var ignoreWords = map[string]string{
	"位次": "位次/排名不是数据，已忽略", "排名": "位次/排名不是数据，已忽略", "名次": "位次/排名不是数据，已忽略",
	"排序": "位次/排名不是数据，已忽略", "位次变化": "位次/排名不是数据，已忽略", "序号": "序号，已忽略",
	"上年同期": "上年同期数不导入（同比按公布的增长率保存），已忽略", "去年同期": "上年同期数不导入（同比按公布的增长率保存），已忽略",
	"上年同期数": "上年同期数不导入（同比按公布的增长率保存），已忽略", "上年": "上年数不导入，已忽略",
	"增减额": "增减额不导入，已忽略", "增加额": "增减额不导入，已忽略", "备注": "备注，已忽略", "说明": "说明，已忽略",
	"占比": "占比不导入，已忽略", "占全市比重": "占比不导入，已忽略", "比重": "占比不导入，已忽略",
	"拉动": "拉动不导入，已忽略", "贡献率": "贡献率不导入，已忽略",
}

// token is one header text of a column, understood.
type token struct {
	raw     string
	unit    string
	vt      domain.ValueType // from 当月/累计/10月/1—10月
	to      int              // the month a time phrase names (0 when none)
	growth  bool
	ignore  string // reason, when the column is not data
	measure string // a name that is neither a time nor a kind word
	isUnit  bool   // a 计量单位 column
}

// readToken understands one header text.
func readToken(s string, units domain.Units) token {
	t := token{raw: s}
	name, unit := SplitHeaderUnit(s, units)
	n := squeeze(narrow(name))
	if unit == "" && strings.HasSuffix(n, "%") && !strings.HasSuffix(n, "±%") {
		unit = "%"
	}
	t.unit = unit
	if n == "计量单位" || n == "单位(计量)" || n == "计量" || n == "单位" {
		t.isUnit = true
		return t
	}
	if m := reSpan.FindStringSubmatchIndex(n); m != nil {
		if from, _ := strconv.Atoi(n[m[2]:m[3]]); from == 1 {
			t.to, _ = strconv.Atoi(n[m[4]:m[5]])
			t.vt = domain.ValueYTD
			n = n[:m[0]] + n[m[1]:]
		}
	} else if m := reMonth.FindStringSubmatchIndex(n); m != nil {
		t.to, _ = strconv.Atoi(n[m[2]:m[3]])
		t.vt = domain.ValuePeriod
		n = n[:m[0]] + n[m[1]:]
	}
	n = reYear.ReplaceAllString(n, "")
	for _, w := range []string{"本年累计", "自年初累计", "年初至今", "累计值", "累计数", "累计"} {
		if strings.Contains(n, w) {
			t.vt = domain.ValueYTD
			n = strings.Replace(n, w, "", 1)
			break
		}
	}
	for _, w := range []string{"本月", "当月", "本期"} {
		if strings.HasPrefix(n, w) || n == w {
			if t.vt == "" {
				t.vt = domain.ValuePeriod
			}
			n = strings.Replace(n, w, "", 1)
			break
		}
	}
	n = strings.Trim(n, "()（）:：/")
	switch {
	case ignoreWords[n] != "":
		t.ignore = ignoreWords[n]
	case n != "" && reGrowth.MatchString(n):
		t.growth = true
	case strings.Contains(n, "位次") || strings.Contains(n, "排名") || strings.Contains(n, "名次"):
		t.ignore = "位次/排名不是数据，已忽略"
	case strings.Contains(n, "比重") || strings.Contains(n, "占比") || strings.Contains(n, "上年同期") || strings.Contains(n, "去年同期"):
		t.ignore = "占比、上年同期数不导入（同比按公布的增长率保存），已忽略"
	case valueWords[n]:
	default:
		t.measure = n
	}
	return t
}

// wideCol is a data column of a wide table.
type wideCol struct {
	c       int
	header  string
	measure string
	growth  bool
	vt      domain.ValueType
	to      int
	unit    string
}

// SheetNote says whether a sheet of a workbook was read, and why not.
type SheetNote struct {
	Sheet  string `json:"sheet"`
	Read   bool   `json:"read"`
	Layout string `json:"layout,omitempty"`
	Title  string `json:"title,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// wideTitle finds the period and the title text above row h.
type widePeriod struct {
	year, from, to int
	text           string // where it was found, for messages
}

func findPeriod(texts ...string) widePeriod {
	var p widePeriod
	for _, s := range texts {
		n := squeeze(narrow(s))
		if p.year == 0 {
			if m := reYear.FindStringSubmatch(n); m != nil {
				p.year, _ = strconv.Atoi(m[1])
				p.text = s
			}
		}
		if p.to == 0 {
			if m := reSpan.FindStringSubmatch(n); m != nil {
				p.from, _ = strconv.Atoi(m[1])
				p.to, _ = strconv.Atoi(m[2])
			} else if m := reMonth.FindStringSubmatch(n); m != nil {
				p.to, _ = strconv.Atoi(m[1])
				p.from = p.to
			} else {
				for w, span := range map[string][2]int{"一季度": {1, 3}, "上半年": {1, 6}, "前三季度": {1, 9}, "全年": {1, 12}} {
					if strings.Contains(n, w) {
						p.from, p.to = span[0], span[1]
					}
				}
			}
		}
	}
	return p
}

// wideHeader finds the header row of a wide table: the first row (within
// maxHeaderScan) whose leftmost non-blank cell is a row label and that has
// at least one more non-blank cell. It returns the row, the label column
// and the layout; -1 when none.
func (g *grid) wideHeader() (int, int, wideLayout) {
	for i := 0; i < len(g.rows) && i < maxHeaderScan; i++ {
		lc := -1
		for c := range g.rows[i] {
			if g.cell(i, c) != "" {
				lc = c
				break
			}
		}
		if lc < 0 {
			continue
		}
		// A 序号 column before the label is skipped.
		if n := squeeze(g.cell(i, lc)); n == "序号" || n == "编号" || n == "行次" {
			for c := lc + 1; c < len(g.rows[i]); c++ {
				if g.cell(i, c) != "" {
					lc = c
					break
				}
			}
		}
		label := squeeze(narrow(g.cell(i, lc)))
		label, _ = SplitHeaderUnit(label, g.units)
		lay, ok := rowLabels[label]
		if !ok {
			continue
		}
		others := 0
		for c := lc + 1; c < len(g.rows[i]); c++ {
			if g.cell(i, c) != "" {
				others++
			}
		}
		if others > 0 {
			return i, lc, lay
		}
	}
	return -1, -1, 0
}

// wideSubHeader reports whether row h+1 is a second header row: its label
// cell is blank or repeats the label (a vertical merge) and none of its
// cells is a number.
func (g *grid) wideSubHeader(h, lc int) bool {
	i := h + 1
	if i >= len(g.rows) {
		return false
	}
	if l := g.cell(i, lc); l != "" && l != g.cell(h, lc) {
		return false
	}
	any := false
	for c := lc + 1; c < len(g.rows[i]); c++ {
		t := g.cell(i, c)
		if t == "" || t == g.cell(h, c) {
			continue
		}
		any = true
		if n, err := ParseNumber(t, g.units); err == nil && !n.Missing {
			return false
		}
	}
	return any
}

// wideReader holds the state the steps of readWide share: the sheet, the
// result being filled, the header found and what the columns say.
type wideReader struct {
	g   *grid
	res *Result
	// h is the header row, lc the label column, lay the layout.
	h, lc int
	lay   wideLayout
	// sub reports a second header row below h.
	sub bool
	// title is the text above the header, titleUnit the unit it states and
	// per the period it and the headers name.
	title     string
	titleUnit string
	per       widePeriod
	// unitCol is the column of units (indicators in rows), -1 when none.
	unitCol int
	// cols are the value and growth columns read.
	cols []wideCol
}

// readWide reads a wide sheet into res. It returns a *FileError when the
// sheet is not a wide table it understands.
func (g *grid) readWide(res *Result) error {
	h, lc, lay := g.wideHeader()
	if h < 0 {
		return &FileError{File: g.file, Msg: msg.New(msg.ParseNoWideHeader)}
	}
	w := &wideReader{g: g, res: res, h: h, lc: lc, lay: lay, unitCol: -1}
	w.sub = g.wideSubHeader(h, lc)
	first := h + 1
	if w.sub {
		first = h + 2
	}
	w.readTitle()
	w.readColumns()
	if err := w.checkColumns(); err != nil {
		return err
	}
	for i := first; i < len(g.rows); i++ {
		w.readRow(i)
	}
	if len(res.Records) == 0 {
		return &FileError{File: g.file, Msg: msg.New(msg.ParseNoWideRows, res.HeaderRow)}
	}
	res.Layout = "wide-indicators"
	if lay == layoutRegions {
		res.Layout = "wide-regions"
	}
	return nil
}

// readTitle reads the title (the rows above the header), the unit it
// states and the period named by the title, the headers, the sheet or the
// file; it sets the result's HeaderRow and Title.
func (w *wideReader) readTitle() {
	g, h, sub, res := w.g, w.h, w.sub, w.res
	// The title: the rows above the header.
	var titles []string
	for i := 0; i < h; i++ {
		for c := range g.rows[i] {
			// A merged title fills every cell it covers: keep it once.
			if t := g.cell(i, c); t != "" && (len(titles) == 0 || titles[len(titles)-1] != t) {
				titles = append(titles, t)
			}
		}
	}
	title := strings.Join(titles, " ")
	// "单位：万元" above the header states the unit of every value column
	// that names none.
	titleUnit := TitleUnit(title, g.units)
	var headers []string
	for c := 0; c < g.width(); c++ {
		headers = append(headers, g.cell(h, c))
		if sub {
			headers = append(headers, g.cell(h+1, c))
		}
	}
	per := findPeriod(append(append([]string{title}, headers...), g.sheet, g.file)...)
	res.HeaderRow = g.rowNum(h)
	res.Title = title
	w.title, w.titleUnit, w.per = title, titleUnit, per
}

// readColumns reads every column right of the label column, left to
// right, into the result's Columns or Ignored and the value columns into
// w.cols.
func (w *wideReader) readColumns() {
	lastMeasure := ""
	for c := w.lc + 1; c < w.g.width(); c++ {
		w.readColumn(c, &lastMeasure)
	}
}

// readColumn reads column c: the unit column, an ignored column or a
// value or growth column. lastMeasure is the measure of the previous value
// column, which a regions table's column without one inherits.
func (w *wideReader) readColumn(c int, lastMeasure *string) {
	g, h, sub, res, lay := w.g, w.h, w.sub, w.res, w.lay
	top := g.cell(h, c)
	if top == "" && sub {
		top = g.parentText(h, c)
	}
	var child string
	if sub {
		if child = g.cell(h+1, c); child == top {
			child = ""
		}
	}
	header := top
	if child != "" {
		header = strings.TrimSuffix(top+"/"+child, "/")
		if top == "" {
			header = child
		}
	}
	if header == "" {
		return
	}
	col := Column{Col: g.colName(c), Header: header}
	tt, ct := readToken(top, g.units), readToken(child, g.units)
	if tt.isUnit || child == "" && ct.isUnit {
		if lay == layoutIndicators && w.unitCol < 0 {
			w.unitCol = c
			col.Field = FieldUnit
			res.Columns = append(res.Columns, col)
			return
		}
	}
	if tt.ignore != "" || ct.ignore != "" {
		col.Reason = tt.ignore + ct.ignore
		res.Ignored = append(res.Ignored, col)
		return
	}
	wc := wideCol{c: c, header: header, growth: tt.growth || ct.growth}
	for _, t := range []token{tt, ct} {
		if t.vt != "" {
			wc.vt, wc.to = t.vt, t.to
		}
		if t.unit != "" && t.unit != "%" || t.unit == "%" && !wc.growth {
			wc.unit = t.unit
		}
		if t.measure != "" && wc.measure == "" {
			wc.measure = t.measure
		}
	}
	if wc.growth {
		wc.unit = ""
	} else if wc.unit == "" && w.unitCol < 0 {
		wc.unit = w.titleUnit
	}
	switch lay {
	case layoutIndicators:
		if wc.measure != "" {
			col.Reason = "无法识别的列名（指标在行的表中，列应为 10月、1—10月、本月、累计、增长（%）等），已忽略"
			res.Ignored = append(res.Ignored, col)
			return
		}
	case layoutRegions:
		if wc.measure == "" {
			wc.measure = *lastMeasure
		}
		if wc.measure == "" {
			wc.measure = titleMeasure(w.title, g.units)
		}
		if wc.measure == "" {
			col.Reason = "看不出这一列是什么指标（表头和标题都没有指标名称），已忽略；请在表头写明指标，如“规上工业总产值（亿元）”"
			res.Ignored = append(res.Ignored, col)
			return
		}
		*lastMeasure = wc.measure
	}
	if wc.vt == "" {
		// No time word: the title's period decides (1—10月 is 累计, 10月 the month's own).
		if w.per.from == 1 && w.per.to > 1 {
			wc.vt = domain.ValueYTD
		} else {
			wc.vt = domain.ValuePeriod
		}
	}
	if wc.to == 0 {
		wc.to = w.per.to
	}
	col.Field = FieldValue
	if wc.growth {
		col.Field = FieldYoY
	}
	col.ValueType, col.Unit = wc.vt, wc.unit
	res.Columns = append(res.Columns, col)
	w.cols = append(w.cols, wc)
}

// checkColumns returns a *FileError when no value column was read, the
// period names no year or a value column's month is not 1 to 12.
func (w *wideReader) checkColumns() error {
	g := w.g
	if len(w.cols) == 0 {
		return &FileError{File: g.file, Msg: msg.New(msg.ParseNoValueColumns, g.rowNum(w.h))}
	}
	if w.per.year == 0 {
		return &FileError{File: g.file, Msg: msg.New(msg.ParseNoPeriod, shorten(w.title))}
	}
	for _, wc := range w.cols {
		if wc.to < 1 || wc.to > 12 {
			return &FileError{File: g.file, Msg: msg.New(msg.ParseNoColumnMonth, wc.header, g.colName(wc.c))}
		}
	}
	return nil
}

// readRow reads data row i into records, one per (measure, 口径, month)
// with a figure, or skips it when it has no label, is a note or holds no
// figure.
func (w *wideReader) readRow(i int) {
	g, h, lc, res, lay, title, per, unitCol, cols := w.g, w.h, w.lc, w.res, w.lay, w.title, w.per, w.unitCol, w.cols
	label := g.cell(i, lc)
	name := cleanRowLabel(label)
	if name == "" || isNoteRow(label) {
		res.skipRow(g, i)
		return
	}
	base := Record{File: g.file, Format: g.format, Sheet: g.sheet, Row: g.rowNum(i), Wide: true, Title: title}
	labelCell := Cell{Text: name, Col: g.colName(lc), Header: g.cell(h, lc)}
	if lay == layoutIndicators {
		base.IndicatorName = labelCell
		if unitCol >= 0 {
			base.Unit = Cell{Text: g.cell(i, unitCol), Col: g.colName(unitCol), Header: g.cell(h, unitCol)}
		}
	} else {
		base.OrgUnit = labelCell
	}
	// Group the row's cells by (measure, 口径, month): value and growth.
	type key struct {
		measure string
		vt      domain.ValueType
		to      int
	}
	var order []key
	groups := map[key]*Record{}
	blank := true
	for _, wc := range cols {
		txt := g.cell(i, wc.c)
		if g.text != nil {
			f := FieldValue
			if wc.growth {
				f = FieldYoY
			}
			txt = strings.TrimSpace(g.text(i, wc.c, f))
		}
		if txt != "" {
			blank = false
		}
		k := key{wc.measure, wc.vt, wc.to}
		r, ok := groups[k]
		if !ok {
			rec := base
			if lay == layoutRegions {
				rec.IndicatorName = Cell{Text: wc.measure, Col: g.colName(wc.c), Header: wc.header}
			}
			rec.HeaderValueType = wc.vt
			rec.Period = Cell{Text: periodText(per.year, wc.vt, wc.to), Col: g.colName(wc.c), Header: wc.header}
			r = &rec
			groups[k] = r
			order = append(order, k)
		}
		cell := Cell{Text: txt, Col: g.colName(wc.c), Header: wc.header}
		if wc.growth {
			if !r.YoY.Present() {
				r.YoY = cell
			}
		} else if !r.Value.Present() {
			r.Value, r.HeaderUnit = cell, wc.unit
		}
	}
	if blank {
		res.skipRow(g, i) // a section heading: a name and no figures
		return
	}
	for _, k := range order {
		r := groups[k]
		if strings.TrimSpace(r.Value.Text) == "" && strings.TrimSpace(r.YoY.Text) == "" {
			continue // neither figure in this group: nothing published
		}
		res.Records = append(res.Records, *r)
	}
}

// periodText writes a period the loader reads: 2024-10 for a month,
// 2024年1-10月 for a year to date.
func periodText(year int, vt domain.ValueType, to int) string {
	if vt == domain.ValueYTD {
		return fmt.Sprintf("%d年1-%d月", year, to)
	}
	return fmt.Sprintf("%d-%02d", year, to)
}

// cleanRowLabel is a row label without indentation, numbering, "其中：",
// or a leading # or △ (the bureau's marks for sub-items).
func cleanRowLabel(s string) string {
	s = strings.TrimSpace(narrow(s))
	for {
		before := s
		s = strings.TrimLeft(s, " #△▲*·•-")
		for _, p := range []string{"其中:", "其中：", "其中", "内:", "内："} {
			s = strings.TrimPrefix(s, p)
		}
		s = reCNOrd.ReplaceAllString(s, "")
		s = strings.TrimSpace(s)
		if s == before {
			break
		}
	}
	return squeeze(s)
}

// isNoteRow reports a footnote row: 注：…, 说明：…, 资料来源：….
func isNoteRow(s string) bool {
	n := squeeze(narrow(s))
	for _, p := range []string{"注:", "注：", "注1", "注①", "注 ", "说明:", "说明：", "资料来源", "数据来源", "备注:", "备注：", "附注"} {
		if strings.HasPrefix(n, strings.TrimSpace(p)) {
			return true
		}
	}
	return n == "注"
}

// titleMeasure takes the indicator a region table's title names:
// "2024年1—10月各旗县区规模以上工业增加值增速" → 规模以上工业增加值增速.
func titleMeasure(title string, units domain.Units) string {
	n := squeeze(narrow(title))
	n = reYear.ReplaceAllString(n, "")
	n = reSpan.ReplaceAllString(n, "")
	n = reMonth.ReplaceAllString(n, "")
	for _, w := range []string{"包头市", "全市", "各旗县区", "分旗县区", "旗县区", "各地区", "分地区", "各园区", "分园区", "完成情况", "情况表", "情况", "统计表", "主要指标", "一览表", "表", "累计", "本月", "当月"} {
		n = strings.ReplaceAll(n, w, "")
	}
	n = strings.Trim(n, "()（）:：")
	name, _ := SplitHeaderUnit(n, units)
	return name
}

// TitleUnit returns the unit a line above a table states ("单位：万元",
// "金额单位：元"), "" when none or not a known unit.
func TitleUnit(title string, units domain.Units) string {
	if m := reTitleUnit.FindStringSubmatch(narrow(title)); m != nil {
		if u := NormalizeUnit(m[1]); units.Known(u) {
			return u
		}
	}
	return ""
}
