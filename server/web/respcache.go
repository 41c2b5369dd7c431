package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/viewcache"
)

// DefaultResponseCacheBytes bounds the encoded-response cache.
const DefaultResponseCacheBytes = 64 << 20

// encoded is a response kept with the cached view it shows: its body, the
// body's gzip and an ETag, so a warm view is served as a byte copy.
type encoded struct {
	contentType []byte
	body, gz    []byte
	etag        string
	etagHeader  []byte // etag, as sendEncoded sets it
}

// The headers every cached answer sends, as bytes and with names in
// fasthttp's canonical form ("Etag"), so that sendEncoded sets them
// without normalising a name or converting a value per request.
var (
	hdrETag           = []byte("Etag")
	hdrVary           = []byte(fiber.HeaderVary)
	hdrCacheControl   = []byte(fiber.HeaderCacheControl)
	valAcceptEncoding = []byte(fiber.HeaderAcceptEncoding)
	valRevalidate     = []byte("private, no-cache")
	valGzip           = []byte("gzip")
)

// cacheScope says what besides the URL and the data version a response
// depends on, and so what its cache key holds.
type cacheScope int

const (
	// scopeShared: the JSON API. The route's access rule has already
	// admitted the user, and the answer depends only on the query (a
	// reporter's unit is in it: scopeUnit rewrites ?org_unit).
	scopeShared cacheScope = iota + 1
	// scopePage: server-rendered pages show the user's name, role menu and
	// the session's CSRF token, so each session has its own entries.
	scopePage
)

// localNoStore marks a response that must not be cached (served from the
// last good data, or otherwise not the current answer).
const localNoStore = "no_store"

// noStore keeps the current response out of the response cache.
func noStore(c *fiber.Ctx) { c.Locals(localNoStore, true) }

// cachedResponse serves next's answer from the encoded-response cache when
// the facts have not changed since it was built. A hit costs a key lookup
// and a copy of the stored bytes (gzip when the client accepts it); a
// client that already has the bytes (If-None-Match) gets 304. Misses run
// next and keep its 200 answer unless it set a cookie, was marked
// noStore, or shows pending (unapproved) data, which is workflow state
// outside the data version.
func (h *Handler) cachedResponse(scope cacheScope, next fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if h.responses == nil || c.Method() != fiber.MethodGet || pendingAsked(c) {
			return next(c)
		}
		ver, err := h.svc.DataVersion(c.UserContext())
		if err != nil {
			return next(c) // the view falls back to the last good data, uncached
		}
		var buf [256]byte // a hit looks its key up from here, unallocated
		kb, ok := h.appendResponseKey(buf[:0], c, scope, ver)
		if !ok {
			return next(c)
		}
		cache := h.responses.At(ver)
		if v, ok := cache.GetBytes(kb); ok {
			h.metrics.ResponseCache(true)
			return sendEncoded(c, v.(*encoded))
		}
		key := string(kb)
		// Concurrent misses of one key wait for one build (a page takes
		// tens of milliseconds to render; two hundred at once would take
		// seconds). The closure runs in the first caller only.
		var (
			built    bool
			buildErr error
		)
		v, _, _ := h.flight.Do(key, func() (any, error) {
			built = true
			if buildErr = next(c); buildErr != nil {
				return (*encoded)(nil), nil
			}
			e := h.capture(c, key)
			if e != nil {
				cache.Add(key, e, int64(len(e.body)+len(e.gz)+len(e.etag)+len(key)+128))
			}
			return e, nil
		})
		e, _ := v.(*encoded)
		// A miss is a build; a caller served by another's build counts as a hit.
		h.metrics.ResponseCache(!built && e != nil)
		switch {
		case built && buildErr != nil:
			return buildErr
		case e != nil:
			return sendEncoded(c, e)
		case built:
			return nil // the first caller's own answer, not one to keep
		}
		return next(c) // the first caller's answer was not shareable: build this one
	}
}

