package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/msg"
	"industrydash/internal/targets"
)

// targetsSplitPage serves GET /targets/split?year=&indicator=: the 分解下达
// table of one city target, with the sum and the 市直/其他 remainder.
func (h *Handler) targetsSplitPage(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	year, err := h.targetsYear(c, c.Query("year"))
	if err != nil {
		return err
	}
	v, err := h.targetsData(c, year)
	if err != nil {
		return err
	}
	if code := strings.TrimSpace(c.Query("indicator")); code != "" {
		sp, err := h.targets.SplitOf(c.UserContext(), year, code)
		if err != nil {
			return err
		}
		v.Split = sp
	}
	v.Notice = h.takeFlash(c)
	return h.render(c, "targets", pageData{Title: "目标管理", Nav: "targets", Data: v})
}

// targetsSplitSave serves POST /targets/split: each unit's share (part_<code>).
func (h *Handler) targetsSplitSave(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	f := func(k string) string { return strings.TrimSpace(strings.Clone(c.FormValue(k))) }
	year, err := h.targetsYear(c, f("year"))
	if err != nil {
		return err
	}
	code := f("indicator")
	sp, err := h.targets.SplitOf(c.UserContext(), year, code)
	if err != nil {
		return err
	}
	in := targets.SplitInput{Year: year, Indicator: code, Document: f("document")}
	for _, u := range sp.Units {
		s := f("part_" + u.Code)
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return badRequest(msg.WebTargetValueNotNumber, u.Name, s)
		}
		in.Parts = append(in.Parts, targets.SplitPart{OrgUnit: u.Code, Value: v})
	}
	after, _, err := h.targets.SaveSplit(c.UserContext(), actor(c), in)
	if err != nil {
		return err
	}
	h.setFlash(c, fmt.Sprintf("已分解下达：%d 个单位合计 %s%s，市直/其他 %s%s", len(after.Parts),
		strconv.FormatFloat(after.Sum, 'f', -1, 64), after.Indicator.Unit, strconv.FormatFloat(after.Remainder, 'f', -1, 64), after.Indicator.Unit))
	return c.Redirect(fmt.Sprintf("/targets/split?year=%d&indicator=%s", year, url.QueryEscape(code)), fiber.StatusSeeOther)
}
