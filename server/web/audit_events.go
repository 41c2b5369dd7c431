package web

import (
	"mime"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Security events the 等保 audit asks for beyond writes: every refusal
// (403), every throttled request (429) and every download of data. Writes
// are audited where they happen (auth, review, targets, …).

// auditRequest appends an entry about this request by the current user (or
// the anonymous client).
func (h *Handler) auditRequest(c *fiber.Ctx, action, desc string) error {
	a := actor(c)
	e := a.Entry(action, c.Method()+" "+c.Path(), "", desc)
	return h.audit.AppendAudit(c.UserContext(), e)
}

// auditRefusal records a 403 or 429 answer; called by the error handler. A
// failure to audit is logged, not shown: the answer is a refusal anyway.
func (h *Handler) auditRefusal(c *fiber.Ctx, status int, msg string) {
	action := "access.denied"
	if status == fiber.StatusTooManyRequests {
		action = "request.throttled"
	}
	if err := h.auditRequest(c, action, msg); err != nil {
		rid, _ := c.Locals("requestid").(string)
		h.log.Error("audit refusal", "request_id", rid, "status", status, "err", err)
	}
}

// auditDownloads audits every successful download (a response with a
// Content-Disposition: chart data, the audit log, briefings, templates,
// 监控表) with the file name. A download that cannot be audited fails.
func (h *Handler) auditDownloads(c *fiber.Ctx) error {
	if err := c.Next(); err != nil {
		return err
	}
	cd := string(c.Response().Header.Peek(fiber.HeaderContentDisposition))
	if cd == "" || c.Response().StatusCode() != fiber.StatusOK {
		return nil
	}
	name := cd
	if _, params, err := mime.ParseMediaType(cd); err == nil && params["filename"] != "" {
		name = params["filename"]
	}
	action := "data.export"
	if strings.HasPrefix(c.Path(), "/audit/") {
		action = "audit.export"
	}
	if err := h.auditRequest(c, action, "下载 "+name+"（"+c.OriginalURL()+"）"); err != nil {
		c.Response().Header.Del(fiber.HeaderContentDisposition)
		c.Response().ResetBody()
		return err
	}
	return nil
}
