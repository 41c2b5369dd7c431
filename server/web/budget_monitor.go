package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/budget"
	"industrydash/internal/budgetdoc"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// budgetAmount renders 万元 to 0.01 without the unit (the column says it).
func budgetAmount(p *float64) string {
	if p == nil {
		return "—"
	}
	return budget.FormatMoney(*p)
}

// budgetMonitorPageData is what budget_monitor.html shows.
type budgetMonitorPageData struct {
	Form        budget.MonitorForm
	Monitor     budgetsvc.Monitor
	StatusLabel string
	Projects    []budget.Line
	QS          string
	CanFill     bool
	CanReview   bool
	Locked      bool
	Message     string
	Saved       bool
}

// monitorParams reads the year and month of a form request (query or form).
func (h *Handler) monitorParams(c *fiber.Ctx) (svc *budgetsvc.Service, year, month int, project string, err error) {
	if svc, err = h.budgetService(); err != nil {
		return
	}
	f, err := parseViewForm(c)
	if err != nil {
		return
	}
	year, month = f.Year, f.Month
	if year == 0 {
		var ys []int
		if ys, err = svc.Years(c.UserContext()); err != nil {
			return
		}
		if len(ys) == 0 {
			err = userErr(fiber.StatusNotFound, msg.WebNoBudgetData)
			return
		}
		year = ys[len(ys)-1]
	}
	project = string([]byte(c.Params("project")))
	err = h.requireOwnProject(c, svc, year, project)
	return
}

// requireOwnProject refuses a budget unit's reporter any project another
// unit implements (city staff and leaders pass).
func (h *Handler) requireOwnProject(c *fiber.Ctx, svc *budgetsvc.Service, year int, project string) error {
	own, err := h.ownBudgetUnit(c)
	if err != nil || own == "" {
		return err
	}
	b, _, err := svc.Budget(c.UserContext(), year, time.Time{})
	if errors.Is(err, budgetsvc.ErrNoBudget) {
		return badRequest(msg.WebNoBudgetYear, year)
	}
	if err != nil {
		return err
	}
	if !b.OwnedBy(project, own) {
		return forbidden(msg.WebOtherUnitProjectForbidden, own, project)
	}
	return nil
}

func monitorErr(err error) error {
	var me *budgetsvc.MonitorError
	if errors.As(err, &me) {
		return &userError{status: fiber.StatusNotFound, err: me}
	}
	if errors.Is(err, budgetsvc.ErrNoBudget) {
		return badRequest(msg.WebNoBudgetThisYear)
	}
	return err
}

// budgetMonitorPage serves GET /budget/monitor/:project: the project's 双监控 form.
func (h *Handler) budgetMonitorPage(c *fiber.Ctx) error {
	svc, year, month, project, err := h.monitorParams(c)
	if err != nil {
		return err
	}
	m, err := svc.Monitor(c.UserContext(), year, month, project)
	if err != nil {
		return monitorErr(err)
	}
	return h.renderMonitor(c, m, "", false)
}

func (h *Handler) renderMonitor(c *fiber.Ctx, m budgetsvc.Monitor, msg string, saved bool) error {
	f, _ := parseViewForm(c)
	d := h.base(c, f.query(), "绩效运行监控表", "budget")
	d.Years = nil
	mf := m.Form
	qs := fmt.Sprintf("year=%d", mf.Year)
	if mf.Month > 0 {
		qs += fmt.Sprintf("&period=%04d-%02d", mf.Year, mf.Month)
	}
	b, _, err := h.budget.Budget(c.UserContext(), mf.Year, time.Time{})
	if err != nil {
		return err
	}
	own, err := h.ownBudgetUnit(c)
	if err != nil {
		return err
	}
	projects := budget.MonitorProjects(*b)
	if own != "" {
		projects = budget.MonitorProjects(budget.UnitBudget(*b, own))
	}
	pd := budgetMonitorPageData{Form: mf, Monitor: m, StatusLabel: m.StatusLabel(), Projects: projects, QS: qs,
		Locked: m.Sub.Status == store.StatusApproved, Message: msg, Saved: saved}
	if u, ok := currentUser(c); ok {
		line, _ := b.Line(mf.Project)
		pd.CanFill = mf.Month > 0 && !pd.Locked && budgetsvc.CanFill(budgetsvc.Actor{Unit: u.OrgUnit}, auth.IsStaff(u), line.BudgetUnit)
		pd.CanReview = auth.IsStaff(u) && m.Sub.Status == store.StatusSubmitted && m.Sub.UpdatedBy != u.Name
	}
	d.Data = pd
	return h.render(c, "budget_monitor", d)
}

