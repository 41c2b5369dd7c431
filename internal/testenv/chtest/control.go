package chtest

import (
	"errors"
	"fmt"
	"os"
	"testing"
)

// Stop stops this process's private server, keeping its ports and data
// directory, so a test can watch the product ride out an outage; Start
// brings the same server back with the same data. Other tests of the package
// must not run in parallel with such a test. Stop skips t when the tests use
// an outside server (CLICKHOUSE_TEST_DSN), which it must not stop.
func Stop(t testing.TB) {
	t.Helper()
	if os.Getenv(EnvDSN) != "" {
		t.Skip("chtest: " + EnvDSN + " points at an outside server; not stopping it")
	}
	if srv == nil {
		t.Fatal("chtest: Stop before NewDatabase: no private server is running")
	}
	srv.halt()
}

// Start starts the private server stopped by Stop again, on the same ports
// and data directory, and waits until it answers. Starting a running server
// does nothing.
func Start(t testing.TB) {
	t.Helper()
	if srv == nil {
		t.Fatal("chtest: Start before NewDatabase: no private server exists")
	}
	select {
	case <-srv.p.Done():
	default:
		return
	}
	if err := srv.resume(); err != nil {
		t.Fatalf("chtest: restart clickhouse-server: %v", err)
	}
}

// Server is a private clickhouse-server started outside a test, e.g. by
// the benchmark program; Close stops it and removes its directory.
type Server struct{ s *server }

// StartServer starts a private clickhouse-server from the installed binary
// (or CLICKHOUSE_SERVER_BIN) on free 127.0.0.1 ports in a temporary directory.
func StartServer() (*Server, error) {
	bin, args, err := findServer()
	if err != nil {
		return nil, fmt.Errorf("chtest: no ClickHouse server binary (%w); %s", err, installHint)
	}
	s, err := start(bin, args)
	if err != nil {
		return nil, err
	}
	return &Server{s: s}, nil
}

// DSN returns the server's DSN (database "default").
func (s *Server) DSN() string { return s.s.dsn }

// Dir returns the server's temporary directory (data, logs, config).
func (s *Server) Dir() string { return s.s.dir }

// PID returns the server process's id.
func (s *Server) PID() int { return s.s.p.PID() }

// Close stops the server and removes its directory.
func (s *Server) Close() error {
	if s == nil || s.s == nil {
		return errors.New("chtest: nil server")
	}
	return s.s.stop()
}

// Kill crashes this process's private server (SIGKILL: no graceful
// shutdown, an insert in flight is cut off), keeping its ports and data
// directory; Start brings it back. Like Stop, it skips t with an outside server.
func Kill(t testing.TB) {
	t.Helper()
	if os.Getenv(EnvDSN) != "" {
		t.Skip("chtest: " + EnvDSN + " points at an outside server; not killing it")
	}
	if srv == nil {
		t.Fatal("chtest: Kill before NewDatabase: no private server is running")
	}
	select {
	case <-srv.p.Done():
		return
	default:
	}
	srv.p.Kill()
}
