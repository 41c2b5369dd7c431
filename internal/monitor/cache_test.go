package monitor_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/seeded"
)

// counting counts the reads a view needs.
type counting struct {
	embedded.Combined
	current, latest atomic.Int32
	gate            chan struct{} // when set, CurrentObservations waits on it
}

func (c *counting) CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error) {
	c.current.Add(1)
	if c.gate != nil {
		<-c.gate
	}
	return c.Store.CurrentObservations(ctx, f)
}

func (c *counting) LatestPeriod(ctx context.Context, year int) (int, error) {
	c.latest.Add(1)
	return c.Store.LatestPeriod(ctx, year)
}

// A login (user, session and audit writes), a token, a draft submission and
// an audit entry leave a warm view warm; a fact write does not.
func TestWarmViewSurvivesLoginButNotFacts(t *testing.T) {
	st := seeded.Store(t, true)
	c := &counting{Combined: st}
	svc := monitor.MustNew(monitor.Config{Reader: c, Engine: progress.DefaultConfig()})
	ctx := context.Background()
	warm, err := svc.Overview(ctx, monitor.Query{})
	if err != nil {
		t.Fatal(err)
	}
	reads := c.current.Load()
	au := auth.New(st, st, auth.Config{})
	actor := auth.Actor{Name: "test", Role: store.RoleAdmin}
	if _, err := au.Setup(ctx, auth.NewUser{Name: "admin", Role: store.RoleAdmin, Password: "correct-horse-battery-9"}, actor); err != nil {
		t.Fatal(err)
	}
	if _, err := au.Login(ctx, "admin", "correct-horse-battery-9", "127.0.0.1", "r1"); err != nil {
		t.Fatal(err)
	}
	if _, err := au.Login(ctx, "admin", "wrong", "127.0.0.1", "r2"); err == nil {
		t.Fatal("a wrong password logged in")
	}
	if _, err := au.CreateToken(ctx, "admin", "bench", 0, actor); err != nil {
		t.Fatal(err)
	}
	p := domain.Month(2024, 6)
	if err := st.PutSubmission(ctx, store.Submission{ID: "draft-1", OrgUnit: "150202", Period: p, Status: store.StatusDraft,
		Version: 1, UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := st.AppendAudit(ctx, store.AuditEntry{At: time.Now(), Actor: "admin", Action: "test", Object: "x"}); err != nil {
		t.Fatal(err)
	}
	hits0, _ := svc.CacheCounts()
	again, err := svc.Overview(ctx, monitor.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if again != warm || c.current.Load() != reads {
		t.Fatalf("the overview was rebuilt after a login, a token, a draft and an audit entry (%d more reads)", c.current.Load()-reads)
	}
	if hits, _ := svc.CacheCounts(); hits != hits0+1 {
		t.Fatalf("cache hits %d→%d, want one more", hits0, hits)
	}
	// A fact: a correction of the city's rare-earth output.
	row := findRow(t, warm, "rare_earth.output_value")
	o := domain.Observation{Indicator: row.Indicator.Code, OrgUnit: domain.CityCode, Period: domain.YTD(warm.Query.Year, warm.Query.Month),
		ValueType: domain.ValueYTD, Value: 123456, SubmittedValue: 123456, SubmittedUnit: row.Indicator.Unit, Source: "test",
		BatchID: "b", RecordedAt: time.Now(), RecordedBy: "t"}
	if err := st.AppendObservations(ctx, []domain.Observation{o}); err != nil {
		t.Fatal(err)
	}
	fresh, err := svc.Overview(ctx, monitor.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if fresh == warm {
		t.Fatal("the overview was served from the cache after a fact write")
	}
	if v := findRow(t, fresh, row.Indicator.Code).Assessment.Value; v == nil || *v != 123456 {
		t.Fatalf("after the correction the overview shows %v, want 123456", deref(v))
	}
}

// Concurrent misses of one view build it once, and the default query's
// resolution is cached too.
func TestConcurrentMissesBuildOnce(t *testing.T) {
	st := seeded.Store(t, true)
	ctx := context.Background()
	// What one cold build reads (period resolution and snapshot), measured
	// on a fresh service over the same data.
	ref := &counting{Combined: st}
	if _, err := monitor.MustNew(monitor.Config{Reader: ref, Engine: progress.DefaultConfig()}).Overview(ctx, monitor.Query{}); err != nil {
		t.Fatal(err)
	}
	want := ref.current.Load()
	c := &counting{Combined: st, gate: make(chan struct{})}
	svc := monitor.MustNew(monitor.Config{Reader: c, Engine: progress.DefaultConfig()})
	const n = 20
	var wg sync.WaitGroup
	var entered atomic.Int32
	views := make([]*monitor.Overview, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			entered.Add(1)
			v, err := svc.Overview(ctx, monitor.Query{})
			if err != nil {
				t.Error(err)
			}
			views[i] = v
		}()
	}
	// The first build is held in its first read until every caller asked.
	for entered.Load() < n || c.current.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // let the others reach the cache (a faster machine only makes this stricter)
	close(c.gate)
	wg.Wait()
	if got := c.current.Load(); got != want {
		t.Fatalf("%d concurrent cold overviews read observations %d times, want %d (one build)", n, got, want)
	}
	for i, v := range views {
		if v != views[0] {
			t.Fatalf("caller %d got a different overview", i)
		}
	}
	latest := c.latest.Load()
	for i := 0; i < 5; i++ {
		if _, err := svc.Resolve(ctx, monitor.Query{}); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.latest.Load(); got != latest {
		t.Fatalf("Resolve of the default query read the latest period %d more times; want it cached", got-latest)
	}
}

// pendingOverlay serves pending figures and counts how often it is asked.
type pendingOverlay struct {
	asked atomic.Int32
	fail  error
	obs   []domain.Observation
}

func (p *pendingOverlay) PendingObservations(ctx context.Context, year int) ([]domain.Observation, error) {
	p.asked.Add(1)
	return p.obs, p.fail
}

// Views with pending data are workflow state: built each time, never from
// the cache, and their failures are reported.
func TestPendingViewsAreBuiltEachTime(t *testing.T) {
	st := seeded.Store(t, true)
	ov := &pendingOverlay{}
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig(), Overlay: ov})
	ctx := context.Background()
	q := monitor.Query{Year: 2024, Month: 5, IncludePending: true}
	for i := 0; i < 3; i++ {
		if _, err := svc.Overview(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if got := ov.asked.Load(); got != 3 {
		t.Fatalf("three pending overviews asked for pending data %d times, want 3 (no caching)", got)
	}
	ov.fail = errors.New("workflow store down")
	if v, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Overview(ctx, monitor.Query{Year: 2024, Month: 3}); err != nil || v == nil {
		t.Fatalf("a view without pending data: %v, %v", v, err)
	}
	svc2 := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig(), Overlay: ov})
	if v, err := svc2.Overview(ctx, monitor.Query{Year: 2024, Month: 3, IncludePending: true}); err == nil {
		t.Fatalf("a pending view whose pending data failed came back without an error: %v", v)
	}
}