// budgetMonitorPost serves POST /budget/monitor/:project: action save or
// submit (the unit's entries), approve or return (review).
func (h *Handler) budgetMonitorPost(c *fiber.Ctx) error {
	svc, year, month, project, err := h.monitorParams(c)
	if err != nil {
		return err
	}
	if y := c.FormValue("year"); y != "" {
		fmt.Sscanf(y, "%d", &year)
	}
	if mo := c.FormValue("month"); mo != "" {
		fmt.Sscanf(mo, "%d", &month)
	}
	if err := h.requireOwnProject(c, svc, year, project); err != nil {
		return err // the form's year may differ from the query's
	}
	u, _ := currentUser(c)
	if !auth.IsStaff(u) && u.Role != store.RoleReporter {
		return forbidden(msg.WebLeaderNoMonitorForms)
	}
	ac := actor(c)
	a := budgetsvc.Actor{Name: ac.Name, Role: ac.Role, IP: ac.IP, RequestID: ac.RequestID, Unit: u.OrgUnit}
	staff := auth.IsStaff(u)
	ctx := c.UserContext()
	var m budgetsvc.Monitor
	switch action := c.FormValue("action"); action {
	case "save", "submit":
		var entries []budget.MonitorEntry
		entries = append(entries, budget.MonitorEntry{Index: -1, Estimate: strings.TrimSpace(c.FormValue("estimate")),
			Reason: strings.TrimSpace(c.FormValue("reason")), Measure: strings.TrimSpace(c.FormValue("measure"))})
		for i := 0; i < 100; i++ {
			k := fmt.Sprintf("r%d_", i)
			if c.FormValue(k+"present") == "" {
				break
			}
			entries = append(entries, budget.MonitorEntry{Index: i, Progress: strings.TrimSpace(c.FormValue(k + "progress")),
				Estimate: strings.TrimSpace(c.FormValue(k + "estimate")), Reason: strings.TrimSpace(c.FormValue(k + "reason")),
				Measure: strings.TrimSpace(c.FormValue(k + "measure"))})
		}
		m, err = svc.SaveMonitor(ctx, a, staff, year, month, project, entries, action == "submit")
	case "approve", "return":
		m, err = svc.ReviewMonitor(ctx, a, staff, year, month, project, action, strings.TrimSpace(c.FormValue("reason")))
	default:
		return badRequest(msg.WebUnknownAction)
	}
	var me *budgetsvc.MonitorError
	if errors.As(err, &me) {
		cur, cerr := svc.Monitor(ctx, year, month, project)
		if cerr != nil {
			return monitorErr(cerr)
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderMonitor(c, cur, msg.Text(me), false)
	}
	if err != nil {
		return monitorErr(err)
	}
	return h.renderMonitor(c, m, "", true)
}

// budgetMonitorForm builds the 绩效运行监控表 of the route's project, with
// the unit's saved entries.
func (h *Handler) budgetMonitorForm(c *fiber.Ctx) (budget.MonitorForm, error) {
	svc, year, month, project, err := h.monitorParams(c)
	if err != nil {
		return budget.MonitorForm{}, err
	}
	m, err := svc.Monitor(c.UserContext(), year, month, project)
	if err != nil {
		return budget.MonitorForm{}, monitorErr(err)
	}
	return m.Form, nil
}

// budgetMonitorFile serves GET /budget/monitor/:project/:file, file being
// form.xlsx or form.docx.
func (h *Handler) budgetMonitorFile(c *fiber.Ctx) error {
	mf, err := h.budgetMonitorForm(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name := mf.Name + "绩效运行监控表"
	switch c.Params("file") {
	case "form.xlsx":
		err = budgetdoc.WriteXLSX(&buf, mf)
		name += ".xlsx"
		c.Type("xlsx")
	case "form.docx":
		err = budgetdoc.WriteDOCX(&buf, mf)
		name += ".docx"
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	default:
		return userErr(fiber.StatusNotFound, msg.WebMonitorFormFormat)
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(name))
	return c.Send(buf.Bytes())
}
