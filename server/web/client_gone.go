package web

import (
	"context"
	"errors"
	"net"
	"os"
	"time"

	"github.com/gofiber/fiber/v2"
)

// clientContext returns the request's context, cancelled as well when the
// client closes its connection, so that long work done for it (plan-text
// extraction) stops when nobody waits for the answer. fasthttp does not
// report a closed connection to a running handler; a watcher reads the
// idle connection with short deadlines: a browser sends nothing while it
// waits for the response, so a read ends in a timeout until the client
// goes, when it ends in EOF or a reset. Only TCP connections are watched
// (Fiber's in-memory test connection is not). stop must be called before
// the handler returns: it ends the watcher and clears the deadline.
func clientContext(c *fiber.Ctx) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(c.UserContext())
	conn, ok := c.Context().Conn().(*net.TCPConn)
	if !ok {
		return ctx, cancel
	}
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		var buf [1]byte
		for {
			select {
			case <-done:
				return
			default:
			}
			_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			n, err := conn.Read(buf[:])
			if n > 0 {
				// A pipelined request: the client is there; stop watching
				// (the byte cannot be put back, so the connection is closed
				// after this response).
				c.Context().SetConnectionClose()
				return
			}
			if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
				cancel()
				return
			}
		}
	}()
	return ctx, func() {
		close(done)
		<-ended
		_ = conn.SetReadDeadline(time.Time{})
		cancel()
	}
}
