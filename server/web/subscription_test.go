package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"industrydash/internal/store"
	"industrydash/server/web"
)

// TestSubscriptionsAPI: a user subscribes through the API (201), lists and
// deletes their own subscriptions; the rules are told in Chinese; every
// change is in the audit log, without the robot's key or secret.
func TestSubscriptionsAPI(t *testing.T) {
	e := newEnv(t, false)
	ana := e.token(t, store.RoleAnalyst, "")
	rep := e.token(t, store.RoleReporter, "150203")
	json_ := func(tok string) []string {
		return []string{"Authorization", "Bearer " + tok, "Content-Type", "application/json"}
	}
	resp, out := e.do(t, "POST", "/api/v1/subscriptions", `{"event":"briefing","channel":"email","address":"ana@gxj.example.org"}`, json_(ana)...)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("subscribe: %d %s", resp.StatusCode, out)
	}
	var sub store.Subscription
	if err := json.Unmarshal([]byte(out), &sub); err != nil || sub.ID == "" || sub.Event != "briefing" || strings.Contains(out, "token") {
		t.Fatalf("subscribe answered %s (%v): want the subscription, without its unsubscribe token", out, err)
	}
	resp, out = e.do(t, "POST", "/api/v1/subscriptions", `{"event":"lagging","channel":"dingtalk","address":"https://oapi.dingtalk.com/robot/send?access_token=SECRETKEY","secret":"SECxyz"}`, json_(ana)...)
	if resp.StatusCode != http.StatusCreated || strings.Contains(out, "SECxyz") {
		t.Fatalf("subscribe dingtalk: %d %s", resp.StatusCode, out)
	}
	for _, c := range []struct{ tok, body, want string }{
		{ana, `{"event":"briefing","channel":"email","address":"ana@gxj.example.org"}`, "已订阅过"},
		{ana, `{"event":"weather","channel":"email","address":"ana@gxj.example.org"}`, "事件“weather”无效"},
		{ana, `{"event":"briefing","channel":"email","address":"not-an-address"}`, "邮件地址"},
		{ana, `{"event":"lagging","channel":"wecom","address":"ftp://x"}`, "机器人地址"},
		{ana, `{"event":"lagging","channel":"wecom","address":"https://qyapi.weixin.qq.com/x","group":true}`, "只有管理员"},
		{rep, `{"event":"briefing","channel":"email","address":"rep@example.org"}`, "填报员只能订阅"},
	} {
		resp, out := e.do(t, "POST", "/api/v1/subscriptions", c.body, json_(c.tok)...)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(out, c.want) {
			t.Errorf("POST %s: %d %s; want 400 saying %q", c.body, resp.StatusCode, out, c.want)
		}
	}
	resp, out = e.do(t, "POST", "/api/v1/subscriptions", `{"event":"returned","channel":"wecom","address":"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}`, json_(rep)...)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(out, `"org_unit":"150203"`) {
		t.Fatalf("reporter subscribes to returned: %d %s; want their unit recorded", resp.StatusCode, out)
	}

	_, out = e.do(t, "GET", "/api/v1/subscriptions", "", "Authorization", "Bearer "+ana)
	var list struct{ Subscriptions []store.Subscription }
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Subscriptions) != 2 {
		t.Fatalf("the analyst's list: %s (%v); want their 2 subscriptions only", out, err)
	}
	resp, _ = e.do(t, "DELETE", "/api/v1/subscriptions/"+list.Subscriptions[0].ID, "", "Authorization", "Bearer "+rep)
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a reporter deleting the analyst's subscription: %d, want 404", resp.StatusCode)
	}
	resp, _ = e.do(t, "DELETE", "/api/v1/subscriptions/"+list.Subscriptions[0].ID, "", "Authorization", "Bearer "+ana)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete own subscription: %d, want 204", resp.StatusCode)
	}
	log, err := e.Store.AuditLog(context.Background(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	adds, dels := 0, 0
	for _, a := range log {
		switch a.Action {
		case "subscription.add":
			adds++
		case "subscription.delete":
			dels++
			if a.Actor != "analyst" {
				t.Errorf("delete audited as %q, want analyst", a.Actor)
			}
		}
		if strings.Contains(a.New+a.Old, "SECRETKEY") || strings.Contains(a.New+a.Old, "SECxyz") {
			t.Errorf("audit entry shows a robot key or secret: %+v", a)
		}
	}
	if adds != 3 || dels != 1 {
		t.Fatalf("audit: %d adds, %d deletes; want 3 and 1", adds, dels)
	}
}

// TestSubscriptionPagesAndUnsubscribeLink: 我的订阅 adds and lists; the
// e-mail's unsubscribe link asks first, then unsubscribes without a login;
// 投递记录 is for admins.
func TestSubscriptionPagesAndUnsubscribeLink(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleLeader, "")
	resp, out := e.do(t, "POST", "/subscriptions", form("csrf", csrf, "event", "briefing", "channel", "email", "address", "lead@gxj.example.org"),
		"Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != http.StatusOK || !strings.Contains(out, "已订阅") || !strings.Contains(out, "lead@gxj.example.org") {
		t.Fatalf("subscribe on the page: %d %.500s", resp.StatusCode, out)
	}
	subs, err := e.Store.Subscriptions(context.Background(), "")
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscriptions %v %v", subs, err)
	}
	link := "/unsubscribe/" + subs[0].Token
	resp, out = e.do(t, "GET", link, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(out, "确认退订") {
		t.Fatalf("unsubscribe link: %d %.300s", resp.StatusCode, out)
	}
	if subs, _ := e.Store.Subscriptions(context.Background(), ""); len(subs) != 1 {
		t.Fatal("opening the link (as a mail scanner would) unsubscribed")
	}
	resp, out = e.do(t, "POST", link, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(out, "已退订") {
		t.Fatalf("confirm unsubscribe: %d %.300s", resp.StatusCode, out)
	}
	if subs, _ := e.Store.Subscriptions(context.Background(), ""); len(subs) != 0 {
		t.Fatal("still subscribed after confirming")
	}
	if resp, _ := e.do(t, "POST", link, ""); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a used link: %d, want 404", resp.StatusCode)
	}
	ack, _ := e.session(t, store.RoleAdmin, "")
	resp, out = e.do(t, "GET", "/deliveries", "", "Cookie", ack)
	if resp.StatusCode != http.StatusOK || !strings.Contains(out, "投递记录") {
		t.Fatalf("投递记录: %d %.300s", resp.StatusCode, out)
	}
}

