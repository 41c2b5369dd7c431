package web

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/review"
)

// Request body limits, applied when a request's header has arrived and
// before its body is read (fasthttp's HeaderReceived), so an anonymous
// client cannot make the server buffer megabytes.
const (
	// AnonymousBodyLimit is the body limit without valid credentials: the
	// login and setup forms are a few hundred bytes.
	AnonymousBodyLimit = 8 << 10
	// UserBodyLimit is the body limit of a signed-in user's forms and API
	// calls (a month's figures with notes of up to 2,000 characters each).
	UserBodyLimit = 1 << 20
	// UploadBodyLimit is the body limit of the upload routes (registered
	// with h.upload: POST /import, …/upload, /budget/payments) for a
	// signed-in user: the largest file plus the
	// multipart envelope.
	UploadBodyLimit = review.MaxImportBytes + 1<<20
)

// upload registers a POST route that takes a file: only these get
// UploadBodyLimit. Register every upload route with it, not h.route.
func (h *Handler) upload(app *fiber.App, path string, a access, handler fiber.Handler) {
	h.uploads = append(h.uploads, strings.Split(strings.Trim(path, "/"), "/"))
	h.route(app, fiber.MethodPost, path, a, parseSlot(handler))
}

// parseWait is how long an upload waits for a parse slot before 429.
const parseWait = 5 * time.Second

// parseSlot runs handler in one of the parse slots (parse.Uploads: two at
// once in all, one per user), so the files being read at any moment are
// few and each is bounded by its form's limits. A request that finds no
// slot within parseWait gets 429 with Retry-After.
func parseSlot(handler fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		who := c.IP()
		if u, ok := currentUser(c); ok {
			who = "user:" + u.Name
		}
		release, err := parse.Uploads.Enter(c.UserContext(), who, parseWait)
		if err != nil {
			c.Set(fiber.HeaderRetryAfter, "10")
			return userErr(fiber.StatusTooManyRequests, msg.WebUploadBusy)
		}
		defer release()
		return handler(c)
	}
}

// isUploadPath reports whether p matches a route registered with upload
// (":param" segments match any one segment).
func (h *Handler) isUploadPath(p string) bool {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, pat := range h.uploads {
		if len(pat) != len(segs) {
			continue
		}
		match := true
		for i, ps := range pat {
			if !strings.HasPrefix(ps, ":") && ps != segs[i] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// bodyLimit picks a request's body limit from its header: uploads by a
// signed-in user get UploadBodyLimit, other requests with a valid session or
// token UserBodyLimit, everyone else AnonymousBodyLimit. A body over the
// limit is refused with 413 before it is read.
func (h *Handler) bodyLimit(hdr *fasthttp.RequestHeader) fasthttp.RequestConfig {
	limit := AnonymousBodyLimit
	if hdr.IsGet() || hdr.IsHead() {
		// Reads carry no body worth more: spare the credential lookup.
		return fasthttp.RequestConfig{MaxRequestBodySize: limit}
	}
	if h.signedIn(hdr) {
		limit = UserBodyLimit
		if string(hdr.Method()) == fasthttp.MethodPost && h.isUploadPath(string(hdr.RequestURI()[:pathEnd(hdr.RequestURI())])) {
			limit = UploadBodyLimit
		}
	}
	return fasthttp.RequestConfig{MaxRequestBodySize: limit}
}

func pathEnd(uri []byte) int {
	for i, b := range uri {
		if b == '?' || b == '#' {
			return i
		}
	}
	return len(uri)
}

// signedIn reports whether the header carries a valid session cookie or API
// token (both are remembered, so this rarely asks the store).
func (h *Handler) signedIn(hdr *fasthttp.RequestHeader) bool {
	ctx := context.Background()
	if authz := string(hdr.Peek(fasthttp.HeaderAuthorization)); authz != "" {
		tok, ok := strings.CutPrefix(authz, "Bearer ")
		if !ok {
			return false
		}
		_, err := h.auth.TokenUser(ctx, strings.TrimSpace(tok))
		return err == nil
	}
	ck := string(hdr.Cookie(sessionCookie))
	if ck == "" {
		return false
	}
	_, _, err := h.auth.SessionUser(ctx, ck)
	return err == nil
}

// tooLargeMessage is the 413 answer.
func tooLargeMessage() string {
	return msg.Text(msg.New(msg.WebTooLarge, AnonymousBodyLimit>>10, UserBodyLimit>>20, UploadBodyLimit>>20))
}
