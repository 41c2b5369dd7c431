package web

import (
	"bytes"
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/msg"
	"industrydash/internal/targets"
)

// apiTargetRevisionCreate serves POST /api/v1/targets/revisions: a 年中调整
// of a published target (analysts and admins). It answers 201 with the new
// revision and the 年初下达 it replaces.
func (h *Handler) apiTargetRevisionCreate(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	var in targets.RevisionInput
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return badRequest(msg.WebBadRevisionJSON)
	}
	rev, err := h.targets.Revise(c.UserContext(), actor(c), in)
	if err != nil {
		return err
	}
	rows, err := h.targets.Rows(c.UserContext(), rev.Year)
	if err != nil {
		return err
	}
	out := fiber.Map{"target": rev}
	for _, r := range rows {
		if r.Current.Key() == rev.Key() {
			out["target_initial"] = r.Initial
			out["adjustment"] = r.Adjustment
		}
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}
