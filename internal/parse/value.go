package parse

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// Number is a parsed value cell.
type Number struct {
	// Value is the number as written (not converted to any unit).
	Value float64
	// Unit is the unit written after the number ("123.4万元" → "万元",
	// "15%" → "%"), normalised by NormalizeUnit; empty when none.
	Unit string
	// Missing reports a cell that deliberately holds no value: blank, "—",
	// "-", "－", "/", "N/A" …. Missing cells are not errors; the row is skipped.
	Missing bool
}

// missingMarks are the cell texts (after width narrowing, lower-cased) that
// statistical tables use for "no data".
var missingMarks = map[string]bool{
	"": true, "-": true, "--": true, "---": true, "—": true, "——": true, "–": true,
	"/": true, "\\": true, "n/a": true, "na": true, "#n/a": true, "null": true, "nil": true,
	"无": true, "空": true, "…": true, "……": true, "×": true, "*": true,
}

// narrow maps full-width ASCII (１２３．４, －, ，, ％, （）) to half width, the
// ideographic space and no-break space to a space, and the minus sign (U+2212)
// and small hyphen-minus (U+FE63) to '-'. Invalid UTF-8 becomes U+FFFD, so
// that dropping spaces later cannot glue stray bytes into new characters.
func narrow(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	needs := false
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 || r == 0xA0 || r == 0x2212 || r == 0xFE63 {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000 || r == 0xA0:
			r = ' '
		case r == 0x2212 || r == 0xFE63:
			r = '-'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsMissing reports whether a cell's text marks a missing value.
func IsMissing(s string) bool {
	return missingMarks[strings.ToLower(strings.TrimSpace(narrow(s)))]
}

// ParseNumber reads a value cell: an optional sign, digits with optional
// thousands separators ("1,234.5", "1，234.5"), an optional fraction and
// exponent, full-width digits allowed, and an optional trailing unit of
// measure ("123.4万元", "15%"). Missing marks give Number{Missing: true} and
// no error. Errors are *msg.Error without a location; the caller adds
// the file, row and column.
func ParseNumber(s string, units domain.Units) (Number, error) {
	t := strings.TrimSpace(narrow(s))
	if v, ok := plainDecimal(t); ok {
		return Number{Value: v}, nil // what machine-written files hold: read as below, without the copy
	}
	if missingMarks[strings.ToLower(t)] {
		return Number{Missing: true}, nil
	}
	quoted := shorten(strings.TrimSpace(s))
	bad := msg.New(msg.ParseBadNumber, quoted)

	i := 0
	var num strings.Builder
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		if t[i] == '-' {
			num.WriteByte('-')
		}
		i++
	}
	intStart := i
	digits, groups, groupLen := 0, 0, 0
	for i < len(t) {
		c := t[i]
		if c >= '0' && c <= '9' {
			num.WriteByte(c)
			digits++
			groupLen++
			i++
			continue
		}
		if c == ',' && digits > 0 && i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9' {
			if groups == 0 && groupLen > 3 || groups > 0 && groupLen != 3 {
				return Number{}, msg.New(msg.ParseBadGrouping, quoted)
			}
			groups++
			groupLen = 0
			i++
			continue
		}
		break
	}
	if groups > 0 && groupLen != 3 {
		return Number{}, msg.New(msg.ParseBadGrouping, quoted)
	}
	if i < len(t) && t[i] == '.' {
		num.WriteByte('.')
		i++
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			num.WriteByte(t[i])
			digits++
			i++
		}
	}
	if digits == 0 || i == intStart {
		return Number{}, bad
	}
	// Exponent, as raw spreadsheet values write large numbers: 4.52E+06.
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		j := i + 1
		if j < len(t) && (t[j] == '+' || t[j] == '-') {
			j++
		}
		k := j
		for k < len(t) && t[k] >= '0' && t[k] <= '9' {
			k++
		}
		if k > j {
			num.WriteString(t[i:k])
			i = k
		}
	}
	v, err := strconv.ParseFloat(num.String(), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return Number{}, bad
	}
	rest := strings.TrimSpace(t[i:])
	if rest == "" {
		return Number{Value: v}, nil
	}
	u := NormalizeUnit(rest)
	if !units.Known(u) {
		return Number{}, msg.New(msg.ParseBadNumberUnit, quoted, shorten(rest))
	}
	return Number{Value: v, Unit: u}, nil
}