// TestSubscriptionAllowHosts: with -notify-allow-hosts, a robot elsewhere
// is refused with the reason; the listed hosts and their subdomains pass.
func TestSubscriptionAllowHosts(t *testing.T) {
	e := newEnvWith(t, false, func(o *web.Options) { o.NotifyAllowHosts = "qyapi.weixin.qq.com, *.gov.local" })
	tok := e.token(t, store.RoleAnalyst, "")
	for _, c := range []struct {
		addr string
		code int
	}{
		{"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", http.StatusCreated},
		{"http://im.gxj.gov.local/hook", http.StatusCreated},
		{"http://10.0.0.8:8080/admin", http.StatusBadRequest},
		{"https://qyapi.weixin.qq.com.evil.example/x", http.StatusBadRequest},
	} {
		resp, out := e.do(t, "POST", "/api/v1/subscriptions", `{"event":"lagging","channel":"webhook","address":"`+c.addr+`"}`,
			"Authorization", "Bearer "+tok, "Content-Type", "application/json")
		if resp.StatusCode != c.code || (c.code == http.StatusBadRequest && !strings.Contains(out, "不在管理员允许的列表中")) {
			t.Errorf("%s: %d %s; want %d", c.addr, resp.StatusCode, out, c.code)
		}
	}
}
