package extract

import (
	"strconv"
	"strings"
)

// quantity is a number with its unit as written, found in a sentence.
type quantity struct {
	start, end int // runes of the number and unit, [start,end)
	after      int // end of a comparator word right after the unit (以上), else end
	value      float64
	high       *float64 // a range's upper bound
	unit       string
	afterWord  string // the comparator word after the unit, if any
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isChineseNumeral(r rune) bool {
	if _, ok := chineseDigits[r]; ok {
		return true
	}
	_, ok := chineseScales[r]
	return ok
}

// parseChinese reads a Chinese numeral ("三百二十", "两", "十五", "千").
func parseChinese(s []rune) (float64, bool) {
	var total, section, digit float64
	seenDigitOrSmallScale := false
	for _, r := range s {
		if d, ok := chineseDigits[r]; ok {
			digit = d
			seenDigitOrSmallScale = true
			continue
		}
		sc := chineseScales[r]
		switch {
		case sc >= 1e4:
			section += digit
			if section == 0 {
				section = 1
			}
			total += section * sc
			section, digit = 0, 0
		default:
			if digit == 0 {
				digit = 1
			}
			section += digit * sc
			digit = 0
			seenDigitOrSmallScale = true
		}
	}
	return total + section + digit, seenDigitOrSmallScale
}

// numberAt reads an Arabic or Chinese number starting at i and returns its
// value and the end. A Chinese run that is only 万/亿 is no number ("亿元以上").
func numberAt(r []rune, i int, units []string) (float64, int, bool) {
	if i >= len(r) {
		return 0, i, false
	}
	if isDigit(r[i]) {
		j := i
		var b strings.Builder
		for j < len(r) {
			switch {
			case isDigit(r[j]):
				b.WriteRune(r[j])
			case r[j] == '.' && j+1 < len(r) && isDigit(r[j+1]) && !strings.Contains(b.String(), "."):
				b.WriteRune('.')
			case r[j] == ',' && j+1 < len(r) && isDigit(r[j+1]):
				// thousands separator
			default:
				goto done
			}
			j++
		}
	done:
		v, err := strconv.ParseFloat(b.String(), 64)
		return v, j, err == nil
	}
	if !isChineseNumeral(r[i]) {
		return 0, i, false
	}
	j := i
	for j < len(r) && isChineseNumeral(r[j]) {
		j++
	}
	// Give back trailing 万/亿 when they start a longer unit (千亿元 = 千 + 亿元).
	best, bestLen := j, len([]rune(unitAt(r, j, units)))
	for k := j; k-1 > i && (r[k-1] == '万' || r[k-1] == '亿'); k-- {
		if n := len([]rune(unitAt(r, k-1, units))); n > bestLen {
			best, bestLen = k-1, n
		}
	}
	j = best
	v, ok := parseChinese(r[i:j])
	return v, j, ok
}

// unitAt returns the longest of units (sorted longest first) starting at i.
func unitAt(r []rune, i int, units []string) string {
	for _, u := range units {
		if hasPrefixAt(r, i, u) {
			return u
		}
	}
	return ""
}

// unitList is the written units plus the catalogue's own, longest first, so
// that a new indicator's unit is recognised without a code change.
func unitList(extra []string) []string {
	seen := map[string]bool{}
	var all []string
	for _, u := range append(append([]string{}, writtenUnits...), extra...) {
		u = strings.TrimSpace(u)
		if u != "" && !seen[u] && u != "阶段" {
			all = append(all, u)
			seen[u] = true
		}
	}
	return sortedByLength(all)
}

// quantities finds every number with a unit in r. Numbers nested in quotes or
// brackets, ordinals (第二批) and years (2024年, no unit) are left out.
func quantities(r []rune, d []int, units []string) []quantity {
	var out []quantity
	afterWords := sortedByLength(append(append(append(append([]string{}, approxAfter...), atMostAfter...), atLeastAfter...), rangeAfter...))
	vague := make([]bool, len(r)+1)
	for i := range r {
		for _, w := range vagueWords {
			if hasPrefixAt(r, i, w) {
				for k := i; k < i+len([]rune(w)); k++ {
					vague[k] = true
				}
			}
		}
	}
	for i := 0; i < len(r); i++ {
		if vague[i] {
			continue
		}
		if i > 0 && (isDigit(r[i-1]) || r[i-1] == '.' || isChineseNumeral(r[i-1]) && isChineseNumeral(r[i])) {
			continue
		}
		// 百分之十五 / 百分之3.5: a percentage written out.
		if hasPrefixAt(r, i, percentWord) && d[i] == 0 {
			k := i + len([]rune(percentWord))
			if v, j, ok := numberAt(r, k, nil); ok && j > k {
				q := quantity{start: i, end: j, after: j, value: v, unit: "%"}
				for _, w := range afterWords {
					if hasPrefixAt(r, j, w) {
						q.afterWord, q.after = w, j+len([]rune(w))
						break
					}
				}
				out = append(out, q)
				i = q.after - 1
				continue
			}
		}
		v, j, ok := numberAt(r, i, units)
		if !ok || j == i {
			continue
		}
		if i > 0 && (r[i-1] == '第' || isASCIIAlnum(r[i-1]) && !isDigit(r[i-1])) {
			i = j - 1
			continue
		}
		if !isDigit(r[i]) && vagueChinese(r, i, j) {
			i = j - 1
			continue
		}
		v, j = scaleArabic(r, j, v, units)
		q := quantity{start: i, value: v}
		// A range: 1-2个, 3—5个, 7-10MW.
		for _, sep := range rangeSeparators {
			if hasPrefixAt(r, j, sep) {
				k := j + len([]rune(sep))
				if hv, kj, ok := numberAt(r, k, units); ok && kj > k && hv > v {
					if unitAt(r, kj, units) != "" || strings.ContainsRune("万亿", safeRune(r, kj)) {
						h := hv
						q.high = &h
						j = kj
					}
				}
				break
			}
		}
		u := unitAt(r, j, units)
		if u == "" {
			for _, m := range multiplierUnits {
				if hasPrefixAt(r, j, m) {
					u = m
				}
			}
		}
		if u == "" {
			i = j - 1
			continue
		}
		if d[i] > 0 || !isDigit(r[i]) && containsWord(chineseExcludedUnits, u) {
			i = j - 1
			continue
		}
		q.unit = u
		q.end = j + len([]rune(u))
		// A range with the unit on both ends: 5%—6%, 6%-7%.
		if q.high == nil {
			for _, sep := range rangeSeparators {
				k := q.end + len([]rune(sep))
				if !hasPrefixAt(r, q.end, sep) {
					continue
				}
				if hv, kj, ok := numberAt(r, k, units); ok && kj > k && hv > v && unitAt(r, kj, units) == u {
					h := hv
					q.high = &h
					q.end = kj + len([]rune(u))
				}
				break
			}
		}
		q.after = q.end
		for _, w := range afterWords {
			if hasPrefixAt(r, q.end, w) {
				q.afterWord = w
				q.after = q.end + len([]rune(w))
				break
			}
		}
		out = append(out, q)
		i = q.end - 1
	}
	return out
}

// scaleArabic reads a Chinese scale after an Arabic number at j ("1.2万亿元"
// is 12000亿元, "1千亿元" 1000亿元) when a unit or 万/亿 follows it, and
// returns the scaled value and the end; a unit starting at j (千瓦) is left.
func scaleArabic(r []rune, j int, v float64, units []string) (float64, int) {
	if j >= len(r) || !isDigit(r[j-1]) || unitAt(r, j, units) != "" && r[j] != '万' {
		return v, j
	}
	switch sc := chineseScales[r[j]]; {
	case sc == 1e4 && safeRune(r, j+1) == '亿':
		return v * 1e4, j + 1
	case sc >= 10 && sc < 1e4 && (unitAt(r, j+1, units) != "" || safeRune(r, j+1) == '万' || safeRune(r, j+1) == '亿'):
		return v * sc, j + 1
	}
	return v, j
}

func safeRune(r []rune, i int) rune {
	if i < 0 || i >= len(r) {
		return 0
	}
	return r[i]
}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// vagueChinese reports whether the Chinese numeral r[i:j] is an estimate
// (数十, 几百, 上千) or a lone 一 that names one thing rather than counts.
func vagueChinese(r []rune, i, j int) bool {
	if i > 0 {
		for _, v := range vagueBefore {
			if r[i-1] == v {
				return true
			}
		}
	}
	if j < len(r) && (r[j] == '几' || r[j] == '多' || r[j] == '数') {
		return true // 十几家, 十多个
	}
	if j-i == 1 && r[i] == '一' {
		for _, w := range singleCountSignals {
			if hasSuffixAt(r, i, w) {
				return false
			}
		}
		return true
	}
	return false
}
