package web

import (
	"context"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
)

// chainPage serves one 产业链/板块 page.
func (h *Handler) chainPage(c *fiber.Ctx) error {
	name, err := url.PathUnescape(c.Params("name"))
	if err != nil {
		return badRequest(msg.WebBadChainName)
	}
	v, isStale, err := loadView(c, func(ctx context.Context, q monitor.Query) (*monitor.ChainView, error) {
		return h.svc.Chain(ctx, q, name)
	})
	if err != nil {
		return err
	}
	cs, err := dashboards.ChainCharts(v, h.engine())
	if err != nil {
		return err
	}
	d := h.base(c, v.Query, v.Chain, "chain:"+v.Chain)
	d.Stale, d.Demo, d.Charts, d.Data = d.Stale || isStale, v.Demo, cs, v
	d.ExportPage, d.ExportQS = "chain", withParam(string(d.QS), "chain", v.Chain)
	return h.render(c, "chain", d)
}
