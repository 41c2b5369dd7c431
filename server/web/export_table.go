package web

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/export"
	"industrydash/internal/msg"
)

// chartsFor rebuilds the charts of a page for the same query, so that a
// download always holds exactly the numbers the page showed.
func (h *Handler) chartsFor(c *fiber.Ctx, page string) ([]dashboards.Chart, error) {
	f, err := parseViewForm(c)
	if err != nil {
		return nil, err
	}
	ctx, q := c.UserContext(), f.query()
	switch page {
	case "overview":
		ov, err := h.svc.Overview(ctx, q)
		if _, err = stale(err); err != nil {
			return nil, err
		}
		return dashboards.OverviewCharts(ov)
	case "chain":
		v, err := h.svc.Chain(ctx, q, c.Query("chain"))
		if _, err = stale(err); err != nil {
			return nil, err
		}
		return dashboards.ChainCharts(v, h.engine())
	case "districts":
		by, err := parseRankBy(c.Query("by"))
		if err != nil {
			return nil, err
		}
		v, err := h.svc.Districts(ctx, q, c.Query("indicator"), by)
		if _, err = stale(err); err != nil {
			return nil, err
		}
		return dashboards.DistrictCharts(v)
	case "parks":
		v, err := h.svc.Parks(ctx, q)
		if _, err = stale(err); err != nil {
			return nil, err
		}
		return dashboards.ParkCharts(v)
	case "leading":
		return h.leadingCharts(c)
	case "budget":
		return h.budgetCharts(c)
	case "indicator":
		v, err := h.svc.Indicator(ctx, q, c.Query("code"), c.Query("org_unit"))
		if _, err = stale(err); err != nil {
			return nil, err
		}
		return dashboards.IndicatorCharts(v)
	}
	return nil, badRequest(msg.WebNoExportPage, page)
}

// exportTable serves /export/{page}/{chart}.{csv|xlsx}: the table behind one
// chart, or every chart of the page (chart "all", XLSX only).
func (h *Handler) exportTable(c *fiber.Ctx) error {
	page := c.Params("page")
	file := c.Params("file")
	dot := strings.LastIndexByte(file, '.')
	if dot < 0 {
		return badRequest(msg.WebExportNoFormat)
	}
	id, format := file[:dot], file[dot+1:]
	if format != "csv" && format != "xlsx" {
		return badRequest(msg.WebExportFormat)
	}
	cs, err := h.chartsFor(c, page)
	if err != nil {
		return err
	}
	var tables []export.Table
	if id == "all" {
		for _, ch := range cs {
			tables = append(tables, ch.Table)
		}
	} else {
		ch, ok := dashboards.Find(cs, id)
		if !ok {
			return userErr(fiber.StatusNotFound, msg.WebNoChart, page, id)
		}
		tables = []export.Table{ch.Table}
	}
	if len(tables) == 0 {
		return userErr(fiber.StatusNotFound, msg.WebNothingToExport)
	}
	name := tables[0].Title
	if id == "all" {
		name = page
	}
	if format == "csv" {
		if len(tables) > 1 {
			return badRequest(msg.WebExportOneCSV)
		}
		var buf bytes.Buffer
		if err := export.WriteCSV(&buf, tables[0]); err != nil {
			return err
		}
		setDownload(c, name+".csv", "text/csv; charset=utf-8")
		return c.Send(buf.Bytes())
	}
	b, err := export.XLSX(tables...)
	if err != nil {
		return err
	}
	setDownload(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	return c.Send(b)
}

func setDownload(c *fiber.Ctx, name, mime string) {
	c.Set(fiber.HeaderContentType, mime)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="export.%s"; filename*=UTF-8''%s`,
		name[strings.LastIndexByte(name, '.')+1:], url.PathEscape(name)))
}
