package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/store"
)

func (h *Handler) setSessionCookie(c *fiber.Ctx, value string, sess store.Session) {
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: value, Path: "/", Expires: sess.ExpiresAt,
		HTTPOnly: true, Secure: h.secureCookies, SameSite: fiber.CookieSameSiteLaxMode})
}

func (h *Handler) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", Expires: time.Unix(1, 0),
		HTTPOnly: true, Secure: h.secureCookies, SameSite: fiber.CookieSameSiteLaxMode})
}

// preCSRF returns the double-submit token of the forms shown before login
// (login, setup), setting its cookie when missing.
func (h *Handler) preCSRF(c *fiber.Ctx) string {
	if v := c.Cookies(preCSRFCookie); len(v) >= 32 {
		return v
	}
	v := auth.NewSecret()
	c.Cookie(&fiber.Cookie{Name: preCSRFCookie, Value: v, Path: "/", HTTPOnly: true, Secure: h.secureCookies,
		SameSite: fiber.CookieSameSiteStrictMode})
	return v
}

// checkPreCSRF checks the double-submit token of a pre-login form.
func checkPreCSRF(c *fiber.Ctx) error {
	if !auth.SameSecret(c.FormValue(csrfField), c.Cookies(preCSRFCookie)) {
		return forbidden("页面已过期或缺少安全校验码，请刷新页面后重试")
	}
	return nil
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}
