package web_test

import (
	"context"
	"strings"
	"testing"

	"industrydash/internal/auth"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// Issue 11, finding 8: the approver must differ from the submitter; an
// admin may approve alone with a recorded reason.
func TestFourEyesApproval(t *testing.T) {
	e := newEnv(t, false)
	ana := e.token(t, store.RoleAnalyst, "")
	adm := e.token(t, store.RoleAdmin, "")
	if _, err := e.Auth.AddUser(context.Background(), auth.NewUser{Name: "analyst2", Role: store.RoleAnalyst, Password: testPassword}, auth.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	ana2, err := e.Auth.CreateToken(context.Background(), "analyst2", "t", 0, auth.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	post := func(tok, path, body string) (int, string) {
		resp, out := e.do(t, "POST", path, body, "Authorization", "Bearer "+tok, "Content-Type", "application/json")
		return resp.StatusCode, out
	}
	submit := func(tok, unit string) {
		t.Helper()
		body := `{"org_unit":"` + unit + `","period":"2024-10","values":[{"indicator":"industry.output_value","value":123.4,"value_type":"ytd"}]}`
		if st, out := post(tok, "/api/v1/submissions", body); st != 200 && st != 201 {
			t.Fatalf("submit %s: %d %s", unit, st, out)
		}
	}
	submit(ana, "150203")
	// The page does not offer the submitter a button the rule refuses; a
	// second analyst sees it.
	page := func(tok string) string {
		_, out := e.do(t, "GET", "/submissions/150203/2024-10", "", "Authorization", "Bearer "+tok)
		return out
	}
	if p := page(ana); strings.Contains(p, `id="approve"`) || !strings.Contains(p, `id="four-eyes"`) {
		t.Errorf("the submitter is offered 审核通过:\n%.400s", p)
	}
	if p := page(ana2); !strings.Contains(p, `id="approve"`) || strings.Contains(p, `id="four-eyes"`) {
		t.Errorf("a second analyst is not offered 审核通过")
	}
	if st, out := post(ana, "/api/v1/submissions/150203-2024-10/approve", ""); st != 409 || !strings.Contains(out, "双人复核") {
		t.Fatalf("the submitter approving: %d %s", st, out)
	}
	if st, out := post(ana, "/api/v1/submissions/150203-2024-10/approve", `{"override_reason":"急用"}`); st != 409 || !strings.Contains(out, "只有系统管理员") {
		t.Fatalf("an analyst overriding: %d %s", st, out)
	}
	if st, out := post(ana2, "/api/v1/submissions/150203-2024-10/approve", ""); st != 200 {
		t.Fatalf("a second analyst approving: %d %s", st, out)
	}
	// An admin's own submission: alone only with a reason, which is recorded.
	submit(adm, "150202")
	if st, _ := post(adm, "/api/v1/submissions/150202-2024-10/approve", ""); st != 409 {
		t.Fatalf("an admin approving their own without a reason: %d", st)
	}
	if st, out := post(adm, "/api/v1/submissions/150202-2024-10/approve", `{"override_reason":"区里仅一名填报员且休假，已电话核实"}`); st != 200 {
		t.Fatalf("an admin approving alone with a reason: %d %s", st, out)
	}
	evs, err := e.Review.Events(context.Background(), "150202-2024-10")
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Action != "approve" || !strings.Contains(last.Reason, "已电话核实") {
		t.Errorf("the override reason is not recorded: %+v", last)
	}
	entries, _ := e.Store.AuditLog(context.Background(), store.AuditFilter{Action: "submission.approve"})
	if len(entries) == 0 || !strings.Contains(entries[0].New, "单人审核") {
		t.Errorf("the override is not in the audit log: %+v", entries)
	}
	// Off by configuration (-four-eyes=false): a server over the same store.
	submit(ana, "150204")
	off := newEnvReview(t, e.Store, func(c *review.Config) { c.SingleReviewer = true }, nil)
	resp, out := off.do(t, "POST", "/api/v1/submissions/150204-2024-10/approve", "", "Authorization", "Bearer "+ana, "Content-Type", "application/json")
	if st := resp.StatusCode; st != 200 {
		t.Fatalf("four-eyes off: %d %s", st, out)
	}
}
