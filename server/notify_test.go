package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"industrydash/internal/testenv/chtest"
	"industrydash/internal/testenv/pgtest"
	"industrydash/internal/testenv/sinks"
)

// apiCall sends a JSON request with a bearer token.
func apiCall(t *testing.T, method, url, tok, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// redTargets reads the 滞后 (red) targets from the progress API.
func redTargets(t *testing.T, base, tok string) map[string]string {
	t.Helper()
	code, out := apiCall(t, http.MethodGet, base+"/api/v1/progress", tok, "")
	if code != http.StatusOK {
		t.Fatalf("progress: %d %s", code, out)
	}
	var p struct {
		Progress []struct{ Name, Status, Sentence string }
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	red := map[string]string{}
	for _, r := range p.Progress {
		if r.Status == "red" {
			red[r.Name] = r.Sentence
		}
	}
	if len(red) == 0 {
		t.Fatal("the demo data have no 滞后 target: the test would prove nothing")
	}
	return red
}

// checkBriefingMail checks the one mail: a 简报 with its PDF.
func checkBriefingMail(t *testing.T, mail *sinks.SMTP, to string) {
	t.Helper()
	mails := mail.Mails()
	if len(mails) != 1 {
		t.Fatalf("%d mails, want exactly 1", len(mails))
	}
	m, err := mails[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Subject, "简报") || len(mails[0].To) != 1 || mails[0].To[0] != to {
		t.Fatalf("mail %q to %v; want the 简报 to %s", m.Subject, mails[0].To, to)
	}
	att := m.Attachments()
	if len(att) != 1 || !strings.HasSuffix(att[0].Filename, ".pdf") || !strings.HasPrefix(string(att[0].Body), "%PDF-") {
		t.Fatalf("mail attachments %v; want the 简报 PDF", att)
	}
	if !strings.Contains(m.Text(), "数据截至") || !strings.Contains(m.Text(), "/unsubscribe/") {
		t.Errorf("mail text lacks 数据截至 or the unsubscribe link:\n%s", m.Text())
	}
}

// checkLaggingRobot checks the one 企业微信 message: markdown naming every
// 滞后 target with its sentence.
func checkLaggingRobot(t *testing.T, hook *sinks.Webhook, red map[string]string) {
	t.Helper()
	reqs := hook.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d robot messages, want exactly 1", len(reqs))
	}
	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct{ Content string }
	}
	if err := json.Unmarshal(reqs[0].Body, &msg); err != nil || msg.MsgType != "markdown" {
		t.Fatalf("robot message %s: want 企业微信 markdown", reqs[0].Body)
	}
	for name, sentence := range red {
		if !strings.Contains(msg.Markdown.Content, name) || !strings.Contains(msg.Markdown.Content, sentence) {
			t.Errorf("robot message lacks the 滞后 target %s (%s):\n%s", name, sentence, msg.Markdown.Content)
		}
	}
	if !strings.Contains(msg.Markdown.Content, "滞后") || !strings.Contains(msg.Markdown.Content, "数据期") {
		t.Errorf("robot message lacks 滞后 or its data period:\n%s", msg.Markdown.Content)
	}
}

