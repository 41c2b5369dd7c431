package web

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Issue 24, finding 2: work done for a request stops when its client
// leaves. A handler waits on clientContext; the client sends its request
// and closes the connection; the handler's context must end.
func TestClientContextEndsWhenTheClientLeaves(t *testing.T) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	cancelled := make(chan bool, 1)
	app.Post("/work", func(c *fiber.Ctx) error {
		ctx, stop := clientContext(c)
		defer stop()
		select {
		case <-ctx.Done():
			cancelled <- true
		case <-time.After(time.Minute): // a guard against a hang, not a measurement
			cancelled <- false
		}
		return nil
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write([]byte("POST /work HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // let the request reach the handler
	conn.Close()
	select {
	case ok := <-cancelled:
		if !ok {
			t.Fatal("the handler's context did not end when the client closed its connection")
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the handler never ran")
	}
}

// A client that stays gets its answer: the watcher does not disturb a
// normal request.
func TestClientContextKeepsAWaitingClient(t *testing.T) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Post("/work", func(c *fiber.Ctx) error {
		ctx, stop := clientContext(c)
		defer stop()
		time.Sleep(500 * time.Millisecond)
		if ctx.Err() != nil {
			return c.SendString("cancelled")
		}
		return c.SendString("done")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for i := 0; i < 2; i++ { // twice on one keep-alive connection
		if _, err := conn.Write([]byte("POST /work HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 4096)
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(buf[:n]); !strings.Contains(got, "done") {
			t.Fatalf("request %d: %q", i, got)
		}
	}
}
