// Package chtest gives tests a real ClickHouse server: one private
// clickhouse-server per test process, started from the installed binary on
// free 127.0.0.1 ports in a temporary directory, and a fresh database per test.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { chtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		dsn := chtest.NewDatabase(t) // clickhouse://default@127.0.0.1:PORT/t_something_1a2b3c
//		…
//	}
//
// The server starts on the first NewDatabase call, so a package whose tests
// never ask for one starts nothing. When CLICKHOUSE_TEST_DSN is set, that
// server is used instead and nothing is started; CLICKHOUSE_SERVER_BIN picks
// the server binary (e.g. a newer release). When no binary is installed
// the test is skipped with instructions, or fails when CI=true.
package chtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"industrydash/internal/testenv/proc"
)

// EnvDSN names the environment variable that points the tests at an
// existing server (clickhouse://user:pass@host:9000/any_db) instead of a
// private one. Databases are still created per test on that server.
const EnvDSN = "CLICKHOUSE_TEST_DSN"

// EnvServerBin names the environment variable that chooses the server
// binary (e.g. a newer release unpacked somewhere) instead of searching PATH.
const EnvServerBin = "CLICKHOUSE_SERVER_BIN"

// installHint tells a developer how to get the binary.
const installHint = "install it with scripts/ensure-clickhouse.sh (Debian: apt-get install clickhouse-server clickhouse-client), " +
	"or point " + EnvDSN + " at a running server"

var (
	startOnce sync.Once
	srv       *server
	srvErr    error
	missing   bool // no binary: skip or fail per CI
)

// Main runs the package's tests and stops the private server afterwards.
// Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	Shutdown()
	os.Exit(code)
}

// Shutdown stops the private server if one was started and removes its
// directory. Main calls it; a
// package that needs another harness too (pgtest) calls m.Run itself and
// then each harness's Shutdown.
func Shutdown() {
	if srv != nil {
		if err := srv.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "chtest: stopping clickhouse-server: %v\n", err)
		}
		srv = nil
	}
	stopCluster()
}

// NewDatabase creates a uniquely named database for t on the test server
// and returns a DSN pointing at it; the database is dropped when t ends.
// It skips t (or fails it under CI=true) when no ClickHouse is available.
func NewDatabase(t testing.TB) string {
	t.Helper()
	base := baseDSN(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("chtest: bad base DSN %q: %v", base, err)
	}
	db := proc.DatabaseName(t.Name())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := execOn(ctx, base, "CREATE DATABASE IF NOT EXISTS "+db); err != nil {
		t.Fatalf("chtest: create database %s: %v", db, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := execOn(ctx, base, "DROP DATABASE IF EXISTS "+db); err != nil {
			t.Errorf("chtest: drop database %s: %v", db, err)
		}
	})
	u.Path = "/" + db
	return u.String()
}

// ClientArgs returns the command line that runs the real clickhouse-client
// against the server and database of dsn, e.g. for a test that reads rows
// back independently of the Go driver. Append "--query", "SELECT …".
func ClientArgs(dsn string) ([]string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("chtest: parse DSN: %w", err)
	}
	bin, err := exec.LookPath("clickhouse-client")
	if err != nil {
		full, err2 := exec.LookPath("clickhouse")
		if err2 != nil {
			return nil, fmt.Errorf("chtest: clickhouse-client not found (%s): %w", installHint, err)
		}
		bin = full + " client" // split below
	}
	args := strings.Fields(bin)
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "9000"
	}
	args = append(args, "--host", host, "--port", port)
	if u.User != nil {
		args = append(args, "--user", u.User.Username())
		if p, ok := u.User.Password(); ok && p != "" {
			args = append(args, "--password", p)
		}
	}
	if db := strings.TrimPrefix(u.Path, "/"); db != "" {
		args = append(args, "--database", db)
	}
	return args, nil
}

// baseDSN returns the DSN of the server to use, starting the private one on
// first use. It skips or fails t when there is none.
func baseDSN(t testing.TB) string {
	t.Helper()
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		return dsn
	}
	startOnce.Do(func() {
		bin, args, err := findServer()
		if err != nil {
			missing = true
			srvErr = err
			return
		}
		srv, srvErr = start(bin, args)
	})
	if missing {
		msg := fmt.Sprintf("chtest: no ClickHouse server binary found (%v); %s", srvErr, installHint)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " — CI=true, so this is a failure, not a skip")
		}
		t.Skip("!!! SKIPPING ClickHouse test !!! " + msg)
	}
	if srvErr != nil {
		t.Fatalf("chtest: private clickhouse-server did not start: %v", srvErr)
	}
	return srv.dsn
}

// findServer locates the server binary: clickhouse-server, or the single
// clickhouse binary of newer packages ("clickhouse server").
func findServer() (string, []string, error) {
	if bin := os.Getenv(EnvServerBin); bin != "" {
		full, err := exec.LookPath(bin)
		if err != nil {
			return "", nil, fmt.Errorf("%s=%s: %w", EnvServerBin, bin, err)
		}
		if filepath.Base(full) == "clickhouse" {
			return full, []string{"server"}, nil
		}
		return full, nil, nil
	}
	for _, p := range []string{"clickhouse-server", "/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server"} {
		if full, err := exec.LookPath(p); err == nil {
			return full, nil, nil
		}
	}
	if full, err := exec.LookPath("clickhouse"); err == nil {
		return full, []string{"server"}, nil
	}
	return "", nil, errors.New("neither clickhouse-server nor clickhouse is on PATH or in /usr/sbin")
}

