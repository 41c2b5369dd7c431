package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// boardView is what submissions.html shows.
type boardView struct {
	Board   *review.Board
	Pending []store.Submission
	Staff   bool
	Years   []int
	// UnitTargets are a reporter's own unit's targets (分解下达) with progress.
	UnitTargets []monitor.Row
}

// boardYear reads ?year= (default: the monitor's current year).
func (h *Handler) boardYear(c *fiber.Ctx) (int, error) {
	if y := strings.TrimSpace(c.Query("year")); y != "" {
		v, err := strconv.Atoi(y)
		if err != nil || v < 2000 || v > 2100 {
			return 0, badRequest(msg.WebBadYearParam, y)
		}
		return v, nil
	}
	q, err := h.svc.Resolve(c.UserContext(), monitor.Query{})
	if err != nil {
		return 0, err
	}
	return q.Year, nil
}

// submissionsPage serves GET /submissions: the 填报 status board (staff:
// every unit and the review queue; reporters: their own unit's row).
func (h *Handler) submissionsPage(c *fiber.Ctx) error {
	u, _ := currentUser(c)
	year, err := h.boardYear(c)
	if err != nil {
		return err
	}
	only := ""
	if !auth.IsStaff(u) {
		only = u.OrgUnit
	}
	b, err := h.review.Board(c.UserContext(), year, only)
	if err != nil {
		return err
	}
	v := boardView{Board: b, Staff: auth.IsStaff(u)}
	if v.Staff {
		if v.Pending, err = h.review.List(c.UserContext(), store.SubmissionFilter{Status: store.StatusSubmitted}); err != nil {
			return err
		}
	}
	if ys, err := h.svc.Years(c.UserContext()); err == nil {
		v.Years = ys
	}
	if !v.Staff && u.OrgUnit != "" {
		rows, _, err := h.svc.UnitTargets(c.UserContext(), monitor.Query{Year: year}, u.OrgUnit)
		if err != nil {
			return err
		}
		v.UnitTargets = rows
	}
	return h.render(c, "submissions", pageData{Title: "填报", Nav: "submissions", Data: v})
}
