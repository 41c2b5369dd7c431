package web

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
)

// chainPage serves one 产业链/板块 page.
func (h *Handler) chainPage(c *fiber.Ctx) error {
	f, err := parseViewForm(c)
	if err != nil {
		return err
	}
	name, err := url.PathUnescape(c.Params("name"))
	if err != nil {
		return badRequest("产业链名称无效")
	}
	v, err := h.svc.Chain(c.UserContext(), f.query(), name)
	isStale, err := stale(err)
	if err != nil {
		return err
	}
	cs, err := dashboards.ChainCharts(v, h.engine())
	if err != nil {
		return err
	}
	d := h.base(c, v.Query, v.Chain, "chain:"+v.Chain)
	d.Stale, d.Demo, d.Charts, d.Data = d.Stale || isStale, v.Demo, cs, v
	d.ExportPage, d.ExportQS = "chain", withParam(d.QS, "chain", v.Chain)
	return h.render(c, "chain", d)
}
