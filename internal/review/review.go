// Package review runs district data submission (填报) and its review: the
// monthly report forms, drafts, submission through internal/load's validation
// (never a copy of it), approval into observations, return and reopen with a
// reason, the 填报 status board, the pending overlay for dashboards, and the
// XLSX template and upload. Every action is a submission event and an audit
// entry.
package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/store"
)

// Store is what review needs from storage: Workflow from the workflow
// store and Facts from the fact store (Join puts two stores together; the
// embedded store is both).
type Store interface {
	Workflow
	Facts
}

// Workflow is what review needs from the workflow store.
type Workflow interface {
	store.Submissions
	store.SubmissionChanges
	store.Audit
}

// Facts is what review needs from the fact store.
type Facts interface {
	load.Store
	load.AliasStore
}

// Join combines a workflow store and a fact store into a Store.
func Join(wf Workflow, facts Facts) Store {
	return joined{Workflow: wf, Facts: facts}
}

type joined struct {
	Workflow
	Facts
}

// Publisher publishes approved values to the fact store (internal/publish).
type Publisher interface {
	Publish(ctx context.Context) (int, error)
}

// Service runs the submission workflow.
type Service struct {
	st    Store
	forms []domain.ReportForm
	now   func() time.Time
	pub   Publisher
	log   *slog.Logger
	// fourEyes: the approver must differ from the submitter, unless an
	// admin approves alone with a recorded reason (on by default).
	fourEyes bool
}

// Config is what the service is built from.
type Config struct {
	// Store holds submissions (workflow) and reads the catalogue (facts).
	Store Store
	// Forms are the report forms (seeds.BuiltinReportForms).
	Forms []domain.ReportForm
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Publisher, when set, makes Approve publish the approved values at
	// once (the publisher's own loop retries what fails then). Without
	// one, approved values wait in the outbox for a running publisher.
	Publisher Publisher
	// Log is where failures to publish are logged; nil is slog.Default().
	Log *slog.Logger
	// SingleReviewer turns the four-eyes rule off: by default the approver
	// must differ from the submitter, unless an admin approves alone with
	// a recorded reason.
	SingleReviewer bool
}

// Validate reports what is missing from c.
func (c Config) Validate() error {
	if c.Store == nil {
		return errors.New("review: no store")
	}
	return nil
}

// New returns the service c describes.
func New(c Config) (*Service, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	return &Service{st: c.Store, forms: c.Forms, now: c.Now, pub: c.Publisher, log: c.Log, fourEyes: !c.SingleReviewer}, nil
}

// NeedsOtherReviewer reports whether the four-eyes rule keeps reviewer
// from approving sub: the rule is on and reviewer last wrote it.
func (s *Service) NeedsOtherReviewer(sub *store.Submission, reviewer string) bool {
	return s.fourEyes && sub != nil && sub.UpdatedBy == reviewer
}

// Errors with messages for users.
type (
	// InputError is a problem with the request itself (HTTP 400).
	InputError struct{ Err error }
	// StateError is an action the submission's status does not allow (HTTP 409).
	StateError struct{ Err error }
	// ValidationError lists located problems in the figures (HTTP 422).
	ValidationError struct {
		Err    *msg.Error   `json:"-"`
		Issues []load.Issue `json:"issues"`
	}
)

func (e *InputError) Error() string      { return e.Err.Error() }
func (e *StateError) Error() string      { return e.Err.Error() }
func (e *ValidationError) Error() string { return e.Err.Error() }

// Unwrap returns the message (msg.Text renders it).
func (e *InputError) Unwrap() error { return e.Err }

// Unwrap returns the message (msg.Text renders it).
func (e *ValidationError) Unwrap() error { return e.Err }

// Unwrap returns the message (msg.Text renders it).
func (e *StateError) Unwrap() error { return e.Err }

func inputErr(code msg.Code, args ...any) error {
	return &InputError{Err: msg.New(code, args...)}
}
func stateErr(code msg.Code, args ...any) error {
	return &StateError{Err: msg.New(code, args...)}
}

// StatusLabel is the Chinese name of a submission status.
func StatusLabel(s string) string {
	switch s {
	case store.StatusDraft:
		return "草稿"
	case store.StatusSubmitted:
		return "待审核"
	case store.StatusApproved:
		return "已通过"
	case store.StatusReturned:
		return "已退回"
	case "":
		return "未填报"
	}
	return s
}

