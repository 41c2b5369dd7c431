package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/auth"
	"industrydash/internal/budget"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/load"
	"industrydash/internal/msg"
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
