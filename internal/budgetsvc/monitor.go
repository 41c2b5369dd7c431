package budgetsvc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"industrydash/internal/budget"
	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// The 绩效运行监控表 of a project for a period is filled by the implementing
// unit and reviewed by city staff like a monthly submission: it is stored
// as a store.Submission (draft → submitted → approved | returned, every
// version kept, every action an event and an audit entry) in the workflow
// store, so it moves with the submissions wherever they are kept. Its ID
// starts with MonitorIDPrefix; its Values carry the unit's entries (one per
// indicator, Indicator MonitorIndicator, Value the row index, Note the
// entry as JSON) and are never figures: internal/review leaves them out of
// the pending-data overlay, and approving one writes no observations.

// MonitorIDPrefix starts the ID of every 绩效运行监控表 submission.
const MonitorIDPrefix = "perf-"

// MonitorIndicator marks the values of a 绩效运行监控表 submission.
const MonitorIndicator = "perf.entry"

// MonitorID is the submission ID of project's form for months 1..month of year.
func MonitorID(year, month int, project string) string {
	return fmt.Sprintf("%s%04d-%02d-%s", MonitorIDPrefix, year, month, project)
}

// WorkflowStore is what the form's workflow needs.
type WorkflowStore interface {
	PutSubmission(ctx context.Context, s store.Submission) error
	SubmissionByID(ctx context.Context, id string) (store.Submission, error)
	AddSubmissionEvent(ctx context.Context, e store.SubmissionEvent) error
	SubmissionEvents(ctx context.Context, id string) ([]store.SubmissionEvent, error)
	AppendAudit(ctx context.Context, entries ...store.AuditEntry) error
}

// ErrMonitorLocked is returned when an approved form is edited.
var ErrMonitorLocked = errors.New("budgetsvc: the form is approved and locked")

// MonitorError is a refusal for users' eyes; msg.Text renders it.
type MonitorError struct{ Err error }

func (e *MonitorError) Error() string { return e.Err.Error() }

// Unwrap returns the message.
func (e *MonitorError) Unwrap() error { return e.Err }

func monitorErr(code msg.Code, args ...any) error {
	return &MonitorError{Err: msg.New(code, args...)}
}

// Monitor is a project's form with its workflow record (Sub is the zero
// value, Version 0, before anything was saved).
type Monitor struct {
	Form   budget.MonitorForm
	Sub    store.Submission
	Events []store.SubmissionEvent
}

// StatusLabel is the workflow status in Chinese ("未填报" before the first save).
func (m Monitor) StatusLabel() string {
	switch m.Sub.Status {
	case store.StatusDraft:
		return "草稿"
	case store.StatusSubmitted:
		return "已提交，待审核"
	case store.StatusApproved:
		return "已审核通过"
	case store.StatusReturned:
		return "已退回"
	}
	return "未填报"
}

func (s *Service) workflow() (WorkflowStore, error) {
	if s.wf == nil {
		return nil, monitorErr(msg.BudgetsvcNoWorkflow)
	}
	return s.wf, nil
}

// Monitor returns project's form for months 1..month of year (month 0: the
// latest month with payments) with the unit's saved entries.
func (s *Service) Monitor(ctx context.Context, year, month int, project string) (Monitor, error) {
	rep, b, err := s.Report(ctx, year, month, time.Time{})
	if err != nil {
		return Monitor{}, err
	}
	ws, err := s.workflow()
	if err != nil {
		return Monitor{}, err
	}
	var m Monitor
	if rep.Month > 0 {
		sub, err := ws.SubmissionByID(ctx, MonitorID(year, rep.Month, project))
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return Monitor{}, err
		default:
			m.Sub = sub
			if m.Events, err = ws.SubmissionEvents(ctx, sub.ID); err != nil {
				return Monitor{}, err
			}
		}
	}
	entries, err := decodeEntries(m.Sub.Values)
	if err != nil {
		return Monitor{}, err
	}
	if m.Form, err = budget.BuildMonitorForm(*b, rep, project, entries); err != nil {
		return Monitor{}, &MonitorError{Err: err}
	}
	return m, nil
}

