package web

import (
	"bytes"
	"html/template"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/export"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// auditView is what audit.html shows.
type auditView struct {
	Entries                 []store.AuditEntry
	Actor, Action, From, To string
	// Query keeps the filters in the export links (a template.URL, so that
	// its "=" and "&" are not escaped).
	Query template.URL
	Limit int
}

// auditFilter reads ?actor=&action=&from=2024-11-01&to=2024-11-30.
func auditFilter(c *fiber.Ctx) (store.AuditFilter, auditView, error) {
	v := auditView{Actor: strings.TrimSpace(c.Query("actor")), Action: strings.TrimSpace(c.Query("action")),
		From: strings.TrimSpace(c.Query("from")), To: strings.TrimSpace(c.Query("to"))}
	f := store.AuditFilter{Actor: v.Actor, Action: v.Action}
	if v.From != "" {
		t, err := parseTime(v.From)
		if err != nil {
			return f, v, badRequest(msg.WebBadFromParam, v.From)
		}
		f.From = t
	}
	if v.To != "" {
		t, err := parseTime(v.To)
		if err != nil {
			return f, v, badRequest(msg.WebBadToParam, v.To)
		}
		if len(v.To) == len("2006-01-02") {
			t = t.Add(24*time.Hour - time.Nanosecond) // the whole day
		}
		f.To = t
	}
	v.Query = template.URL(c.Context().QueryArgs().String()) // String copies
	return f, v, nil
}

// auditPage serves GET /audit: the latest 500 matching entries.
func (h *Handler) auditPage(c *fiber.Ctx) error {
	f, v, err := auditFilter(c)
	if err != nil {
		return err
	}
	f.Limit, v.Limit = 500, 500
	if v.Entries, err = h.audit.AuditLog(c.UserContext(), f); err != nil {
		return err
	}
	return h.render(c, "audit", pageData{Title: "操作日志", Nav: "audit", Data: v})
}

// auditExport serves GET /audit/export/:format (csv or xlsx) with the same filters.
func (h *Handler) auditExport(c *fiber.Ctx) error {
	format := c.Params("format")
	if format != "csv" && format != "xlsx" {
		return badRequest(msg.WebAuditExportFormat)
	}
	f, _, err := auditFilter(c)
	if err != nil {
		return err
	}
	entries, err := h.audit.AuditLog(c.UserContext(), f)
	if err != nil {
		return err
	}
	t := export.Table{ID: "audit", Title: "操作日志", Columns: []string{"时间", "操作人", "角色", "操作", "对象", "原值", "新值", "IP", "请求编号"}}
	for _, e := range entries {
		t.Rows = append(t.Rows, []export.Cell{export.Text(e.At.In(domain.Beijing).Format("2006-01-02 15:04:05")), export.Text(e.Actor), export.Text(e.Role),
			export.Text(e.Action), export.Text(e.Object), export.Text(e.Old), export.Text(e.New), export.Text(e.IP), export.Text(e.RequestID)})
	}
	name := "操作日志_" + time.Now().Format("20060102") + "." + format
	if format == "csv" {
		var buf bytes.Buffer
		if err := export.WriteCSV(&buf, t); err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, contentDisposition(name))
		return c.Send(buf.Bytes())
	}
	b, err := export.XLSX(t)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, contentDisposition(name))
	return c.Send(b)
}
