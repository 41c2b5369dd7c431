package parse

import (
	"slices"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// fieldAmbiguousUnit marks a column headed "单位": org unit or measure unit,
// decided by content.
const fieldAmbiguousUnit Field = "?unit"

// aliases maps normalised header names (lower case, no spaces, unit
// removed) to fields.
var aliases = map[string]Field{
	"indicator": FieldIndicator, "indicator_code": FieldIndicator, "code": FieldIndicator,
	"指标代码": FieldIndicator, "指标编码": FieldIndicator, "指标编号": FieldIndicator,

	"indicator_name": FieldIndicatorName, "name": FieldIndicatorName, "指标名称": FieldIndicatorName,
	"指标": FieldIndicatorName, "指标名": FieldIndicatorName, "指标项": FieldIndicatorName, "项目": FieldIndicatorName,

	"org_unit": FieldOrgUnit, "org": FieldOrgUnit, "orgunit": FieldOrgUnit, "org_unit_code": FieldOrgUnit,
	"地区": FieldOrgUnit, "单位名称": FieldOrgUnit, "旗县区": FieldOrgUnit, "园区": FieldOrgUnit,
	"地区名称": FieldOrgUnit, "旗县区名称": FieldOrgUnit, "园区名称": FieldOrgUnit, "区域": FieldOrgUnit,
	"填报单位": FieldOrgUnit, "单位代码": FieldOrgUnit, "地区代码": FieldOrgUnit, "行政区划": FieldOrgUnit,
	"行政区划代码": FieldOrgUnit, "旗县区/园区": FieldOrgUnit, "地区/园区": FieldOrgUnit, "报送单位": FieldOrgUnit,

	"period": FieldPeriod, "期间": FieldPeriod, "时间": FieldPeriod, "月份": FieldPeriod, "统计期": FieldPeriod,
	"报告期": FieldPeriod, "统计期间": FieldPeriod, "年月": FieldPeriod, "日期": FieldPeriod, "所属期": FieldPeriod,
	"统计时间": FieldPeriod, "时期": FieldPeriod,

	"value": FieldValue, "数值": FieldValue, "值": FieldValue, "数据": FieldValue, "完成值": FieldValue,
	"实际值": FieldValue, "完成数": FieldValue, "完成额": FieldValue, "产值": FieldValue, "金额": FieldValue,
	"实绩": FieldValue, "完成情况": FieldValue, "指标值": FieldValue, "增长率": FieldValue,

	// The 同比 growth published with a value (同口径); a file whose only
	// number is 增速 (a rate indicator) reads it as the value (see valueFromYoY).
	"yoy_pct": FieldYoY, "yoy": FieldYoY, "同比增长": FieldYoY, "同比": FieldYoY, "增速": FieldYoY,
	"同比增速": FieldYoY, "同比增长率": FieldYoY, "同比增幅": FieldYoY, "同比增减": FieldYoY, "同比±": FieldYoY,
	"同比增长%": FieldYoY,

	"unit": FieldUnit, "计量单位": FieldUnit, "单位(计量)": FieldUnit, "度量单位": FieldUnit,

	"value_type": FieldValueType, "口径": FieldValueType, "数据口径": FieldValueType, "统计口径": FieldValueType,
	"值类型": FieldValueType, "数值类型": FieldValueType, "累计/当月": FieldValueType, "当月/累计": FieldValueType,

	"note": FieldNote, "说明": FieldNote, "备注": FieldNote, "情况说明": FieldNote, "解释": FieldNote,
	"原因说明": FieldNote, "变动说明": FieldNote, "异常说明": FieldNote, "explanation": FieldNote, "remark": FieldNote,

	"单位": fieldAmbiguousUnit,
}

// headerMatch is how one header text was understood.
type headerMatch struct {
	field Field
	unit  string
	vt    domain.ValueType
}

func normHeader(s string) string {
	return strings.ToLower(squeeze(narrow(s)))
}

// matchHeader maps a header text to a field. A value-type word alone
// ("本月", "累计值") or as a suffix ("1-5月累计") is a value column of that 口径.
func matchHeader(h string, units domain.Units) (headerMatch, bool) {
	name, unit := SplitHeaderUnit(h, units)
	n := normHeader(name)
	if n == "" {
		return headerMatch{}, false
	}
	if f, ok := aliases[n]; ok {
		return headerMatch{field: f, unit: unit}, true
	}
	if vt, err := ParseValueType(n); err == nil && vt != "" {
		return headerMatch{field: FieldValue, unit: unit, vt: vt}, true
	}
	for _, suf := range []string{"累计值", "累计数", "累计"} {
		if strings.HasSuffix(n, suf) && n != suf {
			return headerMatch{field: FieldValue, unit: unit, vt: domain.ValueYTD}, true
		}
	}
	for _, pre := range []string{"本月", "当月"} {
		if strings.HasPrefix(n, pre) && n != pre && !strings.Contains(n, "累计") {
			return headerMatch{field: FieldValue, unit: unit, vt: domain.ValuePeriod}, true
		}
	}
	return headerMatch{}, false
}

// isValueTypeWord reports a sub-header such as 当月 / 累计.
func isValueTypeWord(s string) (domain.ValueType, bool) {
	vt, err := ParseValueType(s)
	return vt, err == nil && vt != ""
}

// grid is a sheet as text, the common ground of CSV and XLSX.
type grid struct {
	file   string
	format Format
	sheet  string
	rows   [][]string
	// rowNum gives the spreadsheet row number of rows[i].
	rowNum func(i int) int
	// hmerged reports whether row i has a merged cell spanning columns.
	hmerged func(i int) bool
	// text returns the data text of a cell for field f; nil means rows[i][c].
	text func(i, c int, f Field) string
	// colName names column c ("A", "B" …).
	colName func(c int) string
	// units is the unit table headers and numbers are read with.
	units domain.Units
}

func (g *grid) cell(i, c int) string {
	if i < 0 || i >= len(g.rows) || c < 0 || c >= len(g.rows[i]) {
		return ""
	}
	return strings.TrimSpace(g.rows[i][c])
}

func (g *grid) width() int {
	w := 0
	for _, r := range g.rows {
		if len(r) > w {
			w = len(r)
		}
	}
	return w
}

// maxHeaderScan is how many leading rows may hold titles before the header.
const maxHeaderScan = 10

// findHeader returns the index of the first row within the first rows that
// has at least two recognisable column names, one of them a period, value or
// indicator column; -1 when none.
func (g *grid) findHeader() int {
	for i := 0; i < len(g.rows) && i < maxHeaderScan; i++ {
		n, key := 0, false
		for c := range g.rows[i] {
			if m, ok := matchHeader(g.cell(i, c), g.units); ok {
				n++
				switch m.field {
				case FieldPeriod, FieldValue, FieldIndicator, FieldIndicatorName:
					key = true
				}
			}
		}
		if n >= 2 && key {
			return i
		}
	}
	return -1
}

// isSubHeader decides whether row h+1 is a second header row: its non-blank
// cells are all 当月/累计 words or names that make sense alone or joined to
// the cell above, none is a number or a period, and either one is a
// 当月/累计 word or row h has a cell merged across columns.
func (g *grid) isSubHeader(h int) bool {
	i := h + 1
	if i >= len(g.rows) {
		return false
	}
	any, vtWord := false, false
	for c := range g.rows[i] {
		t := g.cell(i, c)
		if t == "" {
			continue
		}
		parent := g.parentText(h, c)
		if t == parent {
			continue // vertical merge: the same text repeated
		}
		any = true
		if _, ok := isValueTypeWord(t); ok {
			vtWord = true
			continue
		}
		if n, err := ParseNumber(t, g.units); err == nil && !n.Missing {
			return false
		}
		if _, err := ParsePeriod(t); err == nil {
			return false
		}
		_, ok1 := matchHeader(t, g.units)
		_, ok2 := matchHeader(parent+t, g.units)
		if !ok1 && !ok2 {
			return false
		}
	}
	return any && (vtWord || g.hmerged != nil && g.hmerged(h))
}

// parentText is the header text above column c, taken from the nearest
// non-blank cell to the left when blank (a merged or spanned group header
// exported to CSV keeps its text in the first column only).
func (g *grid) parentText(h, c int) string {
	for k := c; k >= 0; k-- {
		if t := g.cell(h, k); t != "" {
			return t
		}
		if g.cell(h+1, k) == "" {
			break
		}
	}
	return ""
}

// colMap is a recognised column.
type colMap struct {
	c      int
	header string
	m      headerMatch
}

// records turns the grid into a Result.
func (g *grid) records(res *Result) error {
	h := g.findHeader()
	if h < 0 {
		return &FileError{File: g.file, Msg: msg.New(msg.ParseNoHeader)}
	}
	res.HeaderRow = g.rowNum(h)
	sub := g.isSubHeader(h)
	first := h + 1
	if sub {
		first = h + 2
	}
	var cols []colMap
	var ignored []Column
	seen := map[Field]bool{}
	width := g.width()
	for c := 0; c < width; c++ {
		parent := g.cell(h, c)
		header := parent
		var m headerMatch
		var ok bool
		if sub {
			child := g.cell(h+1, c)
			if child != "" && child != parent {
				p := g.parentText(h, c)
				header = p + "/" + child
				if p == "" {
					header = child
				}
				if vt, isVT := isValueTypeWord(child); isVT {
					_, unit := SplitHeaderUnit(p, g.units)
					pm, pok := matchHeader(p, g.units)
					if pok && pm.field != FieldValue {
						ok = false // e.g. 口径 over 当月: not a value column
					} else {
						m, ok = headerMatch{field: FieldValue, unit: unit, vt: vt}, true
					}
				} else if m, ok = matchHeader(p+child, g.units); !ok {
					m, ok = matchHeader(child, g.units)
					if ok && m.unit == "" {
						_, m.unit = SplitHeaderUnit(p, g.units)
					}
				}
			} else {
				m, ok = matchHeader(parent, g.units)
			}
		} else {
			m, ok = matchHeader(parent, g.units)
		}
		if header == "" {
			continue
		}
		col := Column{Col: g.colName(c), Header: header}
		if !ok {
			col.Reason = "无法识别的列名，已忽略"
			ignored = append(ignored, col)
			continue
		}
		cols = append(cols, colMap{c: c, header: header, m: m})
	}
	// Resolve a "单位" column by its content.
	hasOrg := false
	for _, cm := range cols {
		hasOrg = hasOrg || cm.m.field == FieldOrgUnit
	}
	for k, cm := range cols {
		if cm.m.field != fieldAmbiguousUnit {
			continue
		}
		var vals []string
		for i := first; i < len(g.rows); i++ {
			vals = append(vals, g.cell(i, cm.c))
		}
		cols[k].m.field = resolveUnitColumn(vals, hasOrg, g.units)
	}
	var kept []colMap
	for _, cm := range cols {
		col := Column{Col: g.colName(cm.c), Header: cm.header, Field: cm.m.field, Unit: cm.m.unit, ValueType: cm.m.vt}
		if cm.m.field != FieldValue && seen[cm.m.field] {
			col.Field, col.Reason = "", "与前面的“"+cm.m.field.Label()+"”列重复，已忽略"
			ignored = append(ignored, col)
			continue
		}
		seen[cm.m.field] = true
		kept = append(kept, cm)
		res.Columns = append(res.Columns, col)
	}
	res.Ignored = ignored
	if valueFromYoY(seen) {
		for k := range kept {
			if kept[k].m.field == FieldYoY {
				kept[k].m.field = FieldValue
			}
		}
		for k := range res.Columns {
			if res.Columns[k].Field == FieldYoY {
				res.Columns[k].Field = FieldValue
			}
		}
	}
	if err := requireColumns(g.file, seen); err != nil {
		return err
	}
	res.Records = growRecords(res.Records, len(g.rows)-first, kept)
	colNames := make([]string, len(kept)) // named once, not per cell
	for k, cm := range kept {
		colNames[k] = g.colName(cm.c)
	}
	for i := first; i < len(g.rows); i++ {
		base := Record{File: g.file, Format: g.format, Sheet: g.sheet, Row: g.rowNum(i)}
		// A row with neither a period nor any value is a section heading
		// ("一、稀土产业"), a footnote ("注：…") or blank: not data.
		blank := true
		for k, cm := range kept {
			txt := g.cell(i, cm.c)
			if g.text != nil {
				txt = strings.TrimSpace(g.text(i, cm.c, cm.m.field))
			}
			if txt != "" && (cm.m.field == FieldValue || cm.m.field == FieldPeriod) {
				blank = false
			}
			if cm.m.field != FieldValue {
				setField(&base, cm.m.field, Cell{Text: txt, Col: colNames[k], Header: cm.header})
			}
		}
		if blank {
			res.skipRow(g, i)
			continue
		}
		for k, cm := range kept { // a record per value column, in column order
			if cm.m.field != FieldValue {
				continue
			}
			r := base
			txt := g.cell(i, cm.c)
			if g.text != nil {
				txt = strings.TrimSpace(g.text(i, cm.c, FieldValue))
			}
			r.Value = Cell{Text: txt, Col: colNames[k], Header: cm.header}
			r.HeaderUnit, r.HeaderValueType = cm.m.unit, cm.m.vt
			res.Records = append(res.Records, r)
		}
	}
	if len(res.Records) == 0 {
		return &FileError{File: g.file, Msg: msg.New(msg.ParseNoDataRows, res.HeaderRow)}
	}
	return nil
}

// growRecords sizes recs for rows more data rows: every data row gives one
// record per value column, so the slice is sized once instead of growing
// (and copying) many times over.
func growRecords(recs []Record, rows int, kept []colMap) []Record {
	nv := 0
	for _, cm := range kept {
		if cm.m.field == FieldValue {
			nv++
		}
	}
	if rows <= 0 || nv == 0 {
		return recs
	}
	return slices.Grow(recs, rows*nv)
}

// resolveUnitColumn decides what a column headed "单位" holds (see the
// package documentation).
func resolveUnitColumn(vals []string, hasOrg bool, table domain.Units) Field {
	n, units := 0, 0
	for _, v := range vals {
		if strings.TrimSpace(v) == "" {
			continue
		}
		n++
		if table.Known(NormalizeUnit(v)) {
			units++
		}
	}
	if n == 0 {
		if hasOrg {
			return FieldUnit
		}
		return FieldOrgUnit
	}
	if 2*units >= n {
		return FieldUnit
	}
	return FieldOrgUnit
}

func setField(r *Record, f Field, c Cell) {
	switch f {
	case FieldIndicator:
		r.Indicator = c
	case FieldIndicatorName:
		r.IndicatorName = c
	case FieldOrgUnit:
		r.OrgUnit = c
	case FieldPeriod:
		r.Period = c
	case FieldValue:
		r.Value = c
	case FieldUnit:
		r.Unit = c
	case FieldValueType:
		r.ValueType = c
	case FieldNote:
		r.Note = c
	case FieldYoY:
		r.YoY = c
	}
}

// valueFromYoY makes a lone 同比/增速 column the value column when a file has
// no other: "指标, 期间, 增速" lists rate indicators, whose value is the
// growth itself.
func valueFromYoY(seen map[Field]bool) bool {
	if seen[FieldValue] || !seen[FieldYoY] {
		return false
	}
	seen[FieldValue], seen[FieldYoY] = true, false
	return true
}

// requireColumns fails when the period, value or indicator column is missing.
func requireColumns(file string, seen map[Field]bool) error {
	var missing []string
	if !seen[FieldIndicator] && !seen[FieldIndicatorName] {
		missing = append(missing, "指标（指标代码或指标名称）")
	}
	if !seen[FieldPeriod] {
		missing = append(missing, "期间")
	}
	if !seen[FieldValue] {
		missing = append(missing, "数值")
	}
	if len(missing) == 0 {
		return nil
	}
	return &FileError{File: file, Msg: msg.New(msg.ParseMissingColumns, strings.Join(missing, "、"))}
}
