package web

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
)

// viewForm is the query every view accepts: ?year=2024&period=2024-05
// (or period=5), &asof=2024-06-10T08:00:00Z, &pending=1.
type viewForm struct {
	Year    int
	Month   int
	AsOf    time.Time
	Pending bool
}

func parseViewForm(c *fiber.Ctx) (viewForm, error) {
	var f viewForm
	if y := strings.TrimSpace(c.Query("year")); y != "" {
		v, err := strconv.Atoi(y)
		if err != nil || v < 2000 || v > 2100 {
			return f, badRequest(msg.WebBadYearParam, y)
		}
		f.Year = v
	}
	if p := strings.TrimSpace(c.Query("period")); p != "" {
		if m, err := strconv.Atoi(p); err == nil {
			if m < 1 || m > 12 {
				return f, badRequest(msg.WebBadPeriodMonth, p)
			}
			f.Month = m
		} else {
			per, err := domain.ParsePeriodKey(p)
			if err != nil {
				return f, badRequest(msg.WebBadPeriodParam, p)
			}
			if f.Year != 0 && f.Year != per.Year {
				return f, badRequest(msg.WebYearPeriodMismatch, f.Year, p)
			}
			f.Year, f.Month = per.Year, per.To
		}
	}
	if a := strings.TrimSpace(c.Query("asof")); a != "" {
		t, err := parseTime(a)
		if err != nil {
			return f, badRequest(msg.WebBadAsOfParam, a)
		}
		f.AsOf = t
	}
	switch c.Query("pending") {
	case "1", "true", "on":
		f.Pending = true
	}
	return f, nil
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, domain.Beijing); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errors.New("bad time")
}

func (f viewForm) query() monitor.Query {
	return monitor.Query{Year: f.Year, Month: f.Month, AsOf: f.AsOf, IncludePending: f.Pending}
}

// qs renders the resolved query for links that keep the user's selection.
func qs(q monitor.Query) string {
	v := url.Values{}
	if q.Year > 0 {
		v.Set("year", strconv.Itoa(q.Year))
	}
	if q.Month > 0 {
		v.Set("period", fmt.Sprintf("%04d-%02d", q.Year, q.Month))
	}
	if !q.AsOf.IsZero() {
		v.Set("asof", q.AsOf.Format(time.RFC3339))
	}
	if q.IncludePending {
		v.Set("pending", "1")
	}
	return v.Encode()
}

// withParam adds key=value to an encoded query string.
func withParam(qs, key, value string) string {
	v, _ := url.ParseQuery(qs)
	v.Set(key, value)
	return v.Encode()
}
