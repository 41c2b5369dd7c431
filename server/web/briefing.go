package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/briefing"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
)

// briefingFormats maps ?format= to the content type and file extension.
var briefingFormats = map[string]struct{ mime, ext string }{
	"html": {"text/html; charset=utf-8", "html"},
	"pdf":  {"application/pdf", "pdf"},
	"docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
}

// apiBriefing serves GET /api/v1/briefing?year=&period=&format=&asof=. The
// as-of time is returned in X-Briefing-As-Of; passing it back as ?asof=
// regenerates the same numbers even after later corrections.
func (h *Handler) apiBriefing(c *fiber.Ctx) error {
	f, err := parseViewForm(c)
	if err != nil {
		return err
	}
	format := c.Query("format", "html")
	ft, ok := briefingFormats[format]
	if !ok {
		return badRequest(msg.WebBriefingFormat)
	}
	b, err := briefing.Compose(c.UserContext(), h.svc, f.query(), briefing.Options{Observations: h.obs, Appendix: wantsAppendix(c)})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch format {
	case "html":
		err = briefing.WriteHTML(&buf, b)
	case "pdf":
		err = briefing.WritePDF(c.UserContext(), &buf, b)
		if errors.Is(err, briefing.ErrNoPDFEngine) {
			return &userError{status: fiber.StatusServiceUnavailable, err: err}
		}
	case "docx":
		err = briefing.WriteDOCX(&buf, b)
	case "xlsx":
		err = briefing.WriteXLSX(&buf, b)
	}
	if err != nil {
		return fmt.Errorf("render briefing %s: %w", format, err)
	}
	c.Set("X-Briefing-As-Of", b.AsOf.Format(time.RFC3339))
	if format == "html" {
		c.Set(fiber.HeaderContentType, ft.mime)
		return c.Send(buf.Bytes())
	}
	setDownload(c, b.Title+"."+ft.ext, ft.mime)
	return c.Send(buf.Bytes())
}

// briefingPage serves 简报: the briefing with its downloads. The as-of time
// is fixed when the page is opened, so every download matches the page.
func (h *Handler) briefingPage(c *fiber.Ctx) error {
	f, err := parseViewForm(c)
	if err != nil {
		return err
	}
	q := f.query()
	if q.AsOf.IsZero() {
		q.AsOf = time.Now().UTC().Truncate(time.Second)
	}
	q, err = h.svc.Resolve(c.UserContext(), q)
	if err != nil {
		return err
	}
	d := h.base(c, q, "简报", "briefing")
	_, pdfErr := briefing.ChromiumPath()
	link := qs(q)
	appendix := wantsAppendix(c)
	if appendix {
		link = withParam(link, "appendix", "1")
	}
	d.Data = briefingPageData{QS: template.URL(link), AsOf: q.AsOf, PDFError: errText(pdfErr),
		Appendix: appendix, Query: q}
	return h.render(c, "briefing", d)
}

// wantsAppendix reports ?appendix=1: the full table (附表) after the body.
func wantsAppendix(c *fiber.Ctx) bool {
	switch c.Query("appendix") {
	case "1", "true", "on":
		return true
	}
	return false
}

type briefingPageData struct {
	// QS keeps year, period, asof, pending and appendix in every link.
	QS       template.URL
	AsOf     time.Time
	PDFError string
	Appendix bool
	Query    monitor.Query
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return msg.Text(briefing.ErrNoPDFEngine)
}
