package parse

import (
	"regexp"
	"strconv"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// PeriodForm says how a period was written, which decides its default 口径.
type PeriodForm int

// The period forms.
const (
	// FormMonth is one month: "2024-03", "202403", "2024年3月".
	FormMonth PeriodForm = iota + 1
	// FormRange is a span of months: "2024年1-3月", "2024年上半年", "2024年".
	FormRange
	// FormQuarter is a calendar quarter: "2024年一季度", "2024Q1".
	FormQuarter
)

// ParsedPeriod is a period cell read by ParsePeriod.
type ParsedPeriod struct {
	Period domain.Period
	Form   PeriodForm
}

// DefaultValueType is the 口径 a period implies when nothing else says: a
// range from January ("2024年1-5月", "上半年") is year-to-date (累计); a
// quarter, a range starting later, or a single month gives "" (undecided:
// the header, the 口径 column or the indicator's reporting decides).
func (p ParsedPeriod) DefaultValueType() domain.ValueType {
	if p.Form == FormRange && p.Period.From == 1 {
		return domain.ValueYTD
	}
	if p.Form == FormRange || p.Form == FormQuarter {
		return domain.ValuePeriod
	}
	return ""
}

const cnDigits = `[0-9一二三四五六七八九十]{1,3}`

var (
	reYMD      = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2})(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)?$`)
	reYYYYMM   = regexp.MustCompile(`^(\d{4})(\d{2})$`)
	reCNMonth  = regexp.MustCompile(`^(\d{4})年(` + cnDigits + `)月(?:份|末|底)?$`)
	reCNRange  = regexp.MustCompile(`^(\d{4})年(` + cnDigits + `)月?(?:-|—{1,2}|–|~|至|到|－|―)(` + cnDigits + `)月(?:份|末|底)?(?:累计)?$`)
	reCNQ      = regexp.MustCompile(`^(\d{4})年?第?([1-4一二三四])季度$`)
	reQ        = regexp.MustCompile(`^(\d{4})(?:年|-|/)?[Qq]([1-4])$`)
	reCNHalf   = regexp.MustCompile(`^(\d{4})年?(上半年|下半年|前三季度|全年)$`)
	reYearOnly = regexp.MustCompile(`^(\d{4})年?(?:全年)?$`)
)

// ParsePeriod reads the period forms people write: "2024-03", "2024/3",
// "2024.03", "202403", "2024-03-01", "2024年3月", "2024年1-3月" (also with —,
// ~, 至), "2024年一季度", "2024Q1", "2024年上半年", "2024年", and the canonical
// "2024-01~05". Errors are *msg.Error without a location.
func ParsePeriod(s string) (ParsedPeriod, error) {
	t := squeeze(narrow(s))
	if t == "" {
		return ParsedPeriod{}, msg.New(msg.ParseEmptyPeriod)
	}
	var (
		y, from, to int
		form        PeriodForm
		ok          bool
	)
	if yy, mm, fast := yearMonth(t); fast {
		// The canonical month (2024-03), as machine-written files have it
		// on every row: the same as reYMD gives, without the regexp.
		y, from, to, form, ok = yy, mm, mm, FormMonth, true
	} else if yy, f, l, fast := yearMonthRange(t); fast {
		// 2024年1-3月, as machine-written files give cumulative periods:
		// the same as reCNRange gives, without the regexp.
		y, from, to, form, ok = yy, f, l, FormRange, true
		if from == to {
			form = FormMonth
		}
	} else if m := reYMD.FindStringSubmatch(t); m != nil {
		y, from, ok = atoi(m[1]), atoi(m[2]), true
		if m[3] != "" {
			if d := atoi(m[3]); d < 1 || d > 31 {
				return ParsedPeriod{}, msg.New(msg.ParseBadPeriod, shorten(strings.TrimSpace(s)))
			}
		}
		to, form = from, FormMonth
	} else if m := reYYYYMM.FindStringSubmatch(t); m != nil {
		y, from, ok = atoi(m[1]), atoi(m[2]), true
		to, form = from, FormMonth
	} else if m := reCNMonth.FindStringSubmatch(t); m != nil {
		y, from = atoi(m[1]), cnNumber(m[2])
		to, form, ok = from, FormMonth, true
	} else if m := reCNRange.FindStringSubmatch(t); m != nil {
		y, from, to, form, ok = atoi(m[1]), cnNumber(m[2]), cnNumber(m[3]), FormRange, true
		if from == to {
			form = FormMonth
		}
	} else if m := reCNQ.FindStringSubmatch(t); m != nil {
		q := cnNumber(m[2])
		y, from, to, form, ok = atoi(m[1]), 3*q-2, 3*q, FormQuarter, true
	} else if m := reQ.FindStringSubmatch(t); m != nil {
		q := atoi(m[2])
		y, from, to, form, ok = atoi(m[1]), 3*q-2, 3*q, FormQuarter, true
	} else if m := reCNHalf.FindStringSubmatch(t); m != nil {
		y, form, ok = atoi(m[1]), FormRange, true
		switch m[2] {
		case "上半年":
			from, to = 1, 6
		case "下半年":
			from, to = 7, 12
		case "前三季度":
			from, to = 1, 9
		default:
			from, to = 1, 12
		}
	} else if m := reYearOnly.FindStringSubmatch(t); m != nil {
		y, from, to, form, ok = atoi(m[1]), 1, 12, FormRange, true
	} else if p, err := domain.ParsePeriodKey(t); err == nil {
		y, from, to, ok = p.Year, p.From, p.To, true
		form = FormRange
		if from == to {
			form = FormMonth
		}
	}
	if !ok {
		return ParsedPeriod{}, msg.New(msg.ParseBadPeriod, shorten(strings.TrimSpace(s)))
	}
	p := domain.Period{Year: y, From: from, To: to}
	if from < 1 || from > 12 || to < 1 || to > 12 {
		return ParsedPeriod{}, msg.New(msg.ParsePeriodMonth, shorten(strings.TrimSpace(s)))
	}
	if from > to {
		return ParsedPeriod{}, msg.New(msg.ParsePeriodOrder, shorten(strings.TrimSpace(s)))
	}
	if !p.Valid() {
		return ParsedPeriod{}, msg.New(msg.ParsePeriodYear, shorten(strings.TrimSpace(s)))
	}
	return ParsedPeriod{Period: p, Form: form}, nil
}

// yearMonth reads "2024-03" or "2024-3" (four digits, a hyphen, one or two
// digits).
func yearMonth(t string) (y, m int, ok bool) {
	if (len(t) != 6 && len(t) != 7) || t[4] != '-' {
		return 0, 0, false
	}
	for i := 0; i < len(t); i++ {
		if i != 4 && (t[i] < '0' || t[i] > '9') {
			return 0, 0, false
		}
	}
	return atoi(t[:4]), atoi(t[5:]), true
}

// yearMonthRange reads "2024年1-3月" (four digits, 年, one or two digits, a
// hyphen, one or two digits, 月).
func yearMonthRange(t string) (y, from, to int, ok bool) {
	const nian, yue = "年", "月"
	if len(t) < 4+len(nian)+3+len(yue) || !strings.HasPrefix(t[4:], nian) || !strings.HasSuffix(t, yue) {
		return 0, 0, 0, false
	}
	for i := 0; i < 4; i++ {
		if t[i] < '0' || t[i] > '9' {
			return 0, 0, 0, false
		}
	}
	a, b, found := strings.Cut(t[4+len(nian):len(t)-len(yue)], "-")
	if !found || !oneOrTwoDigits(a) || !oneOrTwoDigits(b) {
		return 0, 0, 0, false
	}
	return atoi(t[:4]), atoi(a), atoi(b), true
}

func oneOrTwoDigits(s string) bool {
	if len(s) < 1 || len(s) > 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// cnNumber reads 1..99 written in Arabic or Chinese numerals (三, 十二, 十); -1 when invalid.
func cnNumber(s string) int {
	if s == "" {
		return -1
	}
	if s[0] >= '0' && s[0] <= '9' {
		return atoi(s)
	}
	val := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		if v, ok := val[r[0]]; ok {
			return v
		}
	case len(r) == 2 && r[0] == '十':
		if v, ok := val[r[1]]; ok {
			return 10 + v
		}
	case len(r) == 2 && r[1] == '十':
		if v, ok := val[r[0]]; ok {
			return 10 * v
		}
	case len(r) == 3 && r[1] == '十':
		a, ok1 := val[r[0]]
		b, ok2 := val[r[2]]
		if ok1 && ok2 {
			return 10*a + b
		}
	}
	return -1
}
