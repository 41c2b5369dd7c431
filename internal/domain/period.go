package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// Period is a span of whole months within one year: a month (From == To), the
// combined 1-2月 the statistics bureau publishes (1..2), a quarter, a
// year-to-date range (1..m) or the whole year (1..12).
type Period struct {
	Year int `json:"year"`
	From int `json:"from"`
	To   int `json:"to"`
}

// Month returns the one-month period m of year y.
func Month(y, m int) Period { return Period{Year: y, From: m, To: m} }

// YTD returns the period from January to month m of year y.
func YTD(y, m int) Period { return Period{Year: y, From: 1, To: m} }

// Quarter returns quarter q (1..4) of year y.
func Quarter(y, q int) Period { return Period{Year: y, From: 3*q - 2, To: 3 * q} }

// Valid reports whether the period lies within one year in month order.
func (p Period) Valid() bool {
	return p.Year >= 1900 && p.Year <= 2200 && p.From >= 1 && p.To <= 12 && p.From <= p.To
}

// Months is the number of months the period covers.
func (p Period) Months() int { return p.To - p.From + 1 }

// IsMonth reports whether the period is exactly one month.
func (p Period) IsMonth() bool { return p.From == p.To }

// IsZero reports whether p is the zero value.
func (p Period) IsZero() bool { return p == Period{} }

// Before reports whether p ends before q ends (ties broken by start).
func (p Period) Before(q Period) bool {
	if p.Year != q.Year {
		return p.Year < q.Year
	}
	if p.To != q.To {
		return p.To < q.To
	}
	return p.From < q.From
}

// String renders the canonical form: "2024-03" for a month, "2024-01~05" for a
// span. ParsePeriodKey reads it back.
func (p Period) String() string {
	if p.From == p.To {
		return fmt.Sprintf("%04d-%02d", p.Year, p.To)
	}
	return fmt.Sprintf("%04d-%02d~%02d", p.Year, p.From, p.To)
}

// Label renders the period the way a briefing writes it: "2024年3月", "2024年1—5月";
// a year with no month of data yet reads "2025年（暂无数据）", never "1—0月".
func (p Period) Label() string {
	if p.To <= 0 { // a year with no month yet
		return fmt.Sprintf("%d年（暂无数据）", p.Year)
	}
	if p.From == p.To {
		return fmt.Sprintf("%d年%d月", p.Year, p.To)
	}
	return fmt.Sprintf("%d年%d—%d月", p.Year, p.From, p.To)
}

// ShortLabel is Label without the year: "3月", "1—5月".
func (p Period) ShortLabel() string {
	if p.To <= 0 {
		return "本年（暂无数据）"
	}
	if p.From == p.To {
		return fmt.Sprintf("%d月", p.To)
	}
	return fmt.Sprintf("%d—%d月", p.From, p.To)
}

// ParsePeriodKey parses the canonical forms String produces ("2024-03",
// "2024-01~05"). User-typed forms ("2024年1-3月", "202403") are the ingest
// package's business.
func ParsePeriodKey(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := NewError("domain.BadPeriodText", s)
	if len(s) < 7 || s[4] != '-' {
		return Period{}, bad
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		return Period{}, bad
	}
	rest := s[5:]
	from, to := rest, rest
	if i := strings.IndexByte(rest, '~'); i >= 0 {
		from, to = rest[:i], rest[i+1:]
	}
	f, err1 := strconv.Atoi(from)
	t, err2 := strconv.Atoi(to)
	if err1 != nil || err2 != nil {
		return Period{}, bad
	}
	p := Period{Year: y, From: f, To: t}
	if !p.Valid() {
		return Period{}, bad
	}
	return p, nil
}