// TestNotifyOnceOnDemoData: on the demo data (embedded store), an analyst
// subscribes through the API to the 简报 by e-mail and to lagging alerts
// through a 企业微信 robot pointed at local sinks; `server notify -once`
// sends one mail with the 简报 PDF and one markdown robot message naming
// the 滞后 targets, and a second run sends nothing — while the server runs
// (the server does the round through its control socket) and after it
// stopped (the command opens the store itself). A robot that fails is
// retried after the backoff, with a valid 飞书 signature.
func TestNotifyOnceOnDemoData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process and renders the 简报 PDF")
	}
	dir := t.TempDir()
	stores := []string{"-data", dir}
	if code, _, e := cliRun(t, "analyst-password-2024\n", append([]string{"user", "add", "-name", "wangfang", "-role", "analyst"}, stores...)...); code != 0 {
		t.Fatalf("user add: %s", e)
	}
	code, tok, e := cliRun(t, "", append([]string{"token", "create", "-name", "wangfang"}, stores...)...)
	if code != 0 {
		t.Fatalf("token create: %s", e)
	}
	mail, hook := sinks.NewSMTP(t), sinks.NewWebhook(t)
	// No background rounds here: each round is the command's, so the
	// retry below runs on the command's clock alone (TestNotifyTwoServers
	// covers the background).
	srv := startServer(t, append([]string{"-smtp", mail.URL("", ""), "-mail-from", "server@gxj.example.org", "-notify-interval", "0"}, stores...))
	for _, body := range []string{
		`{"event":"briefing","channel":"email","address":"wangfang@gxj.example.org"}`,
		`{"event":"lagging","channel":"wecom","address":"` + hook.URL + `/cgi-bin/webhook/send?key=k1"}`,
	} {
		if code, out := apiCall(t, http.MethodPost, srv.base+"/api/v1/subscriptions", tok, body); code != http.StatusCreated {
			t.Fatalf("subscribe %s: %d %s", body, code, out)
		}
	}
	red := redTargets(t, srv.base, tok)
	notifyArgs := append([]string{"notify", "-once", "-smtp", mail.URL("", ""), "-mail-from", "jjyx@gxj.example.org"}, stores...)
	code, out, e := cliRun(t, "", notifyArgs...)
	if code != 0 {
		t.Fatalf("notify -once: %d %s %s", code, out, e)
	}
	checkBriefingMail(t, mail, "wangfang@gxj.example.org")
	checkLaggingRobot(t, hook, red)
	if code, out, e := cliRun(t, "", notifyArgs...); code != 0 || len(mail.Mails()) != 1 || len(hook.Requests()) != 1 {
		t.Fatalf("second notify -once: %d %s %s; %d mails, %d robot messages: want nothing more", code, out, e, len(mail.Mails()), len(hook.Requests()))
	}

	// A command without -smtp uses the running server's mail settings.
	if code, out := apiCall(t, http.MethodPost, srv.base+"/api/v1/subscriptions", tok,
		`{"event":"briefing","channel":"email","address":"office@gxj.example.org"}`); code != http.StatusCreated {
		t.Fatalf("subscribe a second address: %d %s", code, out)
	}
	if code, out, e := cliRun(t, "", append([]string{"notify", "-once"}, stores...)...); code != 0 || len(mail.Mails()) != 2 {
		t.Fatalf("notify -once without -smtp: %d %s %s; %d mails, want the second address's 简报 sent with the server's settings", code, out, e, len(mail.Mails()))
	}
	if m := mail.Mails()[1]; m.To[0] != "office@gxj.example.org" || m.From != "server@gxj.example.org" {
		t.Fatalf("second mail from %s to %v", m.From, m.To)
	}

	// A 飞书 robot that fails once: retried after the backoff, once.
	feishu := sinks.NewWebhook(t)
	feishu.FailNext(1)
	if code, out := apiCall(t, http.MethodPost, srv.base+"/api/v1/subscriptions", tok,
		`{"event":"lagging","channel":"feishu","address":"`+feishu.URL+`/open-apis/bot/v2/hook/x","secret":"fs-secret"}`); code != http.StatusCreated {
		t.Fatalf("subscribe feishu: %d %s", code, out)
	}
	at := time.Now().Add(24 * time.Hour).Truncate(time.Minute)
	round := func(now time.Time) string {
		t.Helper()
		code, out, e := cliRun(t, "", append(notifyArgs, "-now", now.Format(time.RFC3339))...)
		if code != 0 && code != 1 {
			t.Fatalf("notify -once -now %v: %d %s %s", now, code, out, e)
		}
		return out
	}
	if out := round(at); !strings.Contains(out, "发送失败 1 条") {
		t.Fatalf("round with a failing robot says %q; want one failure to retry", out)
	}
	round(at.Add(30 * time.Second))
	if n := len(feishu.Requests()); n != 1 {
		t.Fatalf("%d requests within the backoff, want the first only", n)
	}
	if out := round(at.Add(2 * time.Minute)); !strings.Contains(out, "已发送 1 条") {
		t.Fatalf("round after the backoff says %q; want the retry sent", out)
	}
	reqs := feishu.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d 飞书 requests, want the failure and one retry", len(reqs))
	}
	var fm struct {
		Timestamp, Sign string
		MsgType         string `json:"msg_type"`
	}
	if err := json.Unmarshal(reqs[1].Body, &fm); err != nil || fm.MsgType != "interactive" {
		t.Fatalf("飞书 message %s", reqs[1].Body)
	}
	mac := hmac.New(sha256.New, []byte(fm.Timestamp+"\nfs-secret"))
	if fm.Sign != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		t.Fatalf("飞书 signature %q does not check out for timestamp %s", fm.Sign, fm.Timestamp)
	}

	// The server stopped: the command opens the store itself; nothing is new.
	_ = srv.cmd.Process.Signal(syscall.SIGTERM)
	_ = srv.cmd.Wait()
	code, out, e = cliRun(t, "", notifyArgs...)
	if code != 0 || !strings.Contains(out, "新增待发 0 条") || len(mail.Mails()) != 2 || len(hook.Requests()) != 1 {
		t.Fatalf("notify -once with the server stopped: %d %s %s; want nothing new", code, out, e)
	}
}

