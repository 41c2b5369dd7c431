package web

import (
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/msg"
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

// bodyValue returns a field of the request body (URL-encoded or multipart
// form), never of the query string: a CSRF token in a URL leaks through
// logs, history and Referer, so it is not accepted there.
func bodyValue(c *fiber.Ctx, key string) string {
	if v := c.Request().PostArgs().Peek(key); len(v) > 0 {
		return string(v)
	}
	if mf, err := c.Request().MultipartForm(); err == nil && len(mf.Value[key]) > 0 {
		return mf.Value[key][0]
	}
	return ""
}

// checkPreCSRF checks the double-submit token of a pre-login form.
func checkPreCSRF(c *fiber.Ctx) error {
	if !auth.SameSecret(bodyValue(c, csrfField), c.Cookies(preCSRFCookie)) {
		return forbidden(msg.WebPageExpired)
	}
	return nil
}

// safeNext keeps a post-login redirect on this site: control characters
// (which browsers drop, so "/\t/evil.example" means "//evil.example") are
// removed first, then only an absolute path on this site is accepted — no
// scheme, no host, no "//" or backslash start (browsers read "\" as "/").
// Anything else goes to "/".
func safeNext(next string) string {
	clean := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, next)
	if !strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "//") || strings.Contains(clean, "\\") {
		return "/"
	}
	u, err := url.Parse(clean)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	return clean
}
