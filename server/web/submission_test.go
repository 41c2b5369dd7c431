package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"industrydash/internal/store"
)

// districtValue reads 150203's industry.output_value for 1—10月 2024 from
// the districts API (nil when it has none).
func districtValue(t *testing.T, e *env, bearer string, pending bool) *float64 {
	t.Helper()
	path := "/api/v1/districts?indicator=industry.output_value&year=2024&period=2024-10"
	if pending {
		path += "&pending=1"
	}
	resp, out := e.do(t, "GET", path, "", "Authorization", "Bearer "+bearer)
	if resp.StatusCode != 200 {
		t.Fatalf("districts API: %d %s", resp.StatusCode, out)
	}
	var v struct {
		Ranking []struct {
			OrgUnit struct {
				Code string `json:"code"`
			} `json:"org_unit"`
			Assessment struct {
				Value *float64 `json:"value"`
			} `json:"assessment"`
		} `json:"ranking"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Ranking {
		if r.OrgUnit.Code == "150203" {
			return r.Assessment.Value
		}
	}
	return nil
}

type subResp struct {
	Submission store.Submission `json:"submission"`
	Error      string           `json:"error"`
	Issues     []struct {
		Where   string `json:"where"`
		Message string `json:"message"`
	} `json:"issues"`
}

func decode(t *testing.T, s string) subResp {
	t.Helper()
	var r subResp
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("%v: %s", err, s)
	}
	return r
}

func TestSubmissionWorkflowEndToEnd(t *testing.T) {
	e := newEnv(t, false)
	rep := e.token(t, store.RoleReporter, "150203")
	ana := e.token(t, store.RoleAnalyst, "")
	js := func(tok string) []string {
		return []string{"Authorization", "Bearer " + tok, "Content-Type", "application/json"}
	}
	post := func(tok, path, body string) (int, subResp) {
		resp, out := e.do(t, "POST", path, body, js(tok)...)
		return resp.StatusCode, decode(t, out)
	}
	body := func(unit, value string) string {
		return `{"org_unit":"` + unit + `","period":"2024-10","values":[{"indicator":"industry.output_value","value":` + value + `,"value_type":"ytd"}]}`
	}

	// Without credentials, for another unit, with bad figures.
	if resp, _ := e.do(t, "POST", "/api/v1/submissions", body("150203", "123.4"), "Content-Type", "application/json"); resp.StatusCode != 401 {
		t.Fatalf("no credentials: %d", resp.StatusCode)
	}
	if code, r := post(rep, "/api/v1/submissions", body("150202", "123.4")); code != 403 || !strings.Contains(r.Error, "本单位") {
		t.Fatalf("another unit: %d %+v", code, r)
	}
	if code, r := post(rep, "/api/v1/submissions", body("150203", "-5")); code != 422 || len(r.Issues) == 0 || !strings.Contains(r.Issues[0].Where, "value") {
		t.Fatalf("negative output: %d %+v", code, r)
	}
	if resp, _ := e.do(t, "GET", "/api/v1/submissions?org_unit=150202", "", "Authorization", "Bearer "+rep); resp.StatusCode != 403 {
		t.Fatalf("listing another unit: %d", resp.StatusCode)
	}

	// Submit: only the pending view shows it.
	code, r := post(rep, "/api/v1/submissions", body("150203", "123.4"))
	if code != 201 || r.Submission.Status != store.StatusSubmitted || r.Submission.ID == "" {
		t.Fatalf("submit: %d %+v", code, r)
	}
	id := r.Submission.ID
	if v := districtValue(t, e, ana, false); v != nil {
		t.Fatalf("unapproved figure shown by default: %v", *v)
	}
	if v := districtValue(t, e, ana, true); v == nil || *v != 123.4 {
		t.Fatalf("pending=1 shows %v, want 123.4", v)
	}

	// Return with a reason; the reporter sees it.
	if code, _ := post(rep, "/api/v1/submissions/"+id+"/return", `{"reason":"x"}`); code != 403 {
		t.Fatalf("a reporter returned a submission: %d", code)
	}
	if code, r := post(ana, "/api/v1/submissions/"+id+"/return", `{}`); code != 400 || !strings.Contains(r.Error, "原因") {
		t.Fatalf("return without reason: %d %+v", code, r)
	}
	if code, _ := post(ana, "/api/v1/submissions/"+id+"/return", `{"reason":"总产值与统计快报不符，请核对"}`); code != 200 {
		t.Fatalf("return: %d", code)
	}
	resp, out := e.do(t, "GET", "/api/v1/submissions?org_unit=150203&period=2024-10", "", "Authorization", "Bearer "+rep)
	if resp.StatusCode != 200 || !strings.Contains(out, "总产值与统计快报不符") || !strings.Contains(out, `"status":"returned"`) {
		t.Fatalf("reporter's list: %d %s", resp.StatusCode, out)
	}

	// Resubmit and approve: the figure is now everyone's default view.
	if code, r := post(rep, "/api/v1/submissions", body("150203", "125.8")); code != 201 || r.Submission.Status != store.StatusSubmitted {
		t.Fatalf("resubmit: %d %+v", code, r)
	}
	if code, r := post(ana, "/api/v1/submissions/"+id+"/approve", ``); code != 200 || r.Submission.Status != store.StatusApproved {
		t.Fatalf("approve: %d %+v", code, r)
	}
	if v := districtValue(t, e, ana, false); v == nil || *v != 125.8 {
		t.Fatalf("after approval the districts API shows %v, want 125.8", v)
	}
	resp, out = e.do(t, "GET", "/api/v1/indicators/industry.output_value/series?year=2024", "", "Authorization", "Bearer "+rep)
	if resp.StatusCode != 200 || !strings.Contains(out, "125.8") || !strings.Contains(out, `"code":"150203"`) {
		t.Fatalf("reporter's own series: %d %.300s", resp.StatusCode, out)
	}
	// Approved months are locked for the reporter.
	if code, r := post(rep, "/api/v1/submissions", body("150203", "130")); code != 409 || !strings.Contains(r.Error, "锁定") {
		t.Fatalf("edit after approval: %d %+v", code, r)
	}

	// Every step is in the history and the audit log.
	resp, out = e.do(t, "GET", "/api/v1/submissions/"+id, "", "Authorization", "Bearer "+rep)
	for _, a := range []string{`"action":"submit"`, `"action":"return"`, `"action":"approve"`} {
		if !strings.Contains(out, a) {
			t.Errorf("history lacks %s: %s", a, out)
		}
	}
	ck, _ := e.session(t, store.RoleAnalyst, "")
	if resp, _ = e.do(t, "GET", "/audit", "", "Cookie", ck); resp.StatusCode != 403 {
		t.Errorf("an analyst without a grant reads the audit log: %d", resp.StatusCode)
	}
	audCk, _ := e.session(t, store.RoleAuditor, "") // the audit log is the audit administrator's
	resp, out = e.do(t, "GET", "/audit?action=submission.approve", "", "Cookie", audCk)
	if resp.StatusCode != 200 || !strings.Contains(out, "submission:"+id) {
		t.Fatalf("audit page: %d", resp.StatusCode)
	}
	resp, out = e.do(t, "GET", "/audit/export/csv", "", "Cookie", audCk)
	if resp.StatusCode != 200 || !strings.Contains(out, "submission.return") || !strings.Contains(out, "总产值与统计快报不符") {
		t.Fatalf("audit CSV: %d %.300s", resp.StatusCode, out)
	}
	// The board shows the approved month for the reporter's own row only.
	rck, _ := e.session(t, store.RoleReporter, "150203")
	resp, out = e.do(t, "GET", "/submissions?year=2024", "", "Cookie", rck)
	if resp.StatusCode != 200 || !strings.Contains(out, `data-period="2024-10" data-state="approved"`) || strings.Contains(out, `data-unit="150202"`) {
		t.Fatalf("reporter's board: %d", resp.StatusCode)
	}
}

func TestFormShowsErrorsBesideTheField(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleReporter, "150203")
	resp, out := e.do(t, "POST", "/submissions/150203/2024-10",
		form("csrf", csrf, "action", "submit", "value_industry.output_value", "abc"), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 422 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	row := out[strings.Index(out, `data-indicator="industry.output_value"`):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, `class="field-error"`) || !strings.Contains(row, `value="abc"`) {
		t.Fatalf("the error is not beside the field: %s", row)
	}
}