// SubmissionID is the id of unit's submission for month: one per unit and period.
func SubmissionID(unit string, month domain.Period) string {
	return fmt.Sprintf("%s-%04d-%02d", unit, month.Year, month.To)
}

// ParseMonth reads a period like 2024-10 (also 202410, 2024年10月) as a month.
func ParseMonth(s string) (domain.Period, error) {
	pp, err := parse.ParsePeriod(strings.TrimSpace(s))
	if err != nil || !pp.Period.Valid() {
		return domain.Period{}, inputErr(msg.ReviewBadPeriodText, s)
	}
	if pp.Period.Year < load.MinYear {
		return domain.Period{}, inputErr(msg.ReviewPeriodTooEarly, s, load.MinYear)
	}
	return domain.Month(pp.Period.Year, pp.Period.To), nil
}

// MonthKey renders a month as 2024-10.
func MonthKey(p domain.Period) string { return fmt.Sprintf("%04d-%02d", p.Year, p.To) }

// catalogue is the reference data one request works with.
type catalogue struct {
	inds  map[string]domain.Indicator
	units *domain.UnitIndex
	load  *load.Catalogue
}

func (s *Service) catalogue(ctx context.Context) (*catalogue, error) {
	lc, err := load.ReadCatalogue(ctx, s.st)
	if err != nil {
		return nil, err
	}
	c := &catalogue{inds: map[string]domain.Indicator{}, units: domain.NewUnitIndex(lc.OrgUnits()), load: lc}
	for _, ind := range lc.Indicators() {
		c.inds[ind.Code] = ind
	}
	return c, nil
}

// Unit resolves a code or name to an org unit that has a report form.
func (s *Service) Unit(ctx context.Context, code string) (domain.OrgUnit, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return domain.OrgUnit{}, err
	}
	return s.unit(c, code)
}

func (s *Service) unit(c *catalogue, code string) (domain.OrgUnit, error) {
	u, ok := c.units.Lookup(code)
	if !ok {
		return domain.OrgUnit{}, inputErr(msg.ReviewUnknownUnit, code)
	}
	if len(s.lines(u)) == 0 {
		return domain.OrgUnit{}, inputErr(msg.ReviewNoForms, u.Name)
	}
	return u, nil
}

// lines returns the form lines unit u reports, across forms.
func (s *Service) lines(u domain.OrgUnit) []domain.ReportLine {
	var out []domain.ReportLine
	for _, f := range s.forms {
		out = append(out, f.LinesFor(u)...)
	}
	return out
}

// formOf returns the first form with lines for u.
func (s *Service) formOf(u domain.OrgUnit) domain.ReportForm {
	for _, f := range s.forms {
		if len(f.LinesFor(u)) > 0 {
			return f
		}
	}
	return domain.ReportForm{DueDay: 5}
}

// Due returns the deadline of unit u's figures for month: the end of the
// form's due day in the following month, Beijing time.
func (s *Service) Due(u domain.OrgUnit, month domain.Period) time.Time {
	day := s.formOf(u).DueDay
	if day < 1 {
		day = 5
	}
	return time.Date(month.Year, time.Month(month.To)+1, day, 23, 59, 59, 0, domain.Beijing)
}

// Units returns the units that report, in catalogue order.
func (s *Service) Units(ctx context.Context) ([]domain.OrgUnit, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.OrgUnit
	for _, u := range c.units.All() {
		if len(s.lines(u)) > 0 {
			out = append(out, u)
		}
	}
	return out, nil
}

// Get returns a submission by id.
func (s *Service) Get(ctx context.Context, id string) (store.Submission, error) {
	return s.st.SubmissionByID(ctx, id)
}

// List returns the submissions matching f.
func (s *Service) List(ctx context.Context, f store.SubmissionFilter) ([]store.Submission, error) {
	return s.st.ListSubmissions(ctx, f)
}

// Events returns a submission's history, oldest first.
func (s *Service) Events(ctx context.Context, id string) ([]store.SubmissionEvent, error) {
	return s.st.SubmissionEvents(ctx, id)
}

// current returns the stored submission or a zero one (Version 0) for a new id.
func (s *Service) current(ctx context.Context, id string) (store.Submission, error) {
	sub, err := s.st.SubmissionByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Submission{ID: id}, nil
	}
	if err != nil {
		return store.Submission{}, fmt.Errorf("read submission %s: %w", id, err)
	}
	return sub, nil
}

