package web

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/msg"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// apiSubmissionRequest is the body of POST /api/v1/submissions.
type apiSubmissionRequest struct {
	OrgUnit string `json:"org_unit"`
	Period  string `json:"period"`
	// Draft keeps the figures as a draft instead of submitting them.
	Draft  bool `json:"draft"`
	Values []struct {
		Indicator string          `json:"indicator"`
		Value     json.RawMessage `json:"value"`
		Unit      string          `json:"unit"`
		ValueType string          `json:"value_type"`
		Note      string          `json:"note"`
	} `json:"values"`
}

// apiSubmissionCreate serves POST /api/v1/submissions: creates or updates a
// unit's figures for a month and submits them (201), 422 with located
// issues when they do not validate, 403 for another unit.
func (h *Handler) apiSubmissionCreate(c *fiber.Ctx) error {
	var req apiSubmissionRequest
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return badRequest(msg.WebBadSubmissionJSON)
	}
	if strings.TrimSpace(req.OrgUnit) == "" {
		u, _ := currentUser(c)
		req.OrgUnit = u.OrgUnit
	}
	unit, ok, err := h.review.LookupUnit(c.UserContext(), req.OrgUnit)
	if err != nil {
		return err
	}
	code := req.OrgUnit
	if ok {
		code = unit.Code
	}
	if err := requireUnit(c, code); err != nil {
		return err
	}
	if !ok {
		return badRequest(msg.WebUnknownUnitCode, req.OrgUnit)
	}
	month, err := review.ParseMonth(req.Period)
	if err != nil {
		return err
	}
	entries := make([]review.Entry, len(req.Values))
	for i, v := range req.Values {
		text := strings.TrimSpace(string(v.Value))
		if s, err := strconv.Unquote(text); err == nil {
			text = s
		} else if text == "null" {
			text = ""
		}
		entries[i] = review.Entry{Indicator: v.Indicator, Value: text, Unit: v.Unit, ValueType: v.ValueType, Note: v.Note}
	}
	out, err := h.review.Save(c.UserContext(), actor(c), unit.Code, month, review.Input{Entries: entries, Submit: !req.Draft, Source: "api", API: true})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// apiSubmissionList serves GET /api/v1/submissions?org_unit=&period=&status=.
func (h *Handler) apiSubmissionList(c *fiber.Ctx) error {
	u, _ := currentUser(c)
	f := store.SubmissionFilter{Status: c.Query("status")}
	if q := strings.TrimSpace(c.Query("org_unit")); q != "" {
		unit, ok, err := h.review.LookupUnit(c.UserContext(), q)
		if err != nil {
			return err
		}
		f.OrgUnit = q
		if ok {
			f.OrgUnit = unit.Code
		}
	}
	if !auth.IsStaff(u) {
		if f.OrgUnit == "" {
			f.OrgUnit = u.OrgUnit
		}
		if err := requireUnit(c, f.OrgUnit); err != nil {
			return err
		}
	}
	if p := strings.TrimSpace(c.Query("period")); p != "" {
		m, err := review.ParseMonth(p)
		if err != nil {
			return err
		}
		f.Year, f.Month = m.Year, m.To
	} else if y := c.QueryInt("year"); y > 0 {
		f.Year = y
	}
	subs, err := h.review.List(c.UserContext(), f)
	if err != nil {
		return err
	}
	if subs == nil {
		subs = []store.Submission{}
	}
	return c.JSON(fiber.Map{"submissions": subs})
}

// apiSubmissionGet serves GET /api/v1/submissions/:id with its events.
func (h *Handler) apiSubmissionGet(c *fiber.Ctx) error {
	sub, err := h.review.Get(c.UserContext(), c.Params("id"))
	if errors.Is(err, store.ErrNotFound) {
		if err := requireUnit(c, strings.SplitN(c.Params("id"), "-", 2)[0]); err != nil {
			return err
		}
		return userErr(fiber.StatusNotFound, msg.WebNoSubmission, c.Params("id"))
	}
	if err != nil {
		return err
	}
	if err := requireUnit(c, sub.OrgUnit); err != nil {
		return err
	}
	evs, err := h.review.Events(c.UserContext(), sub.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"submission": sub, "events": evs})
}

// apiSubmissionReview serves POST /api/v1/submissions/:id/{approve,return,reopen}
// with {"reason": "…"} for return and reopen.
func (h *Handler) apiSubmissionReview(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var body struct {
			Reason         string `json:"reason"`
			OverrideReason string `json:"override_reason"` // approve: an admin approving their own submission
		}
		if len(c.Body()) > 0 {
			if err := json.Unmarshal(c.Body(), &body); err != nil {
				body.Reason = c.FormValue("reason")
			}
		}
		id := c.Params("id")
		var (
			sub store.Submission
			err error
		)
		switch action {
		case "approve":
			sub, err = h.review.Approve(c.UserContext(), actor(c), id, body.OverrideReason)
		case "return":
			sub, err = h.review.Return(c.UserContext(), actor(c), id, body.Reason)
		case "reopen":
			sub, err = h.review.Reopen(c.UserContext(), actor(c), id, body.Reason)
		}
		if err != nil {
			return err
		}
		return c.JSON(fiber.Map{"submission": sub})
	}
}
