package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/auth"
	"industrydash/internal/budget"
	"industrydash/internal/budgetdoc"
	"industrydash/internal/budgetload"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// The department budget (预算执行): its page, API, exports and the payments
// upload. Reads are for everyone who reads the city (admins, analysts,
// leaders); loading payments is for analysts and admins, who do the
// bureau's finance work (there is no separate finance role: see README).

func (h *Handler) budgetService() (*budgetsvc.Service, error) {
	if h.budget == nil {
		return nil, userErr(fiber.StatusNotFound, msg.WebBudgetDisabled)
	}
	return h.budget, nil
}

// budgetReport parses the query and builds the report, cut down to the
// user's own budget unit when they are a budget unit's reporter (see
// budgetScope): every row is checked against the line's budget unit.
func (h *Handler) budgetReport(c *fiber.Ctx) (budget.Report, *budget.Budget, viewForm, error) {
	rep, b, f, err := h.fullBudgetReport(c)
	if err != nil {
		return rep, b, f, err
	}
	u, _ := currentUser(c)
	unit, restricted, err := h.budgetScope(c.UserContext(), u)
	if err != nil {
		return budget.Report{}, nil, f, err
	}
	if restricted {
		ub := budget.UnitBudget(*b, unit)
		return budget.ForUnit(*b, rep, unit), &ub, f, nil
	}
	return rep, b, f, nil
}

// ownBudgetUnit is the budget unit the request's user is restricted to
// ("" for everyone who reads the whole department).
func (h *Handler) ownBudgetUnit(c *fiber.Ctx) (string, error) {
	u, _ := currentUser(c)
	unit, _, err := h.budgetScope(c.UserContext(), u)
	return unit, err
}

// fullBudgetReport is the whole department's report.
func (h *Handler) fullBudgetReport(c *fiber.Ctx) (budget.Report, *budget.Budget, viewForm, error) {
	svc, err := h.budgetService()
	if err != nil {
		return budget.Report{}, nil, viewForm{}, err
	}
	f, err := parseViewForm(c)
	if err != nil {
		return budget.Report{}, nil, f, err
	}
	if f.Year == 0 {
		ys, err := svc.Years(c.UserContext())
		if err != nil {
			return budget.Report{}, nil, f, err
		}
		if len(ys) == 0 {
			return budget.Report{}, nil, f, userErr(fiber.StatusNotFound, msg.WebNoBudgetData)
		}
		f.Year = ys[len(ys)-1]
	}
	rep, b, err := svc.Report(c.UserContext(), f.Year, f.Month, f.AsOf)
	if errors.Is(err, budgetsvc.ErrNoBudget) {
		return rep, nil, f, badRequest(msg.WebNoBudgetYear, f.Year)
	}
	return rep, b, f, err
}

// budgetPageData is what budget.html shows besides the charts.
type budgetPageData struct {
	Report    budget.Report
	Budget    *budget.Budget
	Findings  []budget.Finding
	Paragraph string
	Years     []int
	Year      int
	Period    string
	CanLoad   bool
	Summary   *load.Summary
	TotalRows int
	File      string
	Message   string
	LoadedOK  bool
	Warned    []budget.Result // red lines first
	// MonitorProjects are the projects with a 绩效运行监控表.
	MonitorProjects []budget.Line
	Department      string
	// OwnUnit is the budget unit a unit's reporter is restricted to (nil
	// for city staff and leaders, who see the whole department).
	OwnUnit *budget.Unit
}

// budgetPage serves GET /budget: 预算执行.
func (h *Handler) budgetPage(c *fiber.Ctx) error {
	return h.renderBudget(c, budgetPageData{})
}

func (h *Handler) renderBudget(c *fiber.Ctx, pd budgetPageData) error {
	rep, b, f, err := h.budgetReport(c)
	if err != nil {
		return err
	}
	cs, err := dashboards.BudgetCharts(rep)
	if err != nil {
		return err
	}
	d := h.base(c, f.query(), "预算执行", "budget")
	d.Years = nil
	pd.Report, pd.Budget = rep, b
	if pd.Years, err = h.budget.Years(c.UserContext()); err != nil {
		return err
	}
	pd.Year, pd.Department = rep.Year, b.Department
	pd.MonitorProjects = budget.MonitorProjects(*b)
	own, err := h.ownBudgetUnit(c)
	if err != nil {
		return err
	}
	if own == "" {
		// The consistency report and the 简报 paragraph speak of the whole
		// department: not for a unit's reporter.
		pd.Findings, pd.Paragraph = budget.Check(*b), budget.Paragraph(rep)
	} else if bu, ok := budget.LookupUnit(b.Units, own); ok {
		pd.OwnUnit = &bu
	}
	if rep.Month > 0 {
		pd.Period = fmt.Sprintf("%04d-%02d", rep.Year, rep.Month)
	}
	if u, ok := currentUser(c); ok {
		pd.CanLoad = auth.IsStaff(u)
	}

	for _, r := range rep.Lines {
		if r.Color == "red" {
			pd.Warned = append(pd.Warned, r)
		}
	}
	d.Charts, d.Data = cs, pd
	if own == "" { // downloads are the whole department's
		d.ExportPage, d.ExportQS = "budget", c.Request().URI().QueryArgs().String()
	}
	return h.render(c, "budget", d)
}