// Entry is one figure typed into the form or sent to the API.
type Entry struct {
	Indicator string `json:"indicator"`
	Value     string `json:"value"`
	Unit      string `json:"unit,omitempty"`       // as submitted; the indicator's unit when empty
	ValueType string `json:"value_type,omitempty"` // ytd | period | 累计 | 当月; the form's when empty
	Note      string `json:"note,omitempty"`
}

// Input is one save of a unit's figures for a month.
type Input struct {
	Entries []Entry
	// Records, when set, come from an uploaded file instead of Entries.
	Records []parse.Record
	// Submit submits for review; otherwise the figures are kept as a draft.
	Submit bool
	// Source names the channel: "web", "api" or the uploaded file's name.
	Source string
	// API marks entries from the JSON API (issues name "values" elements).
	API bool
}

// Outcome is a saved submission with the plausibility warnings it carries.
type Outcome struct {
	Submission store.Submission `json:"submission"`
	Warnings   []load.Issue     `json:"warnings"`
}

// records turns form entries into records the loader reads, each line
// located as 填报表第N行“栏” (or the API's element and key).
func (s *Service) records(u domain.OrgUnit, month domain.Period, lines []domain.ReportLine, in Input) []parse.Record {
	vtByInd := map[string]domain.ValueType{}
	for _, l := range lines {
		vtByInd[l.Indicator] = l.ValueType
	}
	out := make([]parse.Record, 0, len(in.Entries))
	for i, e := range in.Entries {
		vt := e.ValueType
		if vt == "" {
			vt = string(vtByInd[e.Indicator])
		}
		r := parse.Record{Format: parse.FormatForm, Row: i + 1}
		col := func(key, header, text string) parse.Cell {
			if in.API {
				return parse.Cell{Text: text, Col: key, Header: key}
			}
			return parse.Cell{Text: text, Col: key, Header: header}
		}
		if in.API {
			r.Format = parse.FormatJSON
		}
		r.Indicator = col("indicator", "指标", e.Indicator)
		r.OrgUnit = col("org_unit", "单位", u.Code)
		r.Period = col("period", "期间", MonthKey(month))
		r.Value = col("value", "数值", e.Value)
		r.Unit = col("unit", "计量单位", e.Unit)
		r.ValueType = col("value_type", "口径", vt)
		r.Note = col("note", "说明", e.Note)
		out = append(out, r)
	}
	return out
}

// precheck keeps a submission to its form and month: every row must be one
// of the unit's form indicators for the page's period.
func precheck(c *catalogue, u domain.OrgUnit, month domain.Period, lines []domain.ReportLine, recs []parse.Record) []load.Issue {
	allowed := map[string]bool{}
	var names []string
	for _, l := range lines {
		allowed[l.Indicator] = true
		names = append(names, c.inds[l.Indicator].Name)
	}
	var out []load.Issue
	for _, r := range recs {
		cell := r.Indicator
		if strings.TrimSpace(cell.Text) == "" {
			cell = r.IndicatorName
		}
		if ind, ok := c.load.Indicator(cell.Text); ok && !allowed[ind.Code] {
			out = append(out, load.Issue{File: r.File, Sheet: r.Sheet, Row: r.Row, Column: cell.Col, Header: cell.Header, Where: r.Where(cell),
				Message: fmt.Sprintf("指标“%s”不在%s的报表中（本表填报：%s），请删除此行", ind.Name, u.Name, strings.Join(names, "、"))})
		}
		if pp, err := parse.ParsePeriod(r.Period.Text); err == nil && (pp.Period.Year != month.Year || pp.Period.To != month.To) {
			out = append(out, load.Issue{File: r.File, Sheet: r.Sheet, Row: r.Row, Column: r.Period.Col, Header: r.Period.Header, Where: r.Where(r.Period),
				Message: fmt.Sprintf("期间“%s”不是本次填报的 %s，请改为 %s 或到对应月份填报", r.Period.Text, month.Label(), MonthKey(month))})
		}
	}
	return out
}

// maskStore hides the stored values of one unit and month from validation,
// so that every submitted figure is planned (a figure equal to the approved
// one is still part of the submission); the history checks still see the
// other months and last year.
type maskStore struct {
	load.Store
	unit  string
	month domain.Period
}

