package web

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/budget"
	"industrydash/internal/budgetdoc"
	"industrydash/internal/htmlpdf"
	"industrydash/internal/msg"
)

// budgetNotice serves GET /budget/report?year=&period=&asof=&format=: the
// department's 预算执行情况通报 as an A4 page (html, the default), PDF or
// Word. It speaks of the whole department, so it is for those who read the
// city (accessCity): a budget unit's reporter sees its own lines on 预算执行.
func (h *Handler) budgetNotice(c *fiber.Ctx) error {
	format := c.Query("format", "html")
	mime, ok := map[string]string{"html": "text/html; charset=utf-8", "pdf": briefingFormats["pdf"].mime, "docx": briefingFormats["docx"].mime}[format]
	if !ok {
		return badRequest(msg.WebNoticeFormat)
	}
	rep, b, f, err := h.fullBudgetReport(c)
	if err != nil {
		return err
	}
	asOf := f.AsOf
	if asOf.IsZero() {
		asOf = time.Now().UTC()
	}
	n := budget.ComposeNotice(b.Department, rep, time.Now().UTC(), asOf)
	var buf bytes.Buffer
	switch format {
	case "html":
		page, err := budgetdoc.NoticeHTML(n)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, mime)
		return c.Send(page)
	case "pdf":
		pdf, err := budgetdoc.NoticePDF(c.UserContext(), n)
		if errors.Is(err, htmlpdf.ErrNoPDFEngine) {
			return &userError{status: fiber.StatusServiceUnavailable, err: err}
		}
		if err != nil {
			return fmt.Errorf("render budget notice pdf: %w", err)
		}
		buf.Write(pdf)
	case "docx":
		if err := budgetdoc.WriteNoticeDOCX(&buf, n); err != nil {
			return fmt.Errorf("render budget notice docx: %w", err)
		}
	}
	setDownload(c, n.FileName()+"."+format, mime)
	return c.Send(buf.Bytes())
}