// CanFill reports whether actor may fill project's form: city staff, or a
// reporter whose unit is the project's budget unit.
func CanFill(a Actor, staff bool, projectUnit string) bool {
	return staff || a.Unit != "" && a.Unit == projectUnit
}

// SaveMonitor stores the unit's entries as the next version of the form,
// as a draft or (submit) for review. An approved form is locked.
func (s *Service) SaveMonitor(ctx context.Context, a Actor, staff bool, year, month int, project string, entries []budget.MonitorEntry, submit bool) (Monitor, error) {
	m, err := s.Monitor(ctx, year, month, project)
	if err != nil {
		return m, err
	}
	if m.Form.Month == 0 {
		return m, monitorErr(msg.BudgetsvcNoPayments)
	}
	b, _, err := s.Budget(ctx, year, time.Time{})
	if err != nil {
		return m, err
	}
	line, _ := b.Line(project)
	if !CanFill(a, staff, line.BudgetUnit) {
		return m, monitorErr(msg.BudgetsvcFillForbidden)
	}
	if m.Sub.Status == store.StatusApproved {
		return m, monitorErr(msg.BudgetsvcLocked)
	}
	for _, e := range entries {
		if e.Index < -1 || e.Index >= len(m.Form.Rows) {
			return m, monitorErr(msg.BudgetsvcNoRow, e.Index+1)
		}
		if submit && e.Index >= 0 && strings.TrimSpace(e.Progress) == "" {
			return m, monitorErr(msg.BudgetsvcRowMissing, m.Form.Rows[e.Index].Name)
		}
	}
	if submit {
		filled := map[int]bool{}
		for _, e := range entries {
			if strings.TrimSpace(e.Progress) != "" {
				filled[e.Index] = true
			}
		}
		for i, r := range m.Form.Rows {
			if !filled[i] {
				return m, monitorErr(msg.BudgetsvcRowMissing, r.Name)
			}
		}
	}
	ws, err := s.workflow()
	if err != nil {
		return m, err
	}
	now := time.Now().UTC()
	period := domain.YTD(year, m.Form.Month)
	sub := m.Sub
	if sub.Version == 0 {
		sub = store.Submission{ID: MonitorID(year, m.Form.Month, project), OrgUnit: line.BudgetUnit, Period: period,
			CreatedBy: a.Name, CreatedAt: now}
		if sub.OrgUnit == "" {
			sub.OrgUnit = "dept"
		}
	}
	from := sub.Status
	sub.Values = nil
	for _, e := range entries {
		note, err := json.Marshal(e)
		if err != nil {
			return m, fmt.Errorf("encode monitor entry: %w", err)
		}
		sub.Values = append(sub.Values, domain.Observation{Indicator: MonitorIndicator, OrgUnit: sub.OrgUnit, Period: period,
			ValueType: domain.ValuePeriod, Value: float64(e.Index), Note: string(note), Source: "perf", RecordedAt: now, RecordedBy: a.Name})
	}
	action := "save"
	sub.Status = store.StatusDraft
	if submit {
		sub.Status, action = store.StatusSubmitted, "submit"
		if sub.SubmittedAt.IsZero() {
			sub.SubmittedAt = now
		}
	}
	sub.Version++
	sub.UpdatedBy, sub.UpdatedAt = a.Name, now
	if err := ws.PutSubmission(ctx, sub); err != nil {
		return m, fmt.Errorf("save monitor form %s: %w", sub.ID, err)
	}
	if err := s.recordMonitor(ctx, ws, a, sub, "perf."+action, from, "", describeEntries(m.Form, entries)); err != nil {
		return m, err
	}
	return s.Monitor(ctx, year, m.Form.Month, project)
}

