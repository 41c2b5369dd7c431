package web

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientIP is the address the login limiter and the audit log key on. It is
// the peer address, unless the peer is a trusted proxy (Options.TrustedProxies):
// then it is the right-most X-Forwarded-For entry that is not itself a
// trusted proxy. Entries further left are whatever the client wrote, so they
// are never believed; a request from an untrusted peer cannot choose its
// address at all.
func (h *Handler) clientIP(c *fiber.Ctx) string {
	peer := c.Context().RemoteIP().String()
	if len(h.trusted) == 0 || !h.isTrusted(peer) {
		return peer
	}
	xff := c.Request().Header.PeekAll(fiber.HeaderXForwardedFor)
	var hops []string
	for _, v := range xff {
		for _, p := range strings.Split(string(v), ",") {
			if p = strings.TrimSpace(p); p != "" {
				hops = append(hops, p)
			}
		}
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.Trim(hops[i], "[]"))
		if err != nil {
			return peer // a malformed hop: do not guess past it
		}
		if !h.isTrusted(a.String()) {
			return a.Unmap().String()
		}
	}
	return peer
}

func (h *Handler) isTrusted(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range h.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
