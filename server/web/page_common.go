package web

import (
	"context"
	"errors"
	"html/template"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/monitor"
)

// stale separates the "served from last good data" signal from real errors:
// it returns stale=true and a nil error for *monitor.ErrStale.
func stale(err error) (bool, error) {
	var s *monitor.ErrStale
	if errors.As(err, &s) {
		return true, nil
	}
	return false, err
}

// base fills what every page shows: pickers, chain menu, flags.
func (h *Handler) base(c *fiber.Ctx, q monitor.Query, title, nav string) pageData {
	d := pageData{Title: title, Nav: nav, Query: q, QS: template.URL(qs(q))}
	if ys, err := h.svc.Years(c.UserContext()); err == nil {
		d.Years = ys
	} else {
		noStore(c) // a page without its year picker is not the current answer
	}
	if chains, err := h.svc.Chains(c.UserContext(), q); chains != nil {
		d.Chains = chains
		d.Stale = d.Stale || err != nil
	}
	if d.Stale {
		noStore(c)
	}
	return d
}

// loadView parses the request's view query (year, period, asof, pending) and
// runs a monitor view with it. isStale reports an answer served from the
// last good data because the store is unreachable; err is a real failure.
func loadView[T any](c *fiber.Ctx, get func(ctx context.Context, q monitor.Query) (T, error)) (v T, isStale bool, err error) {
	f, err := parseViewForm(c)
	if err != nil {
		return v, false, err
	}
	v, err = get(c.UserContext(), f.query())
	isStale, err = stale(err)
	if isStale {
		noStore(c) // the last good data: never kept as the current answer
	}
	return v, isStale, err
}