// TestNotifyTwoServers: two server processes on one PostgreSQL and one
// ClickHouse both run the scheduler and the deliverer in the background,
// every second; each notice is still queued once and sent once.
func TestNotifyTwoServers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL, ClickHouse and two server processes")
	}
	chDSN := chtest.NewDatabase(t)
	pgDSN := pgtest.NewDatabase(t)
	mail, hook := sinks.NewSMTP(t), sinks.NewWebhook(t)
	stores := []string{"-clickhouse", chDSN, "-postgres", pgDSN, "-data", t.TempDir()}
	if code, _, e := cliRun(t, "analyst-password-2024\n", append([]string{"user", "add", "-name", "lina", "-role", "analyst"}, stores...)...); code != 0 {
		t.Fatalf("user add: %s", e)
	}
	code, tok, e := cliRun(t, "", append([]string{"token", "create", "-name", "lina"}, stores...)...)
	if code != 0 {
		t.Fatalf("token create: %s", e)
	}
	push := []string{"-notify-interval", "1s", "-smtp", mail.URL("lina", "pw"), "-mail-from", "jjyx@gxj.example.org"}
	a := startServer(t, append(append([]string{"-demo"}, stores...), push...))
	b := startServer(t, append(append([]string{}, stores...), push...))
	var wg sync.WaitGroup
	for i, body := range []string{
		`{"event":"briefing","channel":"email","address":"lina@gxj.example.org"}`,
		`{"event":"lagging","channel":"wecom","address":"` + hook.URL + `/cgi-bin/webhook/send?key=k2"}`,
	} {
		base := a.base
		if i == 1 {
			base = b.base
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, out := apiCall(t, http.MethodPost, base+"/api/v1/subscriptions", tok, body); code != http.StatusCreated {
				t.Errorf("subscribe %s: %d %s", body, code, out)
			}
		}()
	}
	wg.Wait()
	red := redTargets(t, a.base, tok)
	deadline := time.Now().Add(90 * time.Second)
	for len(mail.Mails()) == 0 || len(hook.Requests()) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after 90 s: %d mails, %d robot messages", len(mail.Mails()), len(hook.Requests()))
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Let both servers run several more rounds.
	time.Sleep(4 * time.Second)
	checkBriefingMail(t, mail, "lina@gxj.example.org")
	checkLaggingRobot(t, hook, red)
	if au := mail.Mails()[0].Auth; au != "lina" {
		t.Errorf("mail sent with AUTH %q, want lina", au)
	}
}
