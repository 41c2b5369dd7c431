// Package targets manages a year's targets in the product: proposals
// extracted from the plan's text, their review and publication as 年初下达,
// and 年中调整 revisions, each audited. Targets live in the fact store
// (ClickHouse or the embedded store) as revisions; nothing about a year is
// in code.
package targets

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Store is what the service needs: the catalogue in the fact store and the
// audit log in the workflow store (one value may serve both).
type Store interface {
	Indicators(ctx context.Context) ([]domain.Indicator, error)
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
	PutOrgUnits(ctx context.Context, units []domain.OrgUnit) error
	PutIndicators(ctx context.Context, inds []domain.Indicator) error
	AddTargets(ctx context.Context, targets []domain.Target) (int, error)
	Targets(ctx context.Context, year int, asOf time.Time) ([]domain.Target, error)
	TargetRevisions(ctx context.Context, year int, indicator, orgUnit string) ([]domain.Target, error)
	AddCatalogueEntries(ctx context.Context, entries []store.CatalogueEntry) error
	CatalogueEntries(ctx context.Context, kind string) ([]store.CatalogueEntry, error)
}

// Audit is where every change is recorded.
type Audit interface {
	AppendAudit(ctx context.Context, entries ...store.AuditEntry) error
}

// InputError is a request the user must correct; its message (msg.Text)
// says what and where.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the message.
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(code msg.Code, args ...any) error {
	return &InputError{Err: msg.New(code, args...)}
}

// Service runs target management. It is safe for concurrent use.
type Service struct {
	st    Store
	audit Audit
	now   func() time.Time
}

// New returns the service; now defaults to time.Now.
func New(st Store, audit Audit, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, audit: audit, now: now}
}

// Extract proposes the targets of a plan document (text, .docx or .pdf),
// mapped to the store's indicators. year 0 takes the year the text names most.
func (s *Service) Extract(ctx context.Context, year int, name string, data []byte) (extract.Result, error) {
	text, err := extract.Text(ctx, name, data)
	switch {
	case err == extract.ErrNoPDFTool:
		return extract.Result{}, inputErr(msg.TargetsNoPdftotext, name)
	case errors.Is(err, extract.ErrTooLong):
		return extract.Result{}, inputErr(msg.TargetsTextTooLarge, name, extract.MaxTextBytes>>20, extract.MaxPDFPages)
	case errors.Is(err, extract.ErrEntity):
		return extract.Result{}, inputErr(msg.TargetsXMLEntities, name)
	case errors.Is(err, context.DeadlineExceeded):
		return extract.Result{}, inputErr(msg.TargetsExtractTimeout, name, int(extract.Deadline.Seconds()))
	}
	if err != nil {
		return extract.Result{}, inputErr(msg.TargetsNoText, name)
	}
	if strings.TrimSpace(text) == "" {
		return extract.Result{}, inputErr(msg.TargetsEmptyText)
	}
	inds, err := s.st.Indicators(ctx)
	if err != nil {
		return extract.Result{}, err
	}
	units, err := s.st.OrgUnits(ctx)
	if err != nil {
		return extract.Result{}, err
	}
	measures, err := load.ReadMeasures(ctx, s.st)
	if err != nil {
		return extract.Result{}, err
	}
	return extract.Extract(text, extract.Options{Year: year, Indicators: inds, Units: units, UnitTable: measures}), nil
}

// RevisionInput is a 年中调整 as the page or the API gives it.
type RevisionInput struct {
	Year       int      `json:"year"`
	Indicator  string   `json:"indicator"`
	OrgUnit    string   `json:"org_unit"` // code or name; empty is the city
	Value      *float64 `json:"value"`
	Comparator string   `json:"comparator,omitempty"`
	ValueHigh  *float64 `json:"value_high,omitempty"`
	Tolerance  *float64 `json:"tolerance,omitempty"`
	Reason     string   `json:"reason"`
	Document   string   `json:"document"`
}

