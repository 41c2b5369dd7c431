package faulttest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"industrydash/internal/app"
	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/publish"
	"industrydash/internal/retry"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/postgres"
	"industrydash/internal/testenv/chtest"
	"industrydash/internal/testenv/pgtest"
	"industrydash/seeds"
	"industrydash/seeds/demo"
	"industrydash/server/web"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Shutdown()
	chtest.Shutdown()
	os.Exit(code)
}

// bigYears are the years of the large load, about 1,450 rows each: every
// past year from 1900 (a back-fill: the load lowers EarliestYear) that the demo data (2023,
// 2024) does not use.
func bigYears() []int {
	var ys []int
	for y := 1900; y <= 2025; y++ {
		// 2023–2024 hold the demo data; 2025 is left for the web submissions.
		if y != 2023 && y != 2024 && y != 2025 {
			ys = append(ys, y)
		}
	}
	return ys
}

// obsKey identifies one stored value.
type obsKey struct {
	Indicator, OrgUnit string
	Year, From, To     int
	ValueType          string
}

// writeBigCSV writes the large load (demo-generated values for bigYears)
// as a CSV an analyst could have exported, and returns the expected value
// of every key.
func writeBigCSV(t *testing.T, cat *domain.Catalogue, path string) map[obsKey]float64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	_ = w.Write([]string{"indicator", "org_unit", "period", "value", "value_type"})
	want := map[obsKey]float64{}
	for _, y := range bigYears() {
		for _, o := range demo.Generate(cat, demo.Options{Seed: int64(y), Through: domain.Month(y, 12)}) {
			if o.Period.Year != y {
				continue // the generator's baseline year: another year's rows
			}
			period := fmt.Sprintf("%d-%02d", y, o.Period.To)
			vt := "当月"
			if o.ValueType == domain.ValueYTD {
				period, vt = fmt.Sprintf("%d年%d-%d月", y, o.Period.From, o.Period.To), "累计"
			} else if o.Period.From != o.Period.To {
				period = fmt.Sprintf("%d年%d-%d月", y, o.Period.From, o.Period.To)
			}
			v := strconv.FormatFloat(o.Value, 'g', -1, 64)
			_ = w.Write([]string{o.Indicator, o.OrgUnit, period, v, vt})
			want[obsKey{o.Indicator, o.OrgUnit, y, o.Period.From, o.Period.To, string(o.ValueType)}] = o.Value
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return want
}

// signalStore tells the test when the loader starts writing.
type signalStore struct {
	load.Store
	once    sync.Once
	writing chan struct{}
	appends atomic.Int32
}

func (s *signalStore) AppendObservations(ctx context.Context, obs []domain.Observation) error {
	s.appends.Add(1)
	s.once.Do(func() { close(s.writing) })
	return s.Store.AppendObservations(ctx, obs)
}

// TestClickHouseCrashDuringLoad crashes ClickHouse while a 180k-row load is
// being written and dashboards are read, restarts it, and checks that the
// load's retry stored every row exactly once, that the web served the last
// good data with 数据暂不可更新 and /readyz said 503 during the outage, and
// 200 with fresh data after it.
//
// Web submissions (POST /api/v1/submissions) are not part of it yet: that
// API has not landed. Their failures go through the same error handler,
// which answers 503 with a Chinese message and Retry-After.
func TestClickHouseCrashDuringLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test: loads 180k rows and restarts ClickHouse")
	}
	ctx := context.Background()
	dsn := chtest.NewDatabase(t)
	st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn, QueryTimeout: 5 * time.Second,
		DialTimeout: time.Second, InsertChunkRows: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if err := app.Bootstrap(ctx, st, true, log); err != nil {
		t.Fatal(err)
	}

	// The web server, on loopback, as in production.
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		t.Fatal(err)
	}
	// The workflow store: a private PostgreSQL, as in production.
	pgDSN := pgtest.NewDatabase(t)
	wf, err := postgres.Open(ctx, postgres.Config{DSN: pgDSN})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wf.Close() })
	if err := wf.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pub := publish.New(wf, st, log)
	rev, err := review.New(review.Config{Store: review.Join(wf, st), Forms: forms, Publisher: pub, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	pctx, stopPub := context.WithCancel(ctx)
	t.Cleanup(stopPub)
	go pub.Run(pctx, 200*time.Millisecond)
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig(), Log: log, Overlay: rev})
	au := auth.New(wf, st, auth.Config{})
	h, err := web.New(web.Options{Monitor: svc, Meta: st, Obs: st, Leading: st, Units: st, Log: log, StoreLabel: "ClickHouse",
		Auth: au, Review: rev, Audit: wf})
	if err != nil {
		t.Fatal(err)
	}
	// Dashboards need an account: the test reads them with an analyst's API token.
	if _, err := au.AddUser(ctx, auth.NewUser{Name: "analyst", DisplayName: "analyst", Role: store.RoleAnalyst,
		Password: "Fault-test-password-1"}, auth.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	token, err := au.CreateToken(ctx, "analyst", "fault test", 0, auth.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	fapp, err := h.NewApp()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = fapp.Listener(ln) }()
	t.Cleanup(func() { _ = fapp.ShutdownWithTimeout(5 * time.Second) })
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 20 * time.Second, Transport: bearer{token: token}}

	// Dashboards read before the outage: fresh data, ready.
	const progressURL = "/api/v1/progress?year=2024&period=2024-11"
	mustStatus(t, client, base+"/readyz", http.StatusOK)
	before := progressOf(t, client, base+progressURL)
	if before.Meta.Stale || len(before.Progress) == 0 {
		t.Fatalf("before the outage: stale=%v, %d targets; want fresh data", before.Meta.Stale, len(before.Progress))
	}
	defaultBefore := progressOf(t, client, base+"/api/v1/progress")
	page := body(t, client, base+"/", http.StatusOK)
	if strings.Contains(page, "数据暂不可更新") {
		t.Fatal("总览 shows 数据暂不可更新 before any outage")
	}

	// The large load, with the retry the ingest command uses.
	path := filepath.Join(t.TempDir(), "历年实绩.csv")
	want := writeBigCSV(t, cat, path)
	if len(want) < 175_000 {
		t.Fatalf("generated %d distinct rows, want about 180k", len(want))
	}
	inds, err := st.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	units, err := st.OrgUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	subs := prepareSubmissions(t, ctx, st, au)
	// A submission submitted now, to be approved while ClickHouse is down.
	held := submitForApproval(t, ctx, st, au, base)
	sig := &signalStore{Store: st, writing: make(chan struct{})}
	ld := load.New(sig, load.NewCatalogue(inds, units))
	done := make(chan result, 1)
	go func() {
		var r result
		r.err = retry.Do(ctx, retry.Policy{MaxAttempts: 60, MaxElapsed: 3 * time.Minute, Initial: 200 * time.Millisecond, Max: 2 * time.Second},
			func(ctx context.Context) error {
				r.attempts++
				r.sum, err = ld.LoadFile(ctx, path, load.Options{RecordedBy: "faulttest", AcceptWarnings: true, EarliestYear: 1900})
				return err
			})
		done <- r
	}()

	// Crash ClickHouse once the load is writing.
	select {
	case <-sig.writing:
	case r := <-done:
		if r.sum != nil {
			t.Log(r.sum.Text())
		}
		t.Fatalf("the load ended before writing: %+v", r.err)
	case <-time.After(3 * time.Minute):
		t.Fatal("the load did not start writing within 3 minutes")
	}
	// Wait until some blocks of the insert have landed, so the crash leaves
	// a partial load behind (the case a naive retry would duplicate).
	waitRows(t, dsn, done)
	// 100 web submissions (10 reporting units × 10 months) go out now; the
	// crash catches some of them in flight.
	subs.start(base)
	time.Sleep(100 * time.Millisecond)
	chtest.Kill(t)
	restarted := false
	t.Cleanup(func() {
		if !restarted {
			chtest.Start(t)
		}
	})

	// Approving while ClickHouse is down: the approval stands (it commits
	// in PostgreSQL with its outbox entry); the values wait.
	held.approveDuringOutage(t, ctx, client, base, wf)

	// While down: /readyz 503, dashboards serve the last good data with the notice.
	mustStatus(t, client, base+"/readyz", http.StatusServiceUnavailable)
	during := progressOf(t, client, base+progressURL)
	if !during.Meta.Stale {
		t.Error("progress API during the outage: meta.stale = false, want true (last good data)")
	}
	if !sameProgress(before, during) {
		t.Error("progress API during the outage does not return the last good data")
	}
	if d := progressOf(t, client, base+"/api/v1/progress"); !d.Meta.Stale || !sameProgress(defaultBefore, d) {
		t.Errorf("progress API without parameters during the outage: stale=%v, want the last good data", d.Meta.Stale)
	}
	for _, p := range []string{"/", "/?year=2024&period=2024-11"} {
		if page := body(t, client, base+p, http.StatusOK); !strings.Contains(page, "数据暂不可更新") {
			t.Errorf("page %s during the outage lacks the 数据暂不可更新 notice", p)
		}
	}
	// An uncached view has no last good data: a clear retryable 503.
	resp, err := client.Get(base + "/api/v1/progress?year=2024&period=2024-03")
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(msg), "数据库暂时无法访问") ||
		resp.Header.Get("Retry-After") == "" {
		t.Errorf("uncached view during the outage: %d Retry-After=%q %s; want 503 with a Chinese message and Retry-After",
			resp.StatusCode, resp.Header.Get("Retry-After"), msg)
	}

	chtest.Start(t)
	restarted = true
	waitStatus(t, client, base+"/readyz", http.StatusOK, time.Minute)

	var r result
	select {
	case r = <-done:
	case <-time.After(4 * time.Minute):
		t.Fatal("the load did not finish within 4 minutes of the restart")
	}
	if r.err != nil {
		t.Fatalf("load after %d attempts: %v", r.attempts, r.err)
	}
	t.Logf("load: %d attempts, %d appends; final attempt loaded %d, unchanged %d", r.attempts, sig.appends.Load(),
		r.sum.Loaded, r.sum.Unchanged)
	if r.attempts < 2 {
		t.Errorf("the load succeeded at the first attempt: the crash did not hit it (attempts=%d)", r.attempts)
	}
	if r.sum.Loaded+r.sum.Unchanged != len(want) {
		t.Errorf("final attempt: loaded %d + unchanged %d, want %d rows", r.sum.Loaded, r.sum.Unchanged, len(want))
	}

	subs.check(t, ctx, wf, pgDSN)
	held.checkPublished(t, ctx, wf, dsn)

	// Read back independently with clickhouse-client: every key exactly once,
	// with its value.
	got, rows := readBack(t, dsn, bigYears())
	if rows != len(want) || len(got) != len(want) {
		t.Errorf("stored %d rows for %d distinct keys, want %d of each (no loss, no duplicates)", rows, len(got), len(want))
	}
	missing, wrong := 0, 0
	var wantSum, gotSum float64
	for k, v := range want {
		wantSum += v
		g, ok := got[k]
		switch {
		case !ok:
			missing++
		case g != v:
			wrong++
		}
	}
	for _, v := range got {
		gotSum += v
	}
	if missing > 0 || wrong > 0 {
		t.Errorf("%d keys missing, %d with a different value", missing, wrong)
	}
	t.Logf("checksum: %d rows, sum of values %.6g stored vs %.6g sent", rows, gotSum, wantSum)
	firstTry := partialRows(t, dsn, r.sum.BatchID)
	t.Logf("rows stored by the crashed attempt(s) and kept: %d (the rerun counted them unchanged)", firstTry)
	if firstTry == 0 {
		t.Error("the crash left no partial load behind: the idempotent rerun was not exercised")
	}

	// After the restart: fresh data again, including the new load.
	after := progressOf(t, client, base+progressURL)
	if after.Meta.Stale {
		t.Error("progress API after the restart still stale")
	}
	if page := body(t, client, base+"/", http.StatusOK); strings.Contains(page, "数据暂不可更新") {
		t.Error("总览 still shows 数据暂不可更新 after the restart")
	}
}

