package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/msg"
	"industrydash/internal/targets"
)

// targetsRevise serves POST /targets/revise: a 年中调整 from the page.
func (h *Handler) targetsRevise(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	f := func(k string) string { return strings.TrimSpace(strings.Clone(c.FormValue(k))) }
	year, err := h.targetsYear(c, f("year"))
	if err != nil {
		return err
	}
	key := strings.SplitN(f("target"), "|", 2)
	if len(key) != 2 {
		return badRequest(msg.WebNoTargetChosen)
	}
	in := targets.RevisionInput{Year: year, Indicator: key[0], OrgUnit: key[1], Comparator: f("comparator"), Reason: f("reason"), Document: f("document")}
	for k, dst := range map[string]**float64{"value": &in.Value, "value_high": &in.ValueHigh, "tolerance": &in.Tolerance} {
		if s := f(k); s != "" {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return badRequest(msg.WebNotANumber, s)
			}
			*dst = &v
		}
	}
	rev, err := h.targets.Revise(c.UserContext(), actor(c), in)
	if err != nil {
		return err
	}
	h.setFlash(c, fmt.Sprintf("已记录年中调整：%s 第 %d 版", rev.Indicator, rev.Revision))
	return c.Redirect(fmt.Sprintf("/targets?year=%d", year), fiber.StatusSeeOther)
}
