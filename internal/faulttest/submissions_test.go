package faulttest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
)

// submission is one reporter's POST /api/v1/submissions and how it went.
type submission struct {
	unit    string
	month   int
	value   float64
	codes   []int // every HTTP status received, in order (0: no response)
	err     string
	retried bool
}

type submissions struct {
	list    []*submission
	clients map[string]*http.Client // by unit
	wg      sync.WaitGroup
}

// prepareSubmissions creates a reporter with an API token for each reporting
// unit and plans 10 months of 2025 for each. Values are 110% of the unit's
// 2024 figure, so no plausibility warning blocks them.
func prepareSubmissions(t *testing.T, ctx context.Context, st *clickhouse.Store, au *auth.Service) *submissions {
	t.Helper()
	units, err := st.OrgUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var reporting []domain.OrgUnit
	for _, u := range units {
		if u.Kind == domain.KindDistrict || u.Kind == domain.KindZone {
			reporting = append(reporting, u)
		}
	}
	if len(reporting) != 10 {
		t.Fatalf("%d reporting units, want 10 (9 districts and 稀土高新区)", len(reporting))
	}
	last, err := st.CurrentObservations(ctx, store.ObsFilter{Indicators: []string{"industry.output_value"}, Years: []int{2024}})
	if err != nil {
		t.Fatal(err)
	}
	ytd := map[string]float64{}
	for _, o := range last {
		if o.ValueType == domain.ValueYTD {
			ytd[fmt.Sprintf("%s-%d", o.OrgUnit, o.Period.To)] = o.Value
		}
	}
	s := &submissions{clients: map[string]*http.Client{}}
	for _, u := range reporting {
		name := "reporter_" + u.Code
		if _, err := au.AddUser(ctx, auth.NewUser{Name: name, DisplayName: name, Role: store.RoleReporter, OrgUnit: u.Code,
			Password: "Fault-test-password-1"}, auth.Actor{Name: "test"}); err != nil {
			t.Fatal(err)
		}
		tok, err := au.CreateToken(ctx, name, "fault test", 0, auth.Actor{Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		// A generous timeout: on a loaded 2-core machine a request can take
		// long while ClickHouse restarts, and slow is not the same as dropped.
		s.clients[u.Code] = &http.Client{Timeout: 2 * time.Minute, Transport: bearer{token: tok}}
		for m := 1; m <= 10; m++ {
			base24, ok := ytd[fmt.Sprintf("%s-%d", u.Code, m)]
			if !ok {
				base24 = ytd[fmt.Sprintf("%s-%d", u.Code, 2)] * 0.45 // 1-2月 are published together
			}
			s.list = append(s.list, &submission{unit: u.Code, month: m, value: float64(int(base24*110)) / 100})
		}
	}
	return s
}

// start sends every planned submission concurrently, a few milliseconds
// apart, each client retrying 503s (and dropped connections) as the
// Retry-After header asks, until it gets 201.
func (s *submissions) start(base string) {
	for i, sub := range s.list {
		s.wg.Add(1)
		go func(sub *submission, c *http.Client, delay time.Duration) {
			defer s.wg.Done()
			time.Sleep(delay)
			sub.send(c, base)
		}(sub, s.clients[sub.unit], time.Duration(i)*15*time.Millisecond)
	}
}

// send posts until 201, retrying only what the server says is retryable.
func (s *submission) send(c *http.Client, base string) {
	body, _ := json.Marshal(map[string]any{"org_unit": s.unit, "period": fmt.Sprintf("2025-%02d", s.month),
		"values": []map[string]any{{"indicator": "industry.output_value", "value": s.value, "value_type": "ytd"}}})
	deadline := time.Now().Add(4 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := c.Post(base+"/api/v1/submissions", "application/json", bytes.NewReader(body))
		if err != nil { // the connection dropped: as retryable as a 503
			s.codes = append(s.codes, 0)
			s.retried = true
			time.Sleep(300 * time.Millisecond)
			continue
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		s.codes = append(s.codes, resp.StatusCode)
		switch {
		case resp.StatusCode == http.StatusCreated:
			return
		case resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" &&
			strings.Contains(string(msg), "稍后"):
			s.retried = true
			time.Sleep(300 * time.Millisecond) // the header says 30 s; the test is in a hurry
		case resp.StatusCode == http.StatusConflict && s.dropped():
			// An attempt whose connection dropped may have been stored before
			// the drop; a careful client reads the submission back instead of
			// taking the conflict for a failure.
			if s.storedAsSent(c, base) {
				return
			}
			s.err = fmt.Sprintf("HTTP %d after a dropped attempt, and the stored submission differs: %s", resp.StatusCode, msg)
			return
		default:
			s.err = fmt.Sprintf("HTTP %d: %s", resp.StatusCode, msg)
			return
		}
	}
	s.err = "no 201 within 4 minutes"
}

// dropped reports whether an earlier attempt lost its connection.
func (s *submission) dropped() bool {
	for _, code := range s.codes {
		if code == 0 {
			return true
		}
	}
	return false
}

// storedAsSent reads the submission back and reports whether it is stored,
// submitted, with the value this client sent.
func (s *submission) storedAsSent(c *http.Client, base string) bool {
	resp, err := c.Get(fmt.Sprintf("%s/api/v1/submissions/%s-2025-%02d", base, s.unit, s.month))
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var got struct {
		Submission struct {
			Status string `json:"status"`
			Values []struct {
				Value float64 `json:"value"`
			} `json:"values"`
		} `json:"submission"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&got) != nil {
		return false
	}
	v := got.Submission.Values
	return got.Submission.Status == store.StatusSubmitted && len(v) == 1 && v[0].Value == s.value
}

// check waits for every client and asserts that each submission is stored
// exactly once with its value: nothing accepted lost, nothing duplicated.
func (s *submissions) check(t *testing.T, ctx context.Context, st store.Submissions, pgDSN string) {
	t.Helper()
	s.wg.Wait()
	retried := 0
	for _, sub := range s.list {
		if sub.err != "" {
			t.Errorf("submission %s 2025-%02d: %s (statuses %v)", sub.unit, sub.month, sub.err, sub.codes)
		}
		if sub.retried {
			retried++
		}
	}
	t.Logf("web submissions: %d sent, %d got a retryable error during the outage and were re-sent", len(s.list), retried)
	if retried == 0 {
		t.Error("no submission met the outage: the crash did not catch any in flight")
	}
	stored, err := st.ListSubmissions(ctx, store.SubmissionFilter{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]store.Submission{}
	for _, sub := range stored {
		byID[sub.ID] = sub
	}
	if len(stored) != len(s.list) || len(byID) != len(s.list) {
		t.Errorf("stored %d submissions (%d distinct), want %d", len(stored), len(byID), len(s.list))
	}
	for _, sub := range s.list {
		got, ok := byID[fmt.Sprintf("%s-2025-%02d", sub.unit, sub.month)]
		if !ok {
			t.Errorf("submission %s 2025-%02d is lost", sub.unit, sub.month)
			continue
		}
		if got.Status != store.StatusSubmitted || len(got.Values) != 1 || got.Values[0].Value != sub.value {
			t.Errorf("submission %s: status %s values %+v, want submitted with %v", got.ID, got.Status, got.Values, sub.value)
		}
	}
	// Independently, straight from PostgreSQL: one current row per submission.
	conn, err := pgx.Connect(ctx, pgDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(DISTINCT id) FROM submissions WHERE id LIKE '%-2025-%'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(s.list) {
		t.Errorf("PostgreSQL holds %d submissions, want %d", n, len(s.list))
	}
}