// Revise records a 年中调整 of a published target and audits it. The new
// revision is judged from now on; views as of an earlier time still use the
// target then in force.
func (s *Service) Revise(ctx context.Context, a auth.Actor, in RevisionInput) (domain.Target, error) {
	if in.Value == nil {
		return domain.Target{}, inputErr(msg.TargetsNoValue)
	}
	ind, unit, err := s.resolve(ctx, in.Indicator, in.OrgUnit)
	if err != nil {
		return domain.Target{}, err
	}
	cur, err := s.current(ctx, in.Year, ind.Code, unit.Code)
	if err != nil {
		return domain.Target{}, err
	}
	cmp := domain.Comparator(strings.TrimSpace(in.Comparator))
	if cmp != "" && !cmp.Valid() {
		return domain.Target{}, inputErr(msg.TargetsBadComparator, cmp)
	}
	rev, err := cur.Revise(domain.Revision{Value: *in.Value, Comparator: cmp, ValueHigh: in.ValueHigh, Tolerance: in.Tolerance,
		Reason: in.Reason, Document: in.Document, At: s.now().UTC(), By: a.Name}, ind)
	if err != nil {
		return domain.Target{}, &InputError{Err: err}
	}
	if _, err := s.st.AddTargets(ctx, []domain.Target{rev}); err != nil {
		return domain.Target{}, err
	}
	revs, err := s.st.TargetRevisions(ctx, rev.Year, rev.Indicator, rev.OrgUnit)
	if err == nil && len(revs) > 0 {
		rev = revs[len(revs)-1]
	}
	entry := a.Entry("target.revise", rev.Key(), Describe(cur, ind.Unit), Describe(rev, ind.Unit)+"；原因："+rev.Note+"；依据："+rev.Document)
	if err := s.audit.AppendAudit(ctx, entry); err != nil {
		return rev, fmt.Errorf("target revised but not audited: %w", err)
	}
	return rev, nil
}

func (s *Service) resolve(ctx context.Context, code, unit string) (domain.Indicator, domain.OrgUnit, error) {
	inds, err := s.st.Indicators(ctx)
	if err != nil {
		return domain.Indicator{}, domain.OrgUnit{}, err
	}
	var ind domain.Indicator
	found := false
	for _, i := range inds {
		if i.Code == strings.TrimSpace(code) || i.Name == strings.TrimSpace(code) {
			ind, found = i, true
		}
	}
	if !found {
		return domain.Indicator{}, domain.OrgUnit{}, inputErr(msg.TargetsUnknownIndicator, code)
	}
	u, err := s.unit(ctx, unit)
	return ind, u, err
}

func (s *Service) unit(ctx context.Context, unit string) (domain.OrgUnit, error) {
	unit = strings.TrimSpace(unit)
	if unit == "" {
		unit = domain.CityCode
	}
	units, err := s.st.OrgUnits(ctx)
	if err != nil {
		return domain.OrgUnit{}, err
	}
	for _, u := range units {
		if u.Code == unit || u.Name == unit || u.ShortName != "" && u.ShortName == unit {
			return u, nil
		}
	}
	return domain.OrgUnit{}, inputErr(msg.TargetsUnknownUnit, unit)
}

// current is the target of year, indicator and unit now in force.
func (s *Service) current(ctx context.Context, year int, indicator, unit string) (domain.Target, error) {
	ts, err := s.st.Targets(ctx, year, time.Time{})
	if err != nil {
		return domain.Target{}, err
	}
	for _, t := range ts {
		if t.Indicator == indicator && t.OrgUnit == unit {
			return t, nil
		}
	}
	return domain.Target{}, inputErr(msg.TargetsNoTargetToRevise, year, indicator)
}

// Describe is a target in words for the audit log and the pages
// ("≥1000亿元", "3—5个", "30%左右（±2）", "提高2个百分点").
func Describe(t domain.Target, unit string) string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	switch t.Comparator {
	case domain.Range:
		if t.ValueHigh != nil {
			return num(t.Value) + "—" + num(*t.ValueHigh) + unit
		}
	case domain.Approx:
		s := num(t.Value) + unit + "左右"
		if t.Tolerance != nil {
			s += "（±" + num(*t.Tolerance) + "）"
		}
		return s
	case domain.AtMost:
		return "≤" + num(t.Value) + unit
	case domain.MoreThan:
		return ">" + num(t.Value) + unit
	case domain.DeltaPP:
		return "提高" + num(t.Value) + "个百分点"
	}
	return "≥" + num(t.Value) + unit
}

// AdjustmentText says how a target was adjusted (domain.AdjustmentText).
func AdjustmentText(initial, current domain.Target, unit string) string {
	return domain.AdjustmentText(initial, current, unit)
}

var timeZero time.Time

func fmtNum(v float64) string { return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64) }