// budgetCharts rebuilds the page's charts for downloads.
func (h *Handler) budgetCharts(c *fiber.Ctx) ([]dashboards.Chart, error) {
	rep, _, _, err := h.budgetReport(c)
	if err != nil {
		return nil, err
	}
	return dashboards.BudgetCharts(rep)
}

// apiBudget serves GET /api/v1/budget?year=&period=&asof=.
func (h *Handler) apiBudget(c *fiber.Ctx) error {
	rep, b, _, err := h.budgetReport(c)
	if err != nil {
		return err
	}
	own, err := h.ownBudgetUnit(c)
	if err != nil {
		return err
	}
	out := fiber.Map{
		"year": rep.Year, "month": rep.Month, "period_label": rep.PeriodLabel, "year_end": rep.YearEnd,
		"time_progress_pct": rep.TimeProgressPct, "has_payments": rep.HasPayments, "thresholds": rep.Config,
		"department": b.Department, "total": rep.Total, "lines": rep.Lines,
	}
	if own == "" {
		out["paragraph"], out["consistency"] = budget.Paragraph(rep), budget.Check(*b)
	} else {
		// A unit's reporter: its own rows only; the department-wide
		// paragraph and consistency report are left out.
		out["budget_unit"] = own
	}
	return c.JSON(out)
}

// budgetUpload serves POST /budget/payments: a payments file through the
// same loader as `ingest payments`, all or nothing.
func (h *Handler) budgetUpload(c *fiber.Ctx) error {
	sum, name, err := h.loadPayments(c)
	pd := budgetPageData{File: name}
	if sum != nil {
		pd.Summary, pd.TotalRows = &sum.Summary, sum.TotalRows
	}
	var ue *review.InputError
	var fe *parse.FileError
	switch {
	case err == nil:
		pd.LoadedOK = true
	case errors.Is(err, load.ErrRejected):
		c.Status(fiber.StatusUnprocessableEntity)
		pd.Message = msg.Text(err)
	case errors.As(err, &fe):
		c.Status(fiber.StatusUnprocessableEntity)
		pd.Message = msg.Text(fe)
	case errors.As(err, &ue):
		c.Status(fiber.StatusBadRequest)
		pd.Message = msg.Text(ue)
	default:
		return err
	}
	return h.renderBudget(c, pd)
}

// loadPayments reads the uploaded file and loads it for the form's year.
func (h *Handler) loadPayments(c *fiber.Ctx) (*budgetload.Summary, string, error) {
	svc, err := h.budgetService()
	if err != nil {
		return nil, "", err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", reviewInput(msg.WebChoosePaymentsFile)
	}
	name := string([]byte(fh.Filename))
	if fh.Size > review.MaxImportBytes {
		return nil, name, reviewInput(msg.WebPaymentsTooLarge)
	}
	fr, err := fh.Open()
	if err != nil {
		return nil, name, err
	}
	defer fr.Close()
	data, err := io.ReadAll(io.LimitReader(fr, review.MaxImportBytes+1))
	if err != nil {
		return nil, name, err
	}
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		if err := review.CheckXLSX(data); err != nil {
			return nil, name, err // the same zip-bomb guard as every other upload
		}
	}
	f, err := parseViewForm(c)
	if err != nil {
		return nil, name, err
	}
	year := f.Year
	if y := c.FormValue("year"); y != "" {
		if _, err := fmt.Sscanf(y, "%d", &year); err != nil {
			return nil, name, badRequest(msg.WebBadBudgetYear, y)
		}
	}
	if year == 0 {
		ys, err := svc.Years(c.UserContext())
		if err != nil {
			return nil, name, err
		}
		if len(ys) == 0 {
			return nil, name, badRequest(msg.WebNoBudgetForPayments)
		}
		year = ys[len(ys)-1]
	}
	a := actor(c)
	sum, err := svc.ImportPayments(c.UserContext(), budgetsvc.Actor{Name: a.Name, Role: a.Role, IP: a.IP, RequestID: a.RequestID}, year, name, data)
	return sum, name, err
}

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
