package review

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Form is a unit's report for one month, ready to show: each line with the
// figure entered (or approved), last month's value and the same month last
// year beside it.
type Form struct {
	Unit       domain.OrgUnit          `json:"unit"`
	Month      domain.Period           `json:"month"`
	Name       string                  `json:"name"`
	Due        string                  `json:"due"`
	Submission *store.Submission       `json:"submission,omitempty"`
	Events     []store.SubmissionEvent `json:"events"`
	Lines      []Line                  `json:"lines"`
}

// Status is the submission's status ("" when nothing was saved).
func (f *Form) Status() string {
	if f.Submission == nil {
		return ""
	}
	return f.Submission.Status
}

// Line is one indicator of the form.
type Line struct {
	Indicator domain.Indicator `json:"indicator"`
	ValueType domain.ValueType `json:"value_type"`
	Period    domain.Period    `json:"period"`
	// Value and Note are what the form shows in its fields: the draft or
	// submitted figure, else the approved one.
	Value string `json:"value"`
	Note  string `json:"note"`
	// Approved is the current approved value of this month.
	Approved *float64 `json:"approved"`
	// LastMonth is the previous month's approved value (same 口径), LastYear
	// the same month last year; nil when unknown.
	LastMonth      *float64 `json:"last_month"`
	LastMonthLabel string   `json:"last_month_label"`
	LastYear       *float64 `json:"last_year"`
	LastYearLabel  string   `json:"last_year_label"`
	// Errors and Warnings are the validation messages of this line.
	Errors   []string `json:"errors,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

func linePeriod(month domain.Period, vt domain.ValueType) domain.Period {
	if vt == domain.ValueYTD {
		return domain.YTD(month.Year, month.To)
	}
	return month
}

// Form builds unit's form for month.
func (s *Service) Form(ctx context.Context, unitCode string, month domain.Period) (*Form, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	u, err := s.unit(c, unitCode)
	if err != nil {
		return nil, err
	}
	if !month.Valid() || !month.IsMonth() {
		return nil, inputErr(msg.ReviewBadPeriod)
	}
	lines := s.lines(u)
	f := &Form{Unit: u, Month: month, Name: s.formOf(u).Name, Due: s.Due(u, month).Format("2006年1月2日")}
	sub, err := s.st.SubmissionByID(ctx, SubmissionID(u.Code, month))
	switch {
	case err == nil:
		f.Submission = &sub
		if f.Events, err = s.st.SubmissionEvents(ctx, sub.ID); err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
	case !errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("read submission: %w", err)
	}
	codes := make([]string, len(lines))
	for i, l := range lines {
		codes[i] = l.Indicator
	}
	obs, err := s.st.CurrentObservations(ctx, store.ObsFilter{Indicators: codes, OrgUnits: []string{u.Code}, Years: []int{month.Year - 1, month.Year}})
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	cur := map[domain.ObsKey]domain.Observation{}
	for _, o := range obs {
		cur[o.Key()] = o
	}
	drafts := map[string]domain.Observation{}
	if f.Submission != nil {
		for _, o := range f.Submission.Values {
			drafts[o.Indicator] = o
		}
	}
	for _, l := range lines {
		ind := c.inds[l.Indicator]
		p := linePeriod(month, l.ValueType)
		ln := Line{Indicator: ind, ValueType: l.ValueType, Period: p}
		key := domain.ObsKey{Indicator: ind.Code, OrgUnit: u.Code, Period: p, ValueType: l.ValueType}
		if o, ok := cur[key]; ok {
			v := o.Value
			ln.Approved = &v
			ln.Value, ln.Note = fmtValue(v), o.Note
		}
		if d, ok := drafts[ind.Code]; ok {
			ln.Value, ln.Note = strconv.FormatFloat(d.SubmittedValue, 'f', -1, 64), d.Note
			if d.SubmittedUnit != "" && d.SubmittedUnit != ind.Unit {
				ln.Value = fmtValue(d.Value)
			}
		}
		if prev, ok := previousMonth(month, l.ValueType); ok {
			k := key
			k.Period = prev
			ln.LastMonthLabel = prev.Label()
			if o, ok := cur[k]; ok {
				v := o.Value
				ln.LastMonth = &v
			}
		}
		k := key
		k.Period.Year--
		ln.LastYearLabel = k.Period.Label()
		if o, ok := cur[k]; ok {
			v := o.Value
			ln.LastYear = &v
		}
		f.Lines = append(f.Lines, ln)
	}
	return f, nil
}

// previousMonth is the period before month in the same 口径: 1—9月 before
// 1—10月 for 累计 (none before January), September before October for 当月.
func previousMonth(month domain.Period, vt domain.ValueType) (domain.Period, bool) {
	if vt == domain.ValueYTD {
		if month.To == 1 {
			return domain.Period{}, false
		}
		return domain.YTD(month.Year, month.To-1), true
	}
	if month.To == 1 {
		return domain.Month(month.Year-1, 12), true
	}
	return domain.Month(month.Year, month.To-1), true
}

func fmtValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Apply puts typed entries and the issues of a failed save onto the form's
// lines, so the page shows each message next to its field.
func (f *Form) Apply(entries []Entry, issues []load.Issue) {
	byInd := map[string]int{}
	for i, l := range f.Lines {
		byInd[l.Indicator.Code] = i
	}
	for _, e := range entries {
		if i, ok := byInd[e.Indicator]; ok {
			f.Lines[i].Value, f.Lines[i].Note = e.Value, e.Note
		}
	}
	for _, is := range issues {
		if is.Row < 1 || is.Row > len(entries) {
			continue
		}
		i, ok := byInd[entries[is.Row-1].Indicator]
		if !ok {
			continue
		}
		if is.Warning {
			f.Lines[i].Warnings = append(f.Lines[i].Warnings, is.Message)
		} else {
			f.Lines[i].Errors = append(f.Lines[i].Errors, is.Message)
		}
	}
}

// Lines returns the form lines of unit u (for templates and the API).
func (s *Service) Lines(u domain.OrgUnit) []domain.ReportLine { return s.lines(u) }