// result is the outcome of the retried load.
type result struct {
	sum      *load.Summary
	err      error
	attempts int
}

type progressResp struct {
	Meta struct {
		Year  int  `json:"year"`
		Stale bool `json:"stale"`
	} `json:"meta"`
	Progress []json.RawMessage `json:"progress"`
}

func sameProgress(a, b progressResp) bool {
	if a.Meta.Year != b.Meta.Year || len(a.Progress) != len(b.Progress) {
		return false
	}
	for i := range a.Progress {
		if !bytes.Equal(a.Progress[i], b.Progress[i]) {
			return false
		}
	}
	return true
}

func progressOf(t *testing.T, c *http.Client, url string) progressResp {
	t.Helper()
	var p progressResp
	if err := json.Unmarshal([]byte(body(t, c, url, http.StatusOK)), &p); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return p
}

func body(t *testing.T, c *http.Client, url string, want int) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d: %.300s", url, resp.StatusCode, want, b)
	}
	return string(b)
}

func mustStatus(t *testing.T, c *http.Client, url string, want int) {
	t.Helper()
	body(t, c, url, want)
}

// waitStatus polls url until it answers want, for at most limit.
func waitStatus(t *testing.T, c *http.Client, url string, want int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	last := 0
	for time.Now().Before(deadline) {
		if resp, err := c.Get(url); err == nil {
			resp.Body.Close()
			if last = resp.StatusCode; last == want {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("GET %s: still %d after %v, want %d", url, last, limit, want)
}

// waitRows polls until the first rows of the big years are stored (or the
// load ends, or 60s pass).
func waitRows(t *testing.T, dsn string, done <-chan result) {
	t.Helper()
	opts, err := ch.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ch.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var n uint64
		if err := conn.QueryRow(context.Background(), "SELECT count() FROM observation_rows WHERE year < 2023").Scan(&n); err == nil && n > 0 {
			return
		}
		if len(done) > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// readBack reads every stored row of years with clickhouse-client.
func readBack(t *testing.T, dsn string, years []int) (map[obsKey]float64, int) {
	t.Helper()
	ys := make([]string, len(years))
	for i, y := range years {
		ys[i] = strconv.Itoa(y)
	}
	out := client(t, dsn, "SELECT indicator, org_unit, year, month_from, month_to, value_type, value FROM observation_rows WHERE year IN ("+
		strings.Join(ys, ",")+") FORMAT TabSeparated")
	got := map[obsKey]float64{}
	rows := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			t.Fatalf("unexpected row %q", line)
		}
		y, _ := strconv.Atoi(f[2])
		from, _ := strconv.Atoi(f[3])
		to, _ := strconv.Atoi(f[4])
		v, err := strconv.ParseFloat(f[6], 64)
		if err != nil {
			t.Fatalf("row %q: %v", line, err)
		}
		rows++
		got[obsKey{f[0], f[1], y, from, to, f[5]}] = v
	}
	return got, rows
}

// partialRows counts the rows of the big years that other batches than
// the final one wrote: what the crashed attempts left behind.
func partialRows(t *testing.T, dsn, finalBatch string) int {
	t.Helper()
	out := client(t, dsn, fmt.Sprintf("SELECT count() FROM observation_rows WHERE (year < 2023 OR year > 2024) AND batch_id != '%s'", finalBatch))
	n, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("count: %q", out)
	}
	return n
}

func client(t *testing.T, dsn, query string) string {
	t.Helper()
	args, err := chtest.ClientArgs(dsn)
	if err != nil {
		t.Fatal(err)
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(args[0], append(args[1:], "--query", query)...)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("clickhouse-client: %v: %s", err, stderr.String())
		}
		t.Fatal(err)
	}
	return out.String()
}

// bearer adds the API token to every request.
type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}
