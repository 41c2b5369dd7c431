package faulttest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
)

// heldApproval is a submission submitted while ClickHouse is up and
// approved while it is down.
type heldApproval struct {
	id    string
	unit  string
	value float64
}

// submitForApproval submits 东河区's 2023年12月 工业总产值 through the API (a
// year neither the large load nor the other web submissions touch).
func submitForApproval(t *testing.T, ctx context.Context, st *clickhouse.Store, au *auth.Service, base string) *heldApproval {
	t.Helper()
	const unit = "150202"
	last, err := st.CurrentObservations(ctx, store.ObsFilter{Indicators: []string{"industry.output_value"},
		OrgUnits: []string{unit}, Years: []int{2024}})
	if err != nil {
		t.Fatal(err)
	}
	var ytd float64
	for _, o := range last {
		if o.ValueType == domain.ValueYTD && o.Value > ytd {
			ytd = o.Value
		}
	}
	if ytd == 0 {
		t.Fatal("no 2024 figure for 东河区 to base the held submission on")
	}
	name := "reporter_held"
	if _, err := au.AddUser(ctx, auth.NewUser{Name: name, DisplayName: name, Role: store.RoleReporter, OrgUnit: unit,
		Password: "Fault-test-password-1"}, auth.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	tok, err := au.CreateToken(ctx, name, "fault test", 0, auth.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	h := &heldApproval{id: unit + "-2023-12", unit: unit, value: float64(int(ytd*112)) / 100}
	body, _ := json.Marshal(map[string]any{"org_unit": unit, "period": "2023-12",
		"values": []map[string]any{{"indicator": "industry.output_value", "value": h.value, "value_type": "ytd"}}})
	c := &http.Client{Timeout: 20 * time.Second, Transport: bearer{token: tok}}
	resp, err := c.Post(base+"/api/v1/submissions", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || !strings.Contains(string(msg), `"status":"submitted"`) {
		t.Fatalf("submit the held submission: %d %s", resp.StatusCode, msg)
	}
	return h
}

// approveDuringOutage approves the held submission through the API while
// ClickHouse is down: 200, approved in PostgreSQL, its values queued.
func (h *heldApproval) approveDuringOutage(t *testing.T, ctx context.Context, c *http.Client, base string, wf store.Workflow) {
	t.Helper()
	resp, err := c.Post(base+"/api/v1/submissions/"+h.id+"/approve", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("approve while ClickHouse is down: %d %s; want 200 (the approval stands)", resp.StatusCode, msg)
	}
	sub, err := wf.SubmissionByID(ctx, h.id)
	if err != nil || sub.Status != store.StatusApproved {
		t.Fatalf("after approving during the outage: %+v, %v; want approved", sub, err)
	}
	list, err := wf.OutboxEntries(ctx, h.id)
	if err != nil || len(list) != 1 || !list[0].PublishedAt.IsZero() {
		t.Fatalf("outbox of %s during the outage: %+v, %v; want one pending entry", h.id, list, err)
	}
}

// checkPublished waits for the publisher to write the held values once
// ClickHouse is back, and counts the rows with clickhouse-client: exactly one.
func (h *heldApproval) checkPublished(t *testing.T, ctx context.Context, wf store.Workflow, dsn string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		n, err := wf.OutboxBacklog(ctx)
		if err == nil && n == 0 {
			break
		}
		if time.Now().After(deadline) {
			list, _ := wf.OutboxEntries(ctx, h.id)
			t.Fatalf("outbox backlog %d (%v) two minutes after the restart; entries %+v", n, err, list)
		}
		time.Sleep(200 * time.Millisecond)
	}
	list, err := wf.OutboxEntries(ctx, h.id)
	if err != nil || len(list) != 1 {
		t.Fatalf("outbox entries of %s: %+v, %v", h.id, list, err)
	}
	t.Logf("held approval published after %d failed attempt(s)", list[0].Attempts)
	if list[0].Attempts == 0 {
		t.Error("the held approval was published at the first attempt: ClickHouse was not down at approval")
	}
	out := client(t, dsn, fmt.Sprintf("SELECT count(), any(value) FROM observation_rows WHERE submission_id = '%s'", h.id))
	f := strings.Fields(out)
	if len(f) != 2 {
		t.Fatalf("clickhouse-client: %q", out)
	}
	n, _ := strconv.Atoi(f[0])
	v, _ := strconv.ParseFloat(f[1], 64)
	if n != 1 || v != h.value {
		t.Errorf("ClickHouse holds %d rows of %s (value %v); want exactly 1 with %v", n, h.id, v, h.value)
	}
}
