package web

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/targets"
)

// userError is a problem with what the user asked for; its message (the
// catalogue's Chinese for err) is shown.
type userError struct {
	status int
	err    error
}

func (e *userError) Error() string { return e.err.Error() }
func (e *userError) Unwrap() error { return e.err }

func badRequest(code msg.Code, args ...any) error {
	return &userError{status: fiber.StatusBadRequest, err: msg.New(code, args...)}
}

// reviewInput is a review.InputError (a 400 with the form shown again)
// with the catalogue's message.
func reviewInput(code msg.Code, args ...any) error {
	return &review.InputError{Err: msg.New(code, args...)}
}

// badInput is a 400 for an error that already carries its message.
func badInput(err error) error { return &userError{status: fiber.StatusBadRequest, err: err} }

// ErrorHandler is the single error path: it logs the error with the request
// id and renders a Chinese message (HTML for pages, JSON for the API) without
// internals.
func (h *Handler) ErrorHandler(c *fiber.Ctx, err error) error {
	status, text := fiber.StatusInternalServerError, msg.Text(msg.New(msg.WebInternal))
	var ue *userError
	var fe *fiber.Error
	var (
		ve  *review.ValidationError
		rie *review.InputError
		rse *review.StateError
		aie *auth.InputError
		tie *targets.InputError
		tve *targets.ValidationError
	)
	var issues any
	switch {
	case errors.As(err, &ue):
		status, text = ue.status, msg.Text(ue.err)
	case errors.As(err, &ve):
		status, text, issues = fiber.StatusUnprocessableEntity, msg.Text(ve.Err), ve.Issues
	case errors.As(err, &rie):
		status, text = fiber.StatusBadRequest, msg.Text(rie)
	case errors.As(err, &aie):
		status, text = fiber.StatusBadRequest, msg.Text(aie)
	case errors.As(err, &tie):
		status, text = fiber.StatusBadRequest, msg.Text(tie)
	case errors.As(err, &tve):
		status, text, issues = fiber.StatusUnprocessableEntity, msg.Text(tve), tve.Problems
	case errors.As(err, &rse):
		status, text = fiber.StatusConflict, msg.Text(rse)
	case errors.Is(err, auth.ErrBusy):
		status, text = fiber.StatusTooManyRequests, msg.Text(err)
	case errors.Is(err, auth.ErrNoSuchUser):
		status, text = fiber.StatusNotFound, msg.Text(err)
	case errors.Is(err, store.ErrConflict):
		status, text = fiber.StatusConflict, conflictMessage(err)
	case errors.Is(err, monitor.ErrNotFound):
		status, text = fiber.StatusNotFound, msg.Text(err)
	case errors.Is(err, store.ErrNotFound):
		status, text = fiber.StatusNotFound, notFoundMessage(err)
	case store.IsDiskFull(err):
		h.diskFullAt.Store(time.Now().UnixNano())
		status, text = fiber.StatusServiceUnavailable, msg.Text(msg.New(msg.WebDiskFull))
	case errors.Is(err, store.ErrUnavailable):
		status, text = fiber.StatusServiceUnavailable, msg.Text(msg.New(msg.WebUnavailable))
	case errors.Is(err, context.DeadlineExceeded):
		status, text = fiber.StatusGatewayTimeout, msg.Text(msg.New(msg.WebTimeout))
	case errors.As(err, &fe):
		status = fe.Code
		switch fe.Code {
		case fiber.StatusNotFound:
			text = msg.Text(msg.New(msg.WebPageNotFound, c.Path()))
		case fiber.StatusMethodNotAllowed:
			text = msg.Text(msg.New(msg.WebMethodNotAllowed))
		case fiber.StatusRequestEntityTooLarge:
			text = tooLargeMessage()
		default:
			text = fe.Message
		}
	}
	rid, _ := c.Locals("requestid").(string)
	switch status {
	case fiber.StatusServiceUnavailable:
		c.Set(fiber.HeaderRetryAfter, "30") // the store is down: clients may retry the same request
	case fiber.StatusTooManyRequests:
		c.Set(fiber.HeaderRetryAfter, "5") // password hashing is saturated: a few seconds
	}
	if status == fiber.StatusForbidden || status == fiber.StatusTooManyRequests {
		h.auditRefusal(c, status, text)
	}
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	h.log.Log(c.Context(), level, "request failed", "request_id", rid, "method", c.Method(), "path", c.Path(), "status", status, "err", err)
	if strings.HasPrefix(c.Path(), "/api/") || strings.Contains(c.Get(fiber.HeaderAccept), fiber.MIMEApplicationJSON) {
		body := fiber.Map{"error": text, "request_id": rid}
		if issues != nil {
			body["issues"] = issues
		}
		return c.Status(status).JSON(body)
	}
	c.Status(status)
	return h.render(c, "error", pageData{Title: "出错了", Error: text, RequestID: rid, Status: status})
}

// userErr is an error with status whose message is the catalogue's code.
func userErr(status int, code msg.Code, args ...any) error {
	return &userError{status: status, err: msg.New(code, args...)}
}