// ReviewMonitor approves or returns (with a reason) a submitted form. The
// reviewer must be city staff and not the person who submitted it.
func (s *Service) ReviewMonitor(ctx context.Context, a Actor, staff bool, year, month int, project, action, reason string) (Monitor, error) {
	m, err := s.Monitor(ctx, year, month, project)
	if err != nil {
		return m, err
	}
	if !staff {
		return m, monitorErr(msg.BudgetsvcReviewForbidden)
	}
	if m.Sub.Status != store.StatusSubmitted {
		return m, monitorErr(msg.BudgetsvcReviewState, m.StatusLabel())
	}
	if m.Sub.UpdatedBy == a.Name {
		return m, monitorErr(msg.BudgetsvcOwnForm)
	}
	to := store.StatusApproved
	switch action {
	case "approve":
	case "return":
		if strings.TrimSpace(reason) == "" {
			return m, monitorErr(msg.BudgetsvcRejectReason)
		}
		to = store.StatusReturned
	default:
		return m, monitorErr(msg.BudgetsvcUnknownAction, action)
	}
	ws, err := s.workflow()
	if err != nil {
		return m, err
	}
	sub := m.Sub
	from := sub.Status
	sub.Status, sub.Version = to, sub.Version+1
	sub.UpdatedBy, sub.UpdatedAt = a.Name, time.Now().UTC()
	if reason != "" {
		sub.Reason = reason
	}
	if err := ws.PutSubmission(ctx, sub); err != nil {
		return m, fmt.Errorf("%s monitor form %s: %w", action, sub.ID, err)
	}
	if err := s.recordMonitor(ctx, ws, a, sub, "perf."+action, from, reason, ""); err != nil {
		return m, err
	}
	return s.Monitor(ctx, year, m.Form.Month, project)
}

func (s *Service) recordMonitor(ctx context.Context, ws WorkflowStore, a Actor, sub store.Submission, action, from, reason, what string) error {
	now := time.Now().UTC()
	if err := ws.AddSubmissionEvent(ctx, store.SubmissionEvent{SubmissionID: sub.ID, Action: action, FromStatus: from,
		ToStatus: sub.Status, Actor: a.Name, Reason: reason, At: now}); err != nil {
		return fmt.Errorf("record %s of %s: %w", action, sub.ID, err)
	}
	nw := sub.Status
	if what != "" {
		nw += "；" + what
	}
	if reason != "" {
		nw += "；原因：" + reason
	}
	if err := ws.AppendAudit(ctx, store.AuditEntry{At: now, Actor: a.Name, Role: a.Role, Action: action, Object: "submission:" + sub.ID,
		Old: from, New: nw, IP: a.IP, RequestID: a.RequestID}); err != nil {
		return fmt.Errorf("audit %s of %s: %w", action, sub.ID, err)
	}
	return nil
}

func decodeEntries(vals []domain.Observation) ([]budget.MonitorEntry, error) {
	var out []budget.MonitorEntry
	for _, o := range vals {
		if o.Indicator != MonitorIndicator {
			continue
		}
		var e budget.MonitorEntry
		if err := json.Unmarshal([]byte(o.Note), &e); err != nil {
			return nil, fmt.Errorf("decode monitor entry: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

func describeEntries(f budget.MonitorForm, entries []budget.MonitorEntry) string {
	var parts []string
	for _, e := range entries {
		name := "预算执行"
		if e.Index >= 0 && e.Index < len(f.Rows) {
			name = f.Rows[e.Index].Name
		}
		p := name + "：" + e.Progress
		if e.Estimate != "" {
			p += "，全年预计" + e.Estimate
		}
		if e.Reason != "" {
			p += "，偏差原因" + e.Reason
		}
		if e.Measure != "" {
			p += "，纠偏措施" + e.Measure
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "；")
}
