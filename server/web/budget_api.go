package web

import (
	"github.com/gofiber/fiber/v2"

	"industrydash/internal/budget"
)

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