// capture encodes the response next wrote, or returns nil when it is not
// the current answer to keep: not 200, setting a cookie, already encoded,
// or marked noStore.
func (h *Handler) capture(c *fiber.Ctx, key string) *encoded {
	resp := c.Response()
	if resp.StatusCode() != fiber.StatusOK || len(resp.Header.Peek(fiber.HeaderSetCookie)) > 0 ||
		len(resp.Header.ContentEncoding()) > 0 || c.Locals(localNoStore) != nil {
		return nil
	}
	e, err := encode(string(resp.Header.ContentType()), resp.Body())
	if err != nil {
		h.log.Warn("response cache: encode", "key", key, "err", err)
		return nil
	}
	return e
}

// appendResponseKey appends to dst the response's cache key: the data
// version, the scope's identity and the URL. ok is false when the request
// has no identity the scope needs.
func (h *Handler) appendResponseKey(dst []byte, c *fiber.Ctx, scope cacheScope, ver string) ([]byte, bool) {
	b := append(dst, ver...)
	b = append(b, 0)
	if scope == scopePage {
		u, ok := currentUser(c)
		if !ok {
			return nil, false
		}
		s, _ := currentSession(c)
		// Everything render shows of the user and session.
		sum := sha256.Sum256([]byte(u.ID + "\x00" + u.Name + "\x00" + u.DisplayName + "\x00" + u.Role + "\x00" + u.OrgUnit + "\x00" + s.CSRF))
		b = base64.RawStdEncoding.AppendEncode(b, sum[:18])
		b = append(b, 0)
	}
	b = append(b, c.Path()...)
	b = append(b, '?')
	// The parsed arguments, so that a query rewritten by the access rule
	// (a reporter's ?org_unit) is what the key holds.
	return append(b, c.Request().URI().QueryArgs().QueryString()...), true
}

// pendingAsked reports a view that overlays pending submissions.
func pendingAsked(c *fiber.Ctx) bool {
	switch c.Query("pending") {
	case "1", "true", "on":
		return true
	}
	return false
}

// encode prepares a body for the cache: a private copy (Fiber reuses its
// buffers), its gzip and a strong ETag from its hash.
func encode(contentType string, body []byte) (*encoded, error) {
	e := &encoded{contentType: []byte(contentType), body: bytes.Clone(body)}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(e.body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	e.gz = buf.Bytes()
	sum := sha256.Sum256(e.body)
	e.etag = `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
	e.etagHeader = []byte(e.etag)
	return e, nil
}

// sendEncoded writes a cached response: 304 when the client holds the same
// bytes, otherwise the gzip or the plain body (not copied: the cached
// bytes are never changed).
func sendEncoded(c *fiber.Ctx, e *encoded) error {
	h := &c.Response().Header
	h.SetCanonical(hdrETag, e.etagHeader)
	if len(h.Peek(fiber.HeaderVary)) == 0 {
		h.SetCanonical(hdrVary, valAcceptEncoding)
	} else {
		c.Vary(fiber.HeaderAcceptEncoding)
	}
	// Revalidate each time: the ETag answers in microseconds, and a page
	// must never show old figures after new data arrive.
	h.SetCanonical(hdrCacheControl, valRevalidate)
	if inm := c.Request().Header.Peek(fiber.HeaderIfNoneMatch); len(inm) > 0 && etagMatches(string(inm), e.etag) {
		c.Response().ResetBody()
		return c.SendStatus(fiber.StatusNotModified)
	}
	h.SetContentTypeBytes(e.contentType)
	c.Status(fiber.StatusOK)
	if c.Request().Header.HasAcceptEncoding("gzip") {
		h.SetContentEncodingBytes(valGzip)
		return c.Send(e.gz)
	}
	h.Del(fiber.HeaderContentEncoding)
	return c.Send(e.body)
}

// etagMatches implements If-None-Match's weak comparison over a list.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// newResponseCache returns the cache for n bytes (nil when n ≤ 0: off).
func newResponseCache(n int64) *viewcache.Versioned {
	if n <= 0 {
		return nil
	}
	return viewcache.NewVersioned(n)
}
