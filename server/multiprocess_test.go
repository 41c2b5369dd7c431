package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/testenv/chtest"
	"industrydash/internal/testenv/pgtest"
)

// child runs the server command in a separate process of the test binary.
func child(t *testing.T, stdin string, args ...string) *exec.Cmd {
	t.Helper()
	raw, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	// The flags say everything: no store setting leaks in from the environment.
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DEMO", "CLICKHOUSE_DSN", "POSTGRES_DSN", "DATA_DIR", "ADDR":
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, childEnv+"="+string(raw))
	cmd.Stdin = strings.NewReader(stdin)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd
}

// cliRun runs one command to completion.
func cliRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := child(t, stdin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return 0, out.String(), errb.String()
}

// serverProc is a running server process.
type serverProc struct {
	base string
	cmd  *exec.Cmd
	log  *bytes.Buffer
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer starts a server process on a free port and waits until it is ready.
func startServer(t *testing.T, storeArgs []string) *serverProc {
	t.Helper()
	addr := freeAddr(t)
	cmd := child(t, "", append([]string{"-addr", addr, "-log-level", "warn"}, storeArgs...)...)
	p := &serverProc{base: "http://" + addr, cmd: cmd, log: &bytes.Buffer{}}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("server %s log:\n%s", addr, p.log.String())
		}
	})
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(p.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server on %s not ready within 90 s: %v\n%s", addr, err, p.log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func chCount(t *testing.T, dsn, query string) int {
	t.Helper()
	args, err := chtest.ClientArgs(dsn)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(args[0], append(args[1:], "--query", query)...).CombinedOutput()
	if err != nil {
		t.Fatalf("clickhouse-client %q: %v: %s", query, err, out)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("clickhouse-client %q: %q", query, out)
	}
	return n
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestTwoServersOnePostgres runs two server processes on one PostgreSQL and
// one ClickHouse: concurrent `server user add` of one name leaves one user;
// ten concurrent approvals of one submission, spread over both servers,
// give one 200 and nine 409s with a Chinese message, and the approved value
// is written to ClickHouse exactly once. On the way it checks that the
// account commands and a server on ClickHouse load no data unasked.
func TestTwoServersOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL, ClickHouse and two server processes")
	}
	chDSN := chtest.NewDatabase(t)
	pgDSN := pgtest.NewDatabase(t)
	stores := []string{"-clickhouse", chDSN, "-postgres", pgDSN, "-data", t.TempDir()}
	cli := func(stdin string, args ...string) (int, string, string) {
		return cliRun(t, stdin, append(args, stores...)...)
	}

	// Two processes add the same user at once: one wins.
	const pw = "zhang-wei-password-2024\n"
	codes := make([]int, 2)
	errs := make([]string, 2)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, errs[i] = cli(pw, "user", "add", "-name", "zhangwei", "-role", "analyst")
		}()
	}
	wg.Wait()
	if codes[0]+codes[1] != 1 || codes[0] > 1 || codes[1] > 1 {
		t.Fatalf("concurrent user add of one name: exit codes %v (%q); want one 0 and one 1", codes, errs)
	}
	loser := errs[0] + errs[1]
	if !strings.Contains(loser, "已被使用") {
		t.Errorf("the losing user add says %q; want that the name is taken, in Chinese", loser)
	}
	conn, err := pgx.Connect(context.Background(), pgDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var users int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM users WHERE name = 'zhangwei'").Scan(&users); err != nil || users != 1 {
		t.Fatalf("PostgreSQL holds %d users named zhangwei (%v), want 1", users, err)
	}
	if code, _, e := cli(pw, "user", "add", "-name", "dongreporter", "-role", "reporter", "-unit", "东河区"); code != 0 {
		t.Fatalf("user add reporter: %d %s", code, e)
	}
	code, anaTok, e := cli("", "token", "create", "-name", "zhangwei")
	if code != 0 {
		t.Fatalf("token create: %d %s", code, e)
	}
	code, repTok, e := cli("", "token", "create", "-name", "dongreporter")
	if code != 0 {
		t.Fatalf("token create: %d %s", code, e)
	}
	// The account commands loaded nothing into ClickHouse.
	if n := chCount(t, chDSN, "SELECT count() FROM observation_rows"); n != 0 {
		t.Fatalf("user add / token create wrote %d observations into ClickHouse", n)
	}
	if n := chCount(t, chDSN, "SELECT count() FROM targets"); n != 0 {
		t.Fatalf("user add / token create loaded %d targets into ClickHouse", n)
	}

	// Two servers (started one after the other: the first loads the catalogue).
	a := startServer(t, stores)
	b := startServer(t, stores)
	if n := chCount(t, chDSN, "SELECT count() FROM observation_rows"); n != 0 {
		t.Fatalf("a server on ClickHouse without -demo loaded %d observations", n)
	}
	do := func(base, tok, path, body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		defer resp.Body.Close()
		msg, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(msg)
	}
	const id = "150202-2024-06"
	if code, msg := do(a.base, repTok, "/api/v1/submissions", `{"org_unit":"150202","period":"2024-06",
		"values":[{"indicator":"industry.output_value","value":123.4,"value_type":"ytd"}]}`); code != http.StatusCreated {
		t.Fatalf("submit: %d %s", code, msg)
	}

	// Ten approvals at once, alternating between the servers.
	type answer struct {
		code int
		msg  string
	}
	answers := make([]answer, 10)
	start := make(chan struct{})
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := a.base
			if i%2 == 1 {
				base = b.base
			}
			<-start
			answers[i].code, answers[i].msg = do(base, anaTok, "/api/v1/submissions/"+id+"/approve", `{}`)
		}()
	}
	close(start)
	wg.Wait()
	ok, conflicts := 0, 0
	for i, ans := range answers {
		switch ans.code {
		case http.StatusOK:
			ok++
		case http.StatusConflict:
			conflicts++
			var body struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal([]byte(ans.msg), &body); err != nil || !hasHan(body.Error) {
				t.Errorf("approval %d: 409 without a Chinese message: %s", i, ans.msg)
			}
		default:
			t.Errorf("approval %d: %d %s", i, ans.code, ans.msg)
		}
	}
	if ok != 1 || conflicts != 9 {
		t.Fatalf("ten concurrent approvals: %d succeeded, %d got 409; want 1 and 9", ok, conflicts)
	}

	// The value is in ClickHouse exactly once, and nothing is left to publish.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var pending int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM outbox WHERE published_at IS NULL").Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d outbox entries still pending after 30 s", pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var entries, events int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM outbox WHERE submission_id = $1", id).Scan(&entries); err != nil || entries != 1 {
		t.Fatalf("%d outbox entries for %s (%v), want 1", entries, id, err)
	}
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM submission_events WHERE submission_id = $1 AND action = 'approve'", id).Scan(&events); err != nil || events != 1 {
		t.Fatalf("%d approve events for %s (%v), want 1", events, id, err)
	}
	if n := chCount(t, chDSN, fmt.Sprintf("SELECT count() FROM observation_rows WHERE submission_id = '%s'", id)); n != 1 {
		t.Fatalf("ClickHouse holds %d rows of %s, want exactly 1", n, id)
	}
}
