package web

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/auth"
	"industrydash/internal/budget"
	"industrydash/internal/budgetload"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/load"
	"industrydash/internal/parse"
	"industrydash/internal/review"
)

// The department budget (预算执行): its page, API, exports and the payments
// upload. Reads are for everyone who reads the city (admins, analysts,
// leaders); loading payments is for analysts and admins, who do the
// bureau's finance work (there is no separate finance role: see README).

func (h *Handler) budgetService() (*budgetsvc.Service, error) {
	if h.budget == nil {
		return nil, &userError{status: fiber.StatusNotFound, msg: "本服务未启用部门预算功能"}
	}
	return h.budget, nil
}

// budgetReport parses the query and builds the report.
func (h *Handler) budgetReport(c *fiber.Ctx) (budget.Report, *budget.Budget, viewForm, error) {
	svc, err := h.budgetService()
	if err != nil {
		return budget.Report{}, nil, viewForm{}, err
	}
	f, err := parseViewForm(c)
	if err != nil {
		return budget.Report{}, nil, f, err
	}
	if f.Year == 0 {
		ys := svc.Years()
		if len(ys) == 0 {
			return budget.Report{}, nil, f, &userError{status: fiber.StatusNotFound, msg: "尚无部门预算数据"}
		}
		f.Year = ys[len(ys)-1]
	}
	rep, b, err := svc.Report(c.UserContext(), f.Year, f.Month, f.AsOf)
	if errors.Is(err, budgetsvc.ErrNoBudget) {
		return rep, nil, f, badRequest(fmt.Sprintf("没有 %d 年的部门预算，请选择其他年度", f.Year))
	}
	return rep, b, f, err
}

// budgetPageData is what budget.html shows besides the charts.
type budgetPageData struct {
	Report     budget.Report
	Budget     *budget.Budget
	Findings   []budget.Finding
	Paragraph  string
	Years      []int
	Year       int
	Period     string
	CanLoad    bool
	Summary    *load.Summary
	TotalRows  int
	File       string
	Message    string
	LoadedOK   bool
	Warned     []budget.Result // red lines first
	Department string
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
	pd.Report, pd.Budget, pd.Findings, pd.Paragraph = rep, b, budget.Check(*b), budget.Paragraph(rep)
	pd.Years, pd.Year, pd.Department = h.budget.Years(), rep.Year, b.Department
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
	d.ExportPage, d.ExportQS = "budget", c.Request().URI().QueryArgs().String()
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
	return c.JSON(fiber.Map{
		"year": rep.Year, "month": rep.Month, "period_label": rep.PeriodLabel, "year_end": rep.YearEnd,
		"time_progress_pct": rep.TimeProgressPct, "has_payments": rep.HasPayments, "thresholds": rep.Config,
		"department": b.Department, "total": rep.Total, "lines": rep.Lines, "paragraph": budget.Paragraph(rep),
		"consistency": budget.Check(*b),
	})
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
		pd.Message = err.Error()
	case errors.As(err, &fe):
		c.Status(fiber.StatusUnprocessableEntity)
		pd.Message = fe.Error()
	case errors.As(err, &ue):
		c.Status(fiber.StatusBadRequest)
		pd.Message = ue.Msg
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
		return nil, "", &review.InputError{Msg: "请选择要导入的支付数据文件（CSV 或 XLSX）"}
	}
	name := string([]byte(fh.Filename))
	if fh.Size > review.MaxImportBytes {
		return nil, name, &review.InputError{Msg: "文件过大，请拆分后上传，或由管理员用 ingest payments 命令导入"}
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
	f, err := parseViewForm(c)
	if err != nil {
		return nil, name, err
	}
	year := f.Year
	if y := c.FormValue("year"); y != "" {
		if _, err := fmt.Sscanf(y, "%d", &year); err != nil {
			return nil, name, badRequest("年度“" + y + "”无效")
		}
	}
	if year == 0 {
		ys := svc.Years()
		if len(ys) == 0 {
			return nil, name, badRequest("尚无部门预算，无法导入支付数据")
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
	return strings.TrimSuffix(budget.FormatAmount(*p), "万元")
}