// plainDecimal reads t when it is only an optional minus sign, digits and
// at most one decimal point (at least one digit): the same value the full
// reading of ParseNumber gives, which copies exactly these characters.
func plainDecimal(t string) (float64, bool) {
	i, digits, dots := 0, 0, 0
	if i < len(t) && t[i] == '-' {
		i++
	}
	for ; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && dots == 0:
			dots++
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	return v, err == nil
}

// unitAliases maps spellings people type to the catalogue's unit names.
var unitAliases = map[string]string{
	"t": "吨", "万t": "万吨", "百分比": "%", "百分数": "%", "kwh": "千瓦时", "万kwh": "万千瓦时",
	"亿kwh": "亿千瓦时", "kw": "千瓦", "万kw": "万千瓦", "gw": "GW", "mw": "MW", "m³": "立方米",
	"m3": "立方米", "万m³": "万立方米", "万m3": "万立方米", "tce": "吨标煤", "万tce": "万吨标煤",
	"万吨标准煤": "万吨标煤", "吨标准煤": "吨标煤", "㎡": "平方米", "m2": "平方米", "万㎡": "万平方米",
	"万m2": "万平方米", "kva": "千伏安", "万kva": "万千伏安",
}

// NormalizeUnit tidies a unit as written: full-width characters narrowed,
// spaces removed, surrounding brackets and a "单位：" prefix dropped, and
// common spellings mapped to the catalogue's names (t → 吨, 万tce → 万吨标煤).
// It does not check that the result is known; see domain.Units.Known.
func NormalizeUnit(s string) string {
	s = squeeze(narrow(s))
	for {
		trimmed := false
		for _, p := range [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}, {"〔", "〕"}} {
			if len(s) >= len(p[0])+len(p[1]) && strings.HasPrefix(s, p[0]) && strings.HasSuffix(s, p[1]) {
				s = s[len(p[0]) : len(s)-len(p[1])]
				trimmed = true
			}
		}
		for _, p := range []string{"单位:", "单位："} {
			if strings.HasPrefix(s, p) {
				s = s[len(p):]
				trimmed = true
			}
		}
		if !trimmed {
			break
		}
	}
	if a, ok := unitAliases[strings.ToLower(s)]; ok {
		return a
	}
	return s
}

// SplitHeaderUnit separates a unit of measure written in a header:
// "数值（万元）" → ("数值", "万元"), "产值(亿元)" → ("产值", "亿元"),
// "数值（单位：万元）" → ("数值", "万元"). When the bracket does not hold a
// known unit the header is returned whole and unit is empty.
func SplitHeaderUnit(h string, units domain.Units) (name, unit string) {
	n := strings.TrimSpace(narrow(h))
	if !strings.HasSuffix(n, ")") && !strings.HasSuffix(n, "]") && !strings.HasSuffix(n, "】") {
		return n, ""
	}
	open := strings.LastIndexAny(n, "([【")
	if open < 0 {
		return n, ""
	}
	u := NormalizeUnit(n[open:])
	if !units.Known(u) {
		return n, ""
	}
	return strings.TrimSpace(n[:open]), u
}

// ParseValueType reads a 口径 cell: 当月/本月/当期/period → domain.ValuePeriod,
// 累计/本年累计/ytd → domain.ValueYTD; a stock's 期末数 (the level at the
// month's end, as the form and its template call it) is the month's own
// figure, domain.ValuePeriod. A blank cell gives "" and no error.
func ParseValueType(s string) (domain.ValueType, error) {
	t := strings.ToLower(squeeze(narrow(s)))
	switch t {
	case "":
		return "", nil
	case "当月", "本月", "当期", "本期", "当月值", "本月值", "当月数", "本月数", "月度", "period", "month", "monthly",
		"期末数", "期末", "期末值", "月末数":
		return domain.ValuePeriod, nil
	case "累计", "本年累计", "年累计", "累计值", "累计数", "本年累计值", "自年初累计", "ytd", "cumulative":
		return domain.ValueYTD, nil
	}
	return "", msg.New(msg.ParseBadValueType, shorten(strings.TrimSpace(s)))
}

// squeeze removes every white space (what strings.Fields splits at) from
// s: strings.Join(strings.Fields(s), ""), without allocating when s has
// none, as most cells have not.
func squeeze(s string) string {
	for _, r := range s {
		if unicode.IsSpace(r) {
			return strings.Join(strings.Fields(s), "")
		}
	}
	return s
}

// shorten cuts very long cell texts quoted in messages.
func shorten(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// Narrow maps full-width ASCII to half width, as header and name matching
// do (１２３ → 123, （ → (, the ideographic space → a space).
func Narrow(s string) string { return narrow(s) }
