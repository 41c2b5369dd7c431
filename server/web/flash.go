package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// A flash is the one-time notice a page shows after a redirect ("已发布 …").
// It travels in a cookie signed with the session's CSRF secret, never in the
// URL: a link cannot make the page show text of someone else's choosing
// (issue 24), and a flash set for one session means nothing in another.

const flashCookie = "ids_flash"

func flashMAC(key, msg string) string {
	m := hmac.New(sha256.New, []byte("flash\x00"+key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// setFlash makes the next page this session opens show msg once.
func (h *Handler) setFlash(c *fiber.Ctx, msg string) {
	sess, ok := currentSession(c)
	if !ok || !utf8.ValidString(msg) {
		return
	}
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(msg)) + "." + flashMAC(sess.CSRF, msg),
		Path: "/", MaxAge: 300, HTTPOnly: true, Secure: h.secureCookies, SameSite: fiber.CookieSameSiteStrictMode})
}

// takeFlash returns the flash this session set (and clears it); "" when
// there is none or its signature does not match the session.
func (h *Handler) takeFlash(c *fiber.Ctx) string {
	v := c.Cookies(flashCookie)
	if v == "" {
		return ""
	}
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", Expires: time.Unix(1, 0), HTTPOnly: true, Secure: h.secureCookies,
		SameSite: fiber.CookieSameSiteStrictMode})
	sess, ok := currentSession(c)
	enc, mac, found := strings.Cut(v, ".")
	if !ok || !found {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(mac), []byte(flashMAC(sess.CSRF, string(b)))) {
		return ""
	}
	return string(b)
}
