// Package pgtest gives tests a real PostgreSQL server: one private postgres
// per test process, initialised with the installed initdb in a temporary
// directory and listening on a free 127.0.0.1 port, and a fresh database per
// test.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		dsn := pgtest.NewDatabase(t) // postgres://postgres@127.0.0.1:PORT/t_something_1a2b3c
//		…
//	}
//
// The server starts on the first NewDatabase call, so a package whose tests
// never ask for one starts nothing. PostgreSQL refuses to run as root: when
// the tests run as root, the server runs as the "postgres" system user that
// Debian's package creates. When POSTGRES_TEST_DSN is set, that server is
// used instead and nothing is started; POSTGRES_BIN_DIR picks the directory
// of initdb and postgres. When no binaries are installed the test is skipped
// with instructions, or fails when CI=true.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/testenv/proc"
)

// EnvDSN names the environment variable that points the tests at an
// existing server (postgres://user:pass@host:5432/any_db) instead of a
// private one. Databases are still created per test on that server.
const EnvDSN = "POSTGRES_TEST_DSN"

// EnvBinDir names the environment variable that chooses the directory
// holding initdb and postgres instead of searching /usr/lib/postgresql.
const EnvBinDir = "POSTGRES_BIN_DIR"

const installHint = "install it with scripts/ensure-postgres.sh (Debian: apt-get install postgresql), " +
	"or point " + EnvDSN + " at a running server"

var (
	startOnce sync.Once
	srv       *server
	srvErr    error
	missing   bool
)

// Main runs the package's tests and stops the private server afterwards.
// Call it from TestMain; a package that also needs chtest calls m.Run
// itself and then
// each harness's Shutdown.
func Main(m *testing.M) {
	code := m.Run()
	Shutdown()
	os.Exit(code)
}

// Shutdown stops the private server if one was started and removes its
// directory. Main calls it; a
// package that needs another harness's Main too calls it after m.Run.
func Shutdown() {
	if srv != nil {
		if err := srv.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: stopping postgres: %v\n", err)
		}
		srv = nil
	}
}

// NewDatabase creates a uniquely named database for t on the test server
// and returns a DSN pointing at it; the database is dropped when t ends.
// It skips t (or fails it under CI=true) when no PostgreSQL is available.
func NewDatabase(t testing.TB) string {
	t.Helper()
	base := baseDSN(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: bad base DSN %q: %v", base, err)
	}
	db := proc.DatabaseName(t.Name())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := execOn(ctx, base, "CREATE DATABASE "+db); err != nil {
		t.Fatalf("pgtest: create database %s: %v", db, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := execOn(ctx, base, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", db, err)
		}
	})
	u.Path = "/" + db
	return u.String()
}

// baseDSN returns the DSN of the server to use, starting the private one on
// first use. It skips or fails t when there is none.
func baseDSN(t testing.TB) string {
	t.Helper()
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		return dsn
	}
	startOnce.Do(func() {
		dir, err := findBinDir()
		if err != nil {
			missing, srvErr = true, err
			return
		}
		srv, srvErr = start(dir)
	})
	if missing {
		msg := fmt.Sprintf("pgtest: no PostgreSQL binaries found (%v); %s", srvErr, installHint)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " — CI=true, so this is a failure, not a skip")
		}
		t.Skip("!!! SKIPPING PostgreSQL test !!! " + msg)
	}
	if srvErr != nil {
		t.Fatalf("pgtest: private postgres did not start: %v", srvErr)
	}
	return srv.dsn
}

// findBinDir locates a directory with initdb and postgres: $POSTGRES_BIN_DIR,
// the newest /usr/lib/postgresql/N/bin (Debian), or PATH.
func findBinDir() (string, error) {
	ok := func(dir string) bool {
		for _, b := range []string{"initdb", "postgres"} {
			if fi, err := os.Stat(filepath.Join(dir, b)); err != nil || fi.IsDir() {
				return false
			}
		}
		return true
	}
	if dir := os.Getenv(EnvBinDir); dir != "" {
		if !ok(dir) {
			return "", fmt.Errorf("%s=%s has no initdb and postgres", EnvBinDir, dir)
		}
		return dir, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if ok(d) {
			return d, nil
		}
	}
	if full, err := exec.LookPath("initdb"); err == nil && ok(filepath.Dir(full)) {
		return filepath.Dir(full), nil
	}
	return "", errors.New("initdb and postgres are neither in /usr/lib/postgresql/*/bin nor on PATH")
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// server is a running private postgres.
type server struct {
	dir string
	p   *proc.Process
	dsn string
}

// start initialises a cluster and launches postgres, retrying with a fresh
// port when one was taken between choosing and binding it.
func start(binDir string) (*server, error) {
	cred, err := credential()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("chown %s: %w", dir, err)
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(binDir, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
		"--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := launch(binDir, dir, data, cred)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	os.RemoveAll(dir)
	return nil, lastErr
}

// credential returns the postgres system user's ids when running as root
// (postgres refuses root), nil otherwise.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root and there is no \"postgres\" user to run the server as (%v); %s", err, installHint)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

func launch(binDir, dir, data string, cred *syscall.Credential) (*server, error) {
	ports, err := proc.FreePorts(1)
	if err != nil {
		return nil, err
	}
	port := ports[0]
	logPath := filepath.Join(dir, "postgres.log")
	out, err := os.OpenFile(logPath, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create log: %w", err)
	}
	defer out.Close()
	if cred != nil {
		_ = os.Chown(logPath, int(cred.Uid), int(cred.Gid))
	}
	cmd := exec.Command(filepath.Join(binDir, "postgres"), "-D", data,
		"-c", "listen_addresses=127.0.0.1", "-c", "port="+strconv.Itoa(port),
		"-c", "unix_socket_directories="+dir, "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=32MB")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	p, err := proc.Start(cmd)
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, p: p, dsn: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)}
	ping := func(ctx context.Context) error { return execOn(ctx, s.dsn, "SELECT 1") }
	if err := p.WaitReady("postgres", 60*time.Second, 100*time.Millisecond, ping); err != nil {
		s.halt()
		return nil, fmt.Errorf("%w\n--- postgres log tail ---\n%s", err, proc.Tail(logPath, 30))
	}
	return s, nil
}

// halt stops the process: SIGINT (fast shutdown), then SIGKILL.
func (s *server) halt() { s.p.Halt(syscall.SIGINT, 20*time.Second) }

func (s *server) stop() error {
	s.halt()
	return os.RemoveAll(s.dir)
}

// execOn runs one statement on the server of dsn.
func execOn(ctx context.Context, dsn, query string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, query)
	return err
}
