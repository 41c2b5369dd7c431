package notify_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/notify"
	"industrydash/internal/store"
)

// TestDeadlineReminderAndOverdue: a reporter hears, for their own unit
// only, that December's figures are due in three days, then that they are
// overdue; each once.
func TestDeadlineReminderAndOverdue(t *testing.T) {
	e := newEnv(t)
	e.subscribe(t, store.Subscription{UserID: "u-rep", UserName: "rep", OrgUnit: "150203", Event: store.EventDeadline,
		Channel: store.ChannelWebhook, Address: e.hook.URL + "/rep", CreatedAt: time.Date(2024, 12, 1, 0, 0, 0, 0, domain.Beijing)})
	e.subscribe(t, store.Subscription{UserID: "u-ana", UserName: "ana", Event: store.EventDeadline,
		Channel: store.ChannelWebhook, Address: e.hook.URL + "/ana", CreatedAt: time.Date(2024, 12, 1, 0, 0, 0, 0, domain.Beijing)})
	// msgs returns the messages a path received, subject and text.
	msgs := func(path string) []string {
		t.Helper()
		var out []string
		for _, r := range e.hook.Requests() {
			if r.Path != path {
				continue
			}
			var body struct{ Subject, Text string }
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
			out = append(out, body.Subject+"\n"+body.Text)
		}
		return out
	}
	// Six days before December's deadline: the analyst hears that 固阳县,
	// which has no November figures in the demo data, is overdue; the
	// 昆都仑区 reporter hears nothing.
	early := time.Date(2024, 12, 30, 10, 0, 0, 0, domain.Beijing)
	once(t, e.service(t, notify.Config{}, early), early)
	if rep, ana := msgs("/rep"), msgs("/ana"); len(rep) != 0 || len(ana) != 1 ||
		!strings.Contains(ana[0], "固阳县 2024年11月数据") || !strings.Contains(ana[0], "逾期未报") {
		t.Fatalf("six days before: reporter %q, analyst %q; want only the analyst told of 固阳县's overdue November", rep, ana)
	}
	soon := time.Date(2025, 1, 3, 10, 0, 0, 0, domain.Beijing)
	if res := once(t, e.service(t, notify.Config{}, soon), soon); res.Queued != 2 || res.Sent != 2 {
		t.Fatalf("two days before the deadline: %+v, want a reminder to each", res)
	}
	rep, ana := msgs("/rep"), msgs("/ana")
	if len(rep) != 1 || !strings.Contains(rep[0], "报送提醒") || !strings.Contains(rep[0], "昆都仑区 2024年12月数据") ||
		!strings.Contains(rep[0], "数据截至") || strings.Contains(rep[0], "东河区") {
		t.Fatalf("reporter got %q; want one reminder for 昆都仑区's December figures only", rep)
	}
	if len(ana) != 2 || !strings.Contains(ana[1], "昆都仑区 2024年12月数据") || !strings.Contains(ana[1], "东河区 2024年12月数据") ||
		strings.Contains(ana[1], "固阳县 2024年11月") {
		t.Fatalf("analyst got %q; want a reminder for every unit, without repeating 固阳县's November", ana)
	}
	if res := once(t, e.service(t, notify.Config{}, soon.Add(3*time.Hour)), soon.Add(3*time.Hour)); res.Queued != 0 {
		t.Fatalf("the same day again: %+v, want nothing", res)
	}
	late := time.Date(2025, 1, 7, 9, 0, 0, 0, domain.Beijing)
	if res := once(t, e.service(t, notify.Config{}, late), late); res.Queued != 2 {
		t.Fatalf("after the deadline: %+v, want an overdue notice to each", res)
	}
	if rep := msgs("/rep"); len(rep) != 2 || !strings.Contains(rep[1], "逾期") || !strings.Contains(rep[1], "昆都仑区 2024年12月数据") {
		t.Errorf("reporter's overdue notice %q", rep)
	}
	if res := once(t, e.service(t, notify.Config{}, late.Add(24*time.Hour)), late.Add(24*time.Hour)); res.Queued != 0 {
		t.Fatalf("a day later: %+v, want nothing", res)
	}
}

// TestReturnedWithReason: a submission returned after the reporter
// subscribed is told once, with the reason; one returned before is not.
func TestReturnedWithReason(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	subAt := time.Now()
	put := func(id string, at time.Time, reason string) {
		t.Helper()
		s := store.Submission{ID: id, OrgUnit: "150203", Period: domain.Month(2024, 12), Status: store.StatusReturned, Version: 1,
			CreatedBy: "rep", CreatedAt: at, UpdatedBy: "analyst", UpdatedAt: at, SubmittedAt: at, Reason: reason}
		if id == "150202-2024-12" {
			s.OrgUnit = "150202"
		}
		err := e.st.ApplySubmission(ctx, store.SubmissionChange{Submission: s,
			Event: store.SubmissionEvent{SubmissionID: id, Action: "return", FromStatus: store.StatusSubmitted, ToStatus: store.StatusReturned, Actor: "analyst", At: at, Reason: reason}})
		if err != nil {
			t.Fatal(err)
		}
	}
	put("150203-2024-11", subAt.Add(-time.Hour), "旧的退回")
	e.subscribe(t, store.Subscription{UserID: "u-rep", UserName: "rep", OrgUnit: "150203", Event: store.EventReturned,
		Channel: store.ChannelWebhook, Address: e.hook.URL + "/rep", CreatedAt: subAt})
	put("150203-2024-12", subAt.Add(time.Minute), "规上工业总产值累计数小于上月，请核实")
	put("150202-2024-12", subAt.Add(time.Minute), "东河区的退回")
	svc := e.service(t, notify.Config{}, now)
	if res := once(t, svc, now); res.Queued != 1 || res.Sent != 1 {
		t.Fatalf("first round: %+v, want the one return since subscribing, of the reporter's unit", res)
	}
	var body struct{ Subject, Text string }
	if err := json.Unmarshal(e.hook.Requests()[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body.Text, "规上工业总产值累计数小于上月，请核实") || !strings.Contains(body.Subject, "退回") ||
		!strings.Contains(body.Text, "数据期：2024年12月") {
		t.Fatalf("returned notice %+v; want the reason and the period", body)
	}
	if res := once(t, svc, now.Add(time.Hour)); res.Queued != 0 {
		t.Fatalf("second round: %+v, want nothing", res)
	}
}
