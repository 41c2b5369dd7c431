package postgres_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"industrydash/internal/store"
	"industrydash/internal/store/postgres"
)

// TestUnreachableServerIsUnavailable: with nothing listening, every
// operation fails with an error that matches store.ErrUnavailable (so the
// web answers 503 with Retry-After), keeps the driver's cause for the log,
// and says in English what failed.
func TestUnreachableServerIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	s, err := postgres.Open(context.Background(), postgres.Config{DSN: "postgres://u:secret@" + addr + "/db?sslmode=disable&connect_timeout=2",
		QueryTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("Open must not connect: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	_, err = s.UserByName(ctx, "wang")
	if !errors.Is(err, store.ErrUnavailable) || errors.Is(err, store.ErrNotFound) {
		t.Fatalf("UserByName with the server down: %v; want store.ErrUnavailable", err)
	}
	var se *store.Error
	if !errors.As(err, &se) || se.Code != store.CodeUnavailable || se.Err == nil {
		t.Fatalf("error %#v: want a *store.Error with the code and the driver's cause", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "unavailable") || strings.Contains(msg, "secret") {
		t.Fatalf("Error() = %q: want English text naming the failure, without the password", msg)
	}
	if err := s.Ping(ctx); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Ping with the server down: %v", err)
	}
}
