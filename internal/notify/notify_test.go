package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
	"industrydash/internal/notify"
	"industrydash/internal/progress"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/seeded"
	"industrydash/internal/testenv/sinks"
	"industrydash/seeds"
)

type env struct {
	st   embedded.Combined
	mon  *monitor.Service
	mail *sinks.SMTP
	hook *sinks.Webhook
}

func newEnv(t *testing.T) *env {
	st := seeded.Store(t, true)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return &env{st: st, mon: monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig(), Log: log}), mail: sinks.NewSMTP(t), hook: sinks.NewWebhook(t)}
}

// service wires a round at clock now, as `server notify -once -now` does.
func (e *env) service(t *testing.T, cfg notify.Config, now time.Time) *notify.Service {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	years := seeds.BuiltinYears()
	cat, err := seeds.Builtin(years[len(years)-1])
	if err != nil {
		t.Fatal(err)
	}
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := review.New(review.Config{Store: review.Join(e.st, e.st), Forms: forms, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SMTP == "" {
		cfg.SMTP = e.mail.URL("jjyx", "pw")
	}
	if cfg.MailFrom == "" {
		cfg.MailFrom = "jjyx@gxj.example.org"
	}
	cfg.PublicURL = "http://dash.example.org"
	if cfg.DeadlineDays == 0 {
		cfg.DeadlineDays = 3
	}
	if cfg.DigestAt == "" {
		cfg.DigestAt = "08:30"
	}
	senders, err := notify.Senders(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sch := notify.NewScheduler(e.st, e.mon, e.st, rev, cfg, log)
	return notify.NewService(sch, notify.NewDeliverer(e.st, senders, log), log)
}

func (e *env) subscribe(t *testing.T, sub store.Subscription) store.Subscription {
	t.Helper()
	if sub.UserID == "" {
		sub.UserID, sub.UserName = "u-analyst", "analyst"
	}
	if _, err := e.st.UserByID(context.Background(), sub.UserID); err != nil {
		role := store.RoleAnalyst
		if sub.OrgUnit != "" {
			role = store.RoleReporter
		}
		u := store.User{ID: sub.UserID, Name: strings.TrimPrefix(sub.UserID, "u-"), Role: role, OrgUnit: sub.OrgUnit,
			CreatedAt: time.Now(), UpdatedAt: time.Now()}
		if err := e.st.PutUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	if sub.CreatedAt.IsZero() {
		sub.CreatedAt = time.Now()
	}
	s, err := e.st.AddSubscription(context.Background(), sub, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func once(t *testing.T, svc *notify.Service, now time.Time) notify.OnceResult {
	t.Helper()
	res, err := svc.Once(context.Background(), now)
	if err != nil {
		t.Fatalf("notify round at %v: %v", now, err)
	}
	return res
}

var now = time.Date(2024, 11, 10, 10, 0, 0, 0, domain.Beijing)

// TestBriefingAndLaggingOnce is the product's promise on the demo data:
// a subscriber gets the 简报 by e-mail with the file attached and the
// lagging targets through a 企业微信 robot, in markdown, naming each red
// target with the engine's sentence; a second round sends nothing.
func TestBriefingAndLaggingOnce(t *testing.T) {
	e := newEnv(t)
	e.subscribe(t, store.Subscription{Event: store.EventBriefing, Channel: store.ChannelEmail, Address: "leader@gxj.example.org"})
	e.subscribe(t, store.Subscription{Event: store.EventLagging, Channel: store.ChannelWeCom, Address: e.hook.URL + "/cgi-bin/webhook/send?key=abc"})
	svc := e.service(t, notify.Config{}, now)
	res := once(t, svc, now)
	if res.Queued != 2 || res.Sent != 2 {
		t.Fatalf("first round: queued %d, sent %d; want 2 and 2 (%+v)", res.Queued, res.Sent, res)
	}

	mails := e.mail.Mails()
	if len(mails) != 1 {
		t.Fatalf("%d mails, want 1", len(mails))
	}
	m, err := mails[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Subject, "简报") || mails[0].To[0] != "leader@gxj.example.org" || mails[0].Auth != "jjyx" {
		t.Fatalf("mail subject %q to %v (auth %q), want a 简报 to the subscriber, sent as jjyx", m.Subject, mails[0].To, mails[0].Auth)
	}
	att := m.Attachments()
	if len(att) != 1 {
		t.Fatalf("mail has %d attachments, want the 简报", len(att))
	}
	switch {
	case strings.HasSuffix(att[0].Filename, ".pdf"):
		if !strings.HasPrefix(string(att[0].Body), "%PDF-") {
			t.Fatalf("attachment %s is not a PDF", att[0].Filename)
		}
	case strings.HasSuffix(att[0].Filename, ".docx"): // no Chromium on this machine: the Word version
		if !strings.HasPrefix(string(att[0].Body), "PK") {
			t.Fatalf("attachment %s is not a .docx", att[0].Filename)
		}
	default:
		t.Fatalf("attachment %q, want the 简报 PDF", att[0].Filename)
	}
	if !strings.Contains(att[0].Filename, "简报") {
		t.Errorf("attachment named %q, want the 简报's title", att[0].Filename)
	}
	text := m.Text()
	for _, want := range []string{"数据期：2024年1—", "数据截至：", "http://dash.example.org/unsubscribe/", "http://dash.example.org/briefing?"} {
		if !strings.Contains(text, want) {
			t.Errorf("mail text lacks %q:\n%s", want, text)
		}
	}

	reqs := e.hook.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d robot messages, want 1", len(reqs))
	}
	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	if err := json.Unmarshal(reqs[0].Body, &msg); err != nil || msg.MsgType != "markdown" {
		t.Fatalf("robot message %s: want 企业微信 markdown (%v)", reqs[0].Body, err)
	}
	if reqs[0].Query.Get("key") != "abc" {
		t.Errorf("robot called without its key: %v", reqs[0].Query)
	}
	ov, err := e.mon.Overview(context.Background(), monitor.Query{})
	if err != nil {
		t.Fatal(err)
	}
	red := 0
	for _, r := range ov.Rows {
		if r.Assessment.StatusKey != "red" {
			continue
		}
		red++
		if !strings.Contains(msg.Markdown.Content, r.Title) || !strings.Contains(msg.Markdown.Content, r.Sentence) {
			t.Errorf("robot message lacks the red target %s with its sentence %q:\n%s", r.Title, r.Sentence, msg.Markdown.Content)
		}
	}
	if red == 0 {
		t.Fatal("the demo data have no red target; the test proves nothing")
	}
	if !strings.Contains(text, fmt.Sprintf("滞后%d项（红）", red)) {
		t.Errorf("the mail's summary does not count the %d red targets:\n%s", red, text)
	}
	t.Logf("robot message:\n%s\nmail %q:\n%s", msg.Markdown.Content, m.Subject, text)
	for _, want := range []string{"滞后", "数据期：" + ov.Period.Label(), "数据截至："} {
		if !strings.Contains(msg.Markdown.Content, want) {
			t.Errorf("robot message lacks %q:\n%s", want, msg.Markdown.Content)
		}
	}

	// A second round, later: nothing new, nothing sent.
	res = once(t, svc, now.Add(time.Hour))
	if res.Queued != 0 || res.Sent != 0 || len(e.mail.Mails()) != 1 || len(e.hook.Requests()) != 1 {
		t.Fatalf("second round: %+v, %d mails, %d robot messages; want nothing new", res, len(e.mail.Mails()), len(e.hook.Requests()))
	}
}

// TestFailedDeliveryIsRetried: a robot that fails once gets the message on
// a later round, after the backoff, exactly once; every attempt is in the
// delivery log. The 钉钉 signature checks out with the secret.
func TestFailedDeliveryIsRetried(t *testing.T) {
	e := newEnv(t)
	e.subscribe(t, store.Subscription{Event: store.EventLagging, Channel: store.ChannelDingTalk,
		Address: e.hook.URL + "/robot/send?access_token=t1", Secret: "SECabc"})
	svc := e.service(t, notify.Config{}, now)
	e.hook.FailNext(1)
	res := once(t, svc, now)
	if res.Queued != 1 || res.Sent != 0 || res.Failed != 1 {
		t.Fatalf("round with a failing robot: %+v, want 1 queued, 1 failed", res)
	}
	if res := once(t, svc, now.Add(30*time.Second)); res.Sent != 0 || res.Failed != 0 {
		t.Fatalf("round within the backoff: %+v, want no attempt", res)
	}
	if res := once(t, svc, now.Add(2*time.Minute)); res.Sent != 1 {
		t.Fatalf("round after the backoff: %+v, want the retry sent", res)
	}
	if res := once(t, svc, now.Add(time.Hour)); res.Sent != 0 || res.Queued != 0 {
		t.Fatalf("round after delivery: %+v, want nothing", res)
	}
	reqs := e.hook.Requests()
	if len(reqs) != 2 || string(reqs[0].Body) != string(reqs[1].Body) {
		t.Fatalf("%d requests; want the failed one and its identical retry", len(reqs))
	}
	q := reqs[1].Query
	mac := hmac.New(sha256.New, []byte("SECabc"))
	mac.Write([]byte(q.Get("timestamp") + "\nSECabc"))
	if q.Get("access_token") != "t1" || q.Get("sign") != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		t.Fatalf("钉钉 signature: query %v does not check out", q)
	}
	var msg struct {
		MsgType  string            `json:"msgtype"`
		Markdown map[string]string `json:"markdown"`
	}
	if err := json.Unmarshal(reqs[1].Body, &msg); err != nil || msg.MsgType != "markdown" || msg.Markdown["title"] == "" ||
		!strings.Contains(msg.Markdown["text"], "滞后") {
		t.Fatalf("钉钉 message %s, want markdown with a title and the lagging targets", reqs[1].Body)
	}
	log, err := e.st.DeliveryLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || len(log[0].Tries) != 2 || log[0].Tries[0].OK || !strings.Contains(log[0].Tries[0].Error, "503") ||
		!log[0].Tries[1].OK || log[0].DeliveredAt.IsZero() {
		t.Fatalf("delivery log %+v, want one notice with a failed then a successful attempt", log)
	}
}

// TestQuietHoursAndDigest: an alert found in quiet hours waits until they
// end; a digest subscription hears once a day, at the digest time.
func TestQuietHoursAndDigest(t *testing.T) {
	e := newEnv(t)
	e.subscribe(t, store.Subscription{Event: store.EventLagging, Channel: store.ChannelWebhook, Address: e.hook.URL + "/quiet"})
	night := time.Date(2024, 11, 10, 23, 0, 0, 0, domain.Beijing)
	e.subscribe(t, store.Subscription{UserID: "u2", Event: store.EventLagging, Channel: store.ChannelWebhook, Address: e.hook.URL + "/digest",
		Digest: true, CreatedAt: night.Add(-time.Hour)})
	cfg := notify.Config{QuietHours: "22:00-07:00", DigestAt: "08:30"}
	svc := e.service(t, cfg, night)
	if res := once(t, svc, night); res.Queued != 1 || res.Sent != 0 {
		t.Fatalf("at 23:00: %+v; want the plain alert queued, not sent, and no digest yet", res)
	}
	morning := time.Date(2024, 11, 11, 7, 0, 0, 0, domain.Beijing)
	if res := once(t, svc, morning); res.Sent != 1 || res.Queued != 0 {
		t.Fatalf("at 07:00: %+v; want the waiting alert sent", res)
	}
	digest := time.Date(2024, 11, 11, 8, 31, 0, 0, domain.Beijing)
	if res := once(t, svc, digest); res.Queued != 1 || res.Sent != 1 {
		t.Fatalf("at 08:31: %+v; want the digest", res)
	}
	if res := once(t, svc, digest.Add(2*time.Hour)); res.Queued != 0 || res.Sent != 0 {
		t.Fatalf("later that day: %+v; want nothing", res)
	}
	reqs := e.hook.Requests()
	if len(reqs) != 2 || reqs[0].Path != "/quiet" || reqs[1].Path != "/digest" {
		t.Fatalf("requests %+v; want the quiet-hours alert, then the digest", reqs)
	}
	var body map[string]any
	if err := json.Unmarshal(reqs[1].Body, &body); err != nil || body["event"] != "lagging" || !strings.Contains(body["text"].(string), "数据截至") {
		t.Fatalf("generic webhook body %s", reqs[1].Body)
	}
}

// TestMailOverSTARTTLS: when the server offers STARTTLS the mail goes
// encrypted (and the password only then); a refused recipient is retried.
func TestMailOverSTARTTLS(t *testing.T) {
	srv := sinks.NewSMTPTLS(t)
	m, err := notify.ParseSMTP(srv.URL("jjyx", "pw"), "jjyx@gxj.example.org")
	if err != nil {
		t.Fatal(err)
	}
	m.TLSConfig = &tls.Config{RootCAs: srv.Roots, ServerName: "127.0.0.1"}
	n := store.Notice{Event: store.EventApproved, Channel: store.ChannelEmail, Address: "rep@example.org",
		Subject: "填报已通过：昆都仑区 2024年10月", Body: "正文\n第二行", AttachmentName: "附件.txt", Attachment: []byte("内容")}
	srv.FailNext(1)
	if err := m.Send(context.Background(), n); err == nil || !strings.Contains(msg.Text(err), "暂不接收") {
		t.Fatalf("a 451 recipient: %v, want a temporary failure", err)
	}
	if err := m.Send(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	mails := srv.Mails()
	if len(mails) != 1 || !mails[0].TLS || mails[0].Auth != "jjyx" {
		t.Fatalf("mails %+v; want one, over TLS, logged in as jjyx", mails)
	}
	p, err := mails[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != n.Subject || !strings.Contains(p.Text(), "第二行") || len(p.Attachments()) != 1 ||
		p.Attachments()[0].Filename != "附件.txt" || string(p.Attachments()[0].Body) != "内容" {
		t.Fatalf("mail read back as %+v", p)
	}
}

// TestAllowHostsAtSend: a robot address outside -notify-allow-hosts (say,
// subscribed before the list was set) is never contacted; the refusal is
// in the delivery log.
func TestAllowHostsAtSend(t *testing.T) {
	e := newEnv(t)
	e.subscribe(t, store.Subscription{Event: store.EventLagging, Channel: store.ChannelWeCom, Address: e.hook.URL + "/x"})
	res := once(t, e.service(t, notify.Config{AllowHosts: "qyapi.weixin.qq.com"}, now), now)
	if res.Queued != 1 || res.Sent != 0 || res.GaveUp != 1 || len(e.hook.Requests()) != 0 {
		t.Fatalf("%+v, %d requests; want the notice refused without contacting the address", res, len(e.hook.Requests()))
	}
	log, err := e.st.DeliveryLog(context.Background(), 1)
	if err != nil || len(log) != 1 || !strings.Contains(log[0].LastError, "不在允许的列表中") {
		t.Fatalf("delivery log %+v %v", log, err)
	}
}

// TestDisabledAccountHearsNothing: once an account is disabled its
// subscriptions go quiet; an office's group address stays.
func TestDisabledAccountHearsNothing(t *testing.T) {
	e := newEnv(t)
	e.subscribe(t, store.Subscription{Event: store.EventLagging, Channel: store.ChannelWebhook, Address: e.hook.URL + "/own"})
	e.subscribe(t, store.Subscription{Event: store.EventLagging, Channel: store.ChannelWebhook, Address: e.hook.URL + "/group", Group: true})
	u, err := e.st.UserByID(context.Background(), "u-analyst")
	if err != nil {
		t.Fatal(err)
	}
	u.Disabled, u.UpdatedAt = true, time.Now().Add(time.Second)
	if err := e.st.PutUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	once(t, e.service(t, notify.Config{}, now), now)
	reqs := e.hook.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/group" {
		t.Fatalf("requests %+v; want the group address only", reqs)
	}
}