// server is a running private clickhouse-server.
type server struct {
	dir  string
	p    *proc.Process
	dsn  string
	bin  string // the binary and arguments, for a restart
	args []string
}

// start launches the server, retrying with fresh ports when a port was
// taken between choosing and binding it.
func start(bin string, args []string) (*server, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := startAttempt(bin, args)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func startAttempt(bin string, args []string) (*server, error) {
	ports, err := proc.FreePorts(3)
	if err != nil {
		return nil, err
	}
	return startOn(bin, args, ports, "")
}

// startOn starts one server on ports (tcp, http, interserver) with extra
// elements (e.g. a cluster's remote_servers, zookeeper and macros) added to
// its configuration, in a new temporary directory.
func startOn(bin string, args []string, ports []int, extra string) (*server, error) {
	dir, err := os.MkdirTemp("", "chtest-")
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	for _, sub := range []string{"data", "tmp", "user_files", "format_schemas"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("mkdir: %w", err)
		}
	}
	cfg := filepath.Join(dir, "config.xml")
	conf := strings.Replace(configXML(dir, ports[0], ports[1], ports[2]), "</yandex>", extra+"</yandex>", 1)
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("write config: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "users.xml"), []byte(usersXML), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("write users: %w", err)
	}
	out, err := os.Create(filepath.Join(dir, "stdout.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create stdout log: %w", err)
	}
	defer out.Close()
	s := &server{dir: dir, bin: bin, args: append(slices.Clip(args), "--config-file="+cfg),
		dsn: fmt.Sprintf("clickhouse://default@127.0.0.1:%d/default", ports[0])}
	if err := s.launch(out); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.waitReady(60 * time.Second); err != nil {
		tail := s.logTail(40)
		_ = s.stop()
		return nil, fmt.Errorf("%w\n--- server log tail ---\n%s", err, tail)
	}
	return s, nil
}

// launch starts the server process with its logs going to out.
func (s *server) launch(out *os.File) error {
	cmd := exec.Command(s.bin, s.args...)
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = out, out
	p, err := proc.Start(cmd)
	if err != nil {
		return err
	}
	s.p = p
	return nil
}

// halt terminates the process (SIGTERM, then SIGKILL) and keeps its directory.
func (s *server) halt() { s.p.Halt(syscall.SIGTERM, 30*time.Second) }

// resume starts a halted server again on the same ports and data directory.
func (s *server) resume() error {
	out, err := os.OpenFile(filepath.Join(s.dir, "stdout.log"), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open stdout log: %w", err)
	}
	defer out.Close()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a port may linger briefly after the stop
		if err := s.launch(out); err != nil {
			return err
		}
		if lastErr = s.waitReady(60 * time.Second); lastErr == nil {
			return nil
		}
		s.halt()
		time.Sleep(time.Second)
	}
	return fmt.Errorf("%w\n--- server log tail ---\n%s", lastErr, s.logTail(40))
}

// waitReady pings until the server answers, the process dies or the
// deadline passes.
func (s *server) waitReady(limit time.Duration) error {
	return s.p.WaitReady("clickhouse-server", limit, 200*time.Millisecond, func(ctx context.Context) error {
		return execOn(ctx, s.dsn, "SELECT 1")
	})
}

// stop terminates the server (SIGTERM, then SIGKILL) and removes its directory.
func (s *server) stop() error {
	s.halt()
	return os.RemoveAll(s.dir)
}

// logTail returns the last n lines of the server's logs.
func (s *server) logTail(n int) string {
	var b strings.Builder
	for _, name := range []string{"server.err.log", "server.log", "stdout.log"} {
		path := filepath.Join(s.dir, name)
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			continue
		}
		fmt.Fprintf(&b, "== %s ==\n%s\n", name, proc.Tail(path, n))
	}
	return b.String()
}

// execOn runs one statement on the server of dsn, connected without a
// database so that the DSN's database need not exist.
func execOn(ctx context.Context, dsn, query string) error {
	opts, err := clickhouse.ParseDSN(dsn)
	if err != nil {
		return fmt.Errorf("parse DSN: %w", err)
	}
	opts.Auth.Database = ""
	opts.DialTimeout = 2 * time.Second
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	return conn.Exec(ctx, query)
}

// configXML is a minimal server configuration in the 18.16 format (newer
// releases still accept the <yandex> root), listening on 127.0.0.1 only.
func configXML(dir string, tcp, http, interserver int) string {
	p := func(sub string) string { return filepath.Join(dir, sub) + "/" }
	return `<?xml version="1.0"?>
<yandex>
    <logger>
        <level>information</level>
        <log>` + filepath.Join(dir, "server.log") + `</log>
        <errorlog>` + filepath.Join(dir, "server.err.log") + `</errorlog>
        <size>100M</size>
        <count>1</count>
        <console>0</console>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>` + strconv.Itoa(tcp) + `</tcp_port>
    <http_port>` + strconv.Itoa(http) + `</http_port>
    <interserver_http_port>` + strconv.Itoa(interserver) + `</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <path>` + p("data") + `</path>
    <tmp_path>` + p("tmp") + `</tmp_path>
    <user_files_path>` + p("user_files") + `</user_files_path>
    <format_schema_path>` + p("format_schemas") + `</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>67108864</mark_cache_size>
    <uncompressed_cache_size>67108864</uncompressed_cache_size>
    <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
`
}

// usersXML allows the passwordless default user from localhost only.
const usersXML = `<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>2000000000</max_memory_usage>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default></default>
    </quotas>
</yandex>
`
