package extract

import (
	"strings"
)

// A plan's table of main indicators ("主要指标表") gives each indicator a
// row: its name, its unit, last year's figure and the plan year's target,
// the cells split by tabs or |. Read cell by cell, a target has no unit
// beside its number ("6.5左右" under "%"); tableParagraphs writes each row
// back as the sentence it stands for ("地区生产总值增速达到6.5%左右"), with the
// offsets of the cells, so that the rules for sentences apply.

// targetHeads name a table's target column ("2025年目标", "计划"); unitHeads
// its unit column.
var (
	targetHeads = []string{"目标", "计划"}
	unitHeads   = []string{"单位", "计量单位"}
	// pastHeads name a column of results ("2024年完成", "预计"), never the target.
	pastHeads = []string{"完成", "实绩", "实际", "预计", "执行"}
)

// cell is one table cell: its runes normalised, with their offsets.
type cell struct{ span }

// tableParagraphs finds the tables of text and returns a paragraph per row
// that states a target.
func tableParagraphs(text string, units []string) []paragraph {
	var out []paragraph
	target, unitCol, width := -1, -1, 0
	var title span
	for _, row := range rawRows(text) {
		if len(row) < 2 {
			if len(row) == 1 && len(row[0].r) > 0 {
				title = row[0].span
			}
			target, width = -1, 0
			continue
		}
		if t, u, ok := header(row); ok {
			target, unitCol, width = t, u, len(row)
			continue
		}
		if target < 0 || len(row) != width {
			continue
		}
		if p, ok := rowParagraph(row, target, unitCol, units); ok {
			p.section, p.written = title.String(), title.String()
			out = append(out, p)
		}
	}
	return out
}

// header reports whether row is a table's header and which columns hold
// the target and the unit (-1: none).
func header(row []cell) (target, unit int, ok bool) {
	target, unit = -1, -1
	for i, c := range row {
		s := c.String()
		if len(c.r) > 0 && isDigit(c.r[0]) && !yearPattern.MatchString(s) {
			return -1, -1, false // a row of figures
		}
		switch {
		case containsWord(unitHeads, s):
			unit = i
		case containsAny(s, targetHeads) && !containsAny(s, pastHeads):
			if target < 0 || strings.Contains(s, "目标") {
				target = i
			}
		}
	}
	return target, unit, target > 0
}

// rowParagraph writes a row as a sentence: the name (its unit in brackets
// taken out), 达到, the target's number, the unit and what follows the
// number (左右, 以上).
func rowParagraph(row []cell, target, unitCol int, units []string) (paragraph, bool) {
	name := row[0].span
	var unit span
	if unitCol >= 0 && unitCol < len(row) {
		unit = row[unitCol].span
	}
	if i := strings.IndexAny(name.String(), "（("); i > 0 && unit.String() == "" {
		k := len([]rune(name.String()[:i]))
		if end := strings.IndexAny(name.String(), "）)"); end > i {
			unit = name.slice(k+1, len([]rune(name.String()[:end])))
		}
		name = name.slice(0, k)
	}
	v := row[target].span
	n := 0
	for n < len(v.r) && (isDigit(v.r[n]) || v.r[n] == '.' || v.r[n] == '-' || v.r[n] == '—') {
		n++
	}
	if n == 0 || len(name.r) == 0 || unitAt(unit.r, 0, units) != unit.String() {
		return paragraph{}, false
	}
	var sp span
	add := func(s span) {
		sp.r = append(sp.r, s.r...)
		sp.off = append(sp.off, s.off...)
	}
	add(name)
	verb := []rune("达到")
	add(span{verb, []int{v.off[0], v.off[0]}})
	add(v.slice(0, n))
	add(unit)
	add(v.slice(n, len(v.r)))
	add(span{[]rune("。"), []int{v.off[len(v.off)-1]}})
	return paragraph{span: sp}, true
}

// rawRows splits text into lines and each line into its cells (at tabs or
// |), normalised; a line without a separator is one cell.
func rawRows(text string) [][]cell {
	var rows [][]cell
	var row []cell
	var cur span
	endCell := func() {
		s := strings.TrimSpace(cur.String())
		if s != "" || len(row) > 0 {
			row = append(row, cell{trimSpan(cur)})
		}
		cur = span{}
	}
	endRow := func() {
		endCell()
		if len(row) > 0 && row[len(row)-1].String() == "" {
			row = row[:len(row)-1] // "| a | b |"
		}
		rows = append(rows, row)
		row = nil
	}
	for i, r := range []rune(text) {
		switch r {
		case '\t', '|', '｜':
			endCell()
		case '\n', '\r':
			endRow()
		default:
			if n := normalizeRune(r); n != 0 && r != ' ' && r != '\u3000' {
				cur.r = append(cur.r, n)
				cur.off = append(cur.off, i)
			}
		}
	}
	endRow()
	return rows
}

func trimSpan(s span) span {
	i, j := 0, len(s.r)
	for i < j && (s.r[i] == ' ' || s.r[i] == '\u3000') {
		i++
	}
	for j > i && (s.r[j-1] == ' ' || s.r[j-1] == '\u3000') {
		j--
	}
	return s.slice(i, j)
}