func (m maskStore) CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error) {
	obs, err := m.Store.CurrentObservations(ctx, f)
	if err != nil {
		return nil, err
	}
	out := obs[:0:0]
	for _, o := range obs {
		if o.OrgUnit == m.unit && o.Period.Year == m.month.Year && o.Period.To == m.month.To {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

// Save validates a unit's figures for month with internal/load and stores
// them as a draft or submits them. Errors, and on submit unexplained
// warnings, return a *ValidationError and store nothing. Approved months are
// locked (a *StateError) until an analyst reopens them.
func (s *Service) Save(ctx context.Context, a auth.Actor, unitCode string, month domain.Period, in Input) (*Outcome, error) {
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
	id := SubmissionID(u.Code, month)
	cur, err := s.current(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.Status == store.StatusApproved {
		return nil, stateErr(msg.ReviewLocked, u.Name, month.Label())
	}
	lines := s.lines(u)
	recs := in.Records
	if recs == nil {
		recs = s.records(u, month, lines, in)
	}
	source := in.Source
	if source == "" {
		source = "web"
	}
	ldr := load.New(maskStore{Store: s.st, unit: u.Code, month: month}, c.load)
	plan, err := ldr.Validate(ctx, recs, load.Options{Source: source, SubmissionID: id, RecordedBy: a.Name,
		OnlyOrgUnit: u.Code, DefaultOrgUnit: u.Code, Kind: "submission", Now: s.now})
	if err != nil {
		return nil, err
	}
	issues := append(precheck(c, u, month, lines, recs), plan.Errors...)
	if len(issues) > 0 {
		return nil, &ValidationError{Err: msg.New(msg.ReviewHasErrors), Issues: append(issues, plan.Warnings...)}
	}
	if in.Submit && plan.Blocked() {
		return nil, &ValidationError{Err: msg.New(msg.ReviewNeedsNotes), Issues: plan.Warnings}
	}
	if in.Submit && len(plan.Observations) == 0 {
		return nil, inputErr(msg.ReviewNoValues)
	}
	now := s.now().UTC()
	next := cur
	next.OrgUnit, next.Period, next.Values = u.Code, month, plan.Observations
	next.Version = cur.Version + 1
	next.UpdatedBy, next.UpdatedAt = a.Name, now
	if cur.Version == 0 {
		next.CreatedBy, next.CreatedAt = a.Name, now
	}
	action, to := "save", store.StatusDraft
	if in.Submit {
		action, to = "submit", store.StatusSubmitted
		if next.SubmittedAt.IsZero() {
			next.SubmittedAt = now
		}
	}
	if cur.Status == store.StatusReturned && !in.Submit {
		to = store.StatusReturned // a returned month stays returned until resubmitted
	}
	next.Status = to
	if err := s.st.ApplySubmission(ctx, s.change(a, next, action, cur.Status, "", Describe(cur.Values), Describe(next.Values))); err != nil {
		return nil, fmt.Errorf("save submission %s: %w", id, err)
	}
	return &Outcome{Submission: next, Warnings: plan.Warnings}, nil
}

// change is the workflow step of an action: the new version with its
// event and audit entry, committed together by ApplySubmission.
func (s *Service) change(a auth.Actor, sub store.Submission, action, from, reason, oldVals, newVals string) store.SubmissionChange {
	now := s.now().UTC()
	ev := store.SubmissionEvent{SubmissionID: sub.ID, Action: action, FromStatus: from,
		ToStatus: sub.Status, Actor: a.Name, Reason: reason, At: now}
	old, nw := StatusLabel(from), StatusLabel(sub.Status)
	if oldVals != "" {
		old += "；" + oldVals
	}
	if newVals != "" {
		nw += "；" + newVals
	}
	if reason != "" {
		nw += "；原因：" + reason
	}
	e := a.Entry("submission."+action, "submission:"+sub.ID, old, nw)
	e.At = now
	return store.SubmissionChange{Submission: sub, Event: ev, Audit: []store.AuditEntry{e}}
}

// Describe summarises values for the audit log: indicator=value unit (口径).
func Describe(vals []domain.Observation) string {
	parts := make([]string, 0, len(vals))
	for _, o := range vals {
		p := fmt.Sprintf("%s %s=%s%s（%s）", o.Indicator, o.Period.ShortLabel(), strconv.FormatFloat(o.SubmittedValue, 'f', -1, 64), o.SubmittedUnit, o.ValueType.Label())
		if o.Note != "" {
			p += "［说明：" + o.Note + "］"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "；")
}

// transition moves a submission to a new status with an event and audit
// entry in one workflow transaction; an approval also queues its values for
// the fact store there. Of concurrent transitions of one version (two
// analysts, two server processes) one wins; the others get a *StateError.
func (s *Service) transition(ctx context.Context, a auth.Actor, sub store.Submission, action, to, reason string) (store.Submission, error) {
	from := sub.Status
	sub.Status, sub.Version = to, sub.Version+1
	sub.UpdatedBy, sub.UpdatedAt = a.Name, s.now().UTC()
	if reason != "" {
		sub.Reason = reason
	}
	c := s.change(a, sub, action, from, reason, "", "")
	if to == store.StatusApproved {
		c.Publish, c.PublishAt = true, sub.UpdatedAt
	}
	if err := s.st.ApplySubmission(ctx, c); errors.Is(err, store.ErrConflict) {
		return store.Submission{}, stateErr(msg.ReviewStale)
	} else if err != nil {
		return store.Submission{}, fmt.Errorf("%s submission %s: %w", action, sub.ID, err)
	}
	return sub, nil
}

func (s *Service) load(ctx context.Context, id string) (store.Submission, error) {
	// A missing one is a store.NotFound naming the submission; the edge
	// says so in Chinese.
	return s.st.SubmissionByID(ctx, id)
}

// Approve locks a submitted month and queues its figures for the fact
// store in the same workflow transaction; the publisher writes them as
// observations (recorded by the reporter, with their notes). The figures
// are checked against the stored data first when the fact store answers;
// when it does not, the approval stands on the checks made at submission
// and the figures appear once the fact store is back. Under the four-eyes
// rule the approver must not be the one who submitted it; an admin may
// approve alone by giving override, a reason that is recorded with the
// approval (empty otherwise).
func (s *Service) Approve(ctx context.Context, a auth.Actor, id, override string) (store.Submission, error) {
	override = strings.TrimSpace(override)
	if err := checkReason("单人审核理由", override); err != nil {
		return store.Submission{}, err
	}
	sub, err := s.load(ctx, id)
	if err != nil {
		return sub, err
	}
	if sub.Status != store.StatusSubmitted {
		return sub, stateErr(msg.ReviewApproveState, StatusLabel(sub.Status))
	}
	reason := ""
	if s.fourEyes && sub.UpdatedBy == a.Name { // a submitted one was last written by its submitter
		switch {
		case override == "":
			return sub, stateErr(msg.ReviewFourEyes, a.Name)
		case a.Role != store.RoleAdmin:
			return sub, stateErr(msg.ReviewFourEyesAdminOnly)
		}
		reason = "单人审核（管理员）：" + override
	}
	if err := s.checkApproval(ctx, sub); errors.Is(err, store.ErrUnavailable) {
		s.log.Warn("approve: fact store unavailable, approving on the submission-time checks", "submission", id, "err", err)
	} else if err != nil {
		return sub, err
	}
	out, err := s.transition(ctx, a, sub, "approve", store.StatusApproved, reason)
	if err != nil {
		return out, err
	}
	if s.pub != nil {
		if _, err := s.pub.Publish(ctx); err != nil {
			s.log.Warn("approve: approved values queued; publishing will be retried", "submission", id, "err", err)
		}
	}
	return out, nil
}

// checkApproval validates a submission's figures against the fact store as
// it stands (a 累计 lower than an approved month, say).
func (s *Service) checkApproval(ctx context.Context, sub store.Submission) error {
	c, err := s.catalogue(ctx)
	if err != nil {
		return err
	}
	by := sub.UpdatedBy
	recs := make([]parse.Record, len(sub.Values))
	for i, o := range sub.Values {
		if o.RecordedBy != "" {
			by = o.RecordedBy
		}
		cell := func(key, text string) parse.Cell { return parse.Cell{Text: text, Col: key, Header: key} }
		recs[i] = parse.Record{Format: parse.FormatForm, Row: i + 1,
			Indicator: cell("指标", o.Indicator), OrgUnit: cell("单位", o.OrgUnit),
			Period: cell("期间", MonthKey(domain.Month(o.Period.Year, o.Period.To))),
			Value:  cell("数值", strconv.FormatFloat(o.SubmittedValue, 'f', -1, 64)), Unit: cell("计量单位", o.SubmittedUnit),
			ValueType: cell("口径", string(o.ValueType)), Note: cell("说明", o.Note)}
	}
	ldr := load.New(s.st, c.load)
	plan, err := ldr.Validate(ctx, recs, load.Options{Source: "web", SubmissionID: sub.ID, RecordedBy: by,
		OnlyOrgUnit: sub.OrgUnit, AcceptWarnings: true, Kind: "submission", Now: s.now})
	if err != nil {
		return err
	}
	if plan.Blocked() {
		return &ValidationError{Err: msg.New(msg.ReviewConflicts), Issues: plan.Errors}
	}
	return nil
}

// MaxReasonLength is the longest return, reopen or override reason, in
// characters.
const MaxReasonLength = 2000

// checkReason refuses a reason over MaxReasonLength, naming the field.
func checkReason(field, reason string) error {
	if n := utf8.RuneCountInString(reason); n > MaxReasonLength {
		m := msg.New(msg.ReviewReasonTooLong, field, MaxReasonLength, n)
		return &ValidationError{Err: m, Issues: []load.Issue{{Where: field, Column: "reason", Header: field, Message: msg.Text(m)}}}
	}
	return nil
}

// Return sends a submitted month back to the unit with a reason.
func (s *Service) Return(ctx context.Context, a auth.Actor, id, reason string) (store.Submission, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return store.Submission{}, inputErr(msg.ReviewRejectReason)
	}
	if err := checkReason("退回原因", reason); err != nil {
		return store.Submission{}, err
	}
	sub, err := s.load(ctx, id)
	if err != nil {
		return sub, err
	}
	if sub.Status != store.StatusSubmitted {
		return sub, stateErr(msg.ReviewRejectState, StatusLabel(sub.Status))
	}
	return s.transition(ctx, a, sub, "return", store.StatusReturned, reason)
}

// Reopen unlocks an approved month for correction, with a reason; the
// approved figures stay until corrected ones are approved.
func (s *Service) Reopen(ctx context.Context, a auth.Actor, id, reason string) (store.Submission, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return store.Submission{}, inputErr(msg.ReviewReopenReason)
	}
	if err := checkReason("重新打开原因", reason); err != nil {
		return store.Submission{}, err
	}
	sub, err := s.load(ctx, id)
	if err != nil {
		return sub, err
	}
	if sub.Status != store.StatusApproved {
		return sub, stateErr(msg.ReviewReopenState, StatusLabel(sub.Status))
	}
	return s.transition(ctx, a, sub, "reopen", store.StatusReturned, reason)
}

// monitorIndicator marks the entries of a 绩效运行监控表 (budgetsvc.MonitorIndicator),
// which travel in submissions but are not figures.
const monitorIndicator = "perf.entry"

// PendingObservations returns the figures of year's submitted but not yet
// approved submissions (monitor.Overlay), recorded at their submission time.
func (s *Service) PendingObservations(ctx context.Context, year int) ([]domain.Observation, error) {
	subs, err := s.st.ListSubmissions(ctx, store.SubmissionFilter{Year: year, Status: store.StatusSubmitted})
	if err != nil {
		return nil, fmt.Errorf("read pending submissions: %w", err)
	}
	var out []domain.Observation
	for _, sub := range subs {
		for _, o := range sub.Values {
			if o.Indicator == monitorIndicator {
				continue // a 绩效运行监控表 entry, not a figure
			}
			if o.RecordedAt.Before(sub.UpdatedAt) {
				o.RecordedAt = sub.UpdatedAt
			}
			out = append(out, o)
		}
	}
	return out, nil
}

// LookupUnit resolves a code or Chinese name to any org unit.
func (s *Service) LookupUnit(ctx context.Context, code string) (domain.OrgUnit, bool, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return domain.OrgUnit{}, false, err
	}
	u, ok := c.units.Lookup(code)
	return u, ok, nil
}

// ActionLabel is the Chinese name of a workflow action.
func ActionLabel(a string) string {
	switch a {
	case "save":
		return "保存草稿"
	case "submit":
		return "提交"
	case "approve":
		return "审核通过"
	case "return":
		return "退回"
	case "reopen":
		return "重新打开"
	}
	return a
}
