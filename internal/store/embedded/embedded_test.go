package embedded_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/store/storetest"
)

func openDir(t *testing.T, dir string) embedded.Combined {
	t.Helper()
	db, err := embedded.Open(embedded.Config{Dir: dir})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s := db.Both()
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openDir(t, t.TempDir()) })
}

func TestWorkflowConformance(t *testing.T) {
	storetest.RunWorkflow(t, func(t *testing.T) store.Workflow { return openDir(t, t.TempDir()) })
	storetest.RunCombined(t, func(t *testing.T) storetest.Combined { return openDir(t, t.TempDir()) })
}

var t0 = time.Date(2024, 5, 6, 7, 8, 9, 987654321, time.UTC)

func obs(unit string, m int, v float64, rec time.Time) domain.Observation {
	return domain.Observation{
		Indicator: "rare_earth.output_value", OrgUnit: unit, Period: domain.Month(2024, m),
		ValueType: domain.ValuePeriod, Value: v, SubmittedValue: v * 1e4, SubmittedUnit: "万元",
		Source: "月报.xlsx", BatchID: "b1", RecordedAt: rec, RecordedBy: "analyst", Note: "说明",
	}
}

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		name    string
		cfg     embedded.Config
		wantErr string
	}{
		{"ok", embedded.Config{Dir: "data"}, ""},
		{"empty dir", embedded.Config{}, "数据目录"},
		{"blank dir", embedded.Config{Dir: "  "}, "数据目录"},
		{"negative lock timeout", embedded.Config{Dir: "data", LockTimeout: -time.Second}, "锁等待时间"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.cfg.Validate()
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(msg.Text(err), c.wantErr) {
				t.Fatalf("Validate error = %v, want one mentioning %q", err, c.wantErr)
			}
		})
	}
}

func TestPersistsAcrossReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data") // created by Open
	ctx := t.Context()
	db, err := embedded.Open(embedded.Config{Dir: dir})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s := db.Both()
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	units := []domain.OrgUnit{{Code: "150200", Name: "包头市", Kind: domain.KindCity}}
	inds := []domain.Indicator{{Code: "rare_earth.output_value", Name: "稀土产业产值", Unit: "亿元", Kind: domain.Flow,
		Direction: domain.HigherBetter, Reporting: domain.ValueYTD, Breakdown: []domain.UnitKind{domain.KindPark}}}
	tg := domain.Target{Year: 2024, Indicator: "rare_earth.output_value", OrgUnit: "150200", Comparator: domain.Range,
		Value: 1000, ValueHigh: new(1100.0), SourceQuote: "1000-1100亿元", RecordedAt: t0}
	tg2 := tg
	tg2.Value, tg2.RecordedAt = 1050, t0.Add(time.Hour)
	rows := []domain.Observation{obs("150203", 3, 10, t0.Add(2*time.Second)), obs("150203", 3, 11, t0.Add(time.Second)),
		obs("150202", 4, 12, t0)}
	batch := store.Batch{ID: "b1", Source: "月报.xlsx", Kind: "actuals", Read: 3, Loaded: 3, StartedAt: t0, EndedAt: t0.Add(time.Second)}
	steps := []error{s.PutOrgUnits(ctx, units), s.PutIndicators(ctx, inds), s.AppendObservations(ctx, rows), s.RecordBatch(ctx, batch)}
	_, err = s.AddTargets(ctx, []domain.Target{tg})
	steps = append(steps, err)
	_, err = s.AddTargets(ctx, []domain.Target{tg2})
	steps = append(steps, err)
	for i, err := range steps {
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	type snapshot struct {
		units   []domain.OrgUnit
		inds    []domain.Indicator
		targets []domain.Target
		revs    []domain.Target
		current []domain.Observation
		hist    []domain.Observation
		batches []store.Batch
		version string
		latest  int
	}
	snap := func(s embedded.Combined) snapshot {
		var sn snapshot
		var err error
		sn.units, err = s.OrgUnits(ctx)
		must(t, err)
		sn.inds, err = s.Indicators(ctx)
		must(t, err)
		sn.targets, err = s.Targets(ctx, 2024, time.Time{})
		must(t, err)
		sn.revs, err = s.TargetRevisions(ctx, 2024, tg.Indicator, tg.OrgUnit)
		must(t, err)
		sn.current, err = s.CurrentObservations(ctx, store.ObsFilter{})
		must(t, err)
		sn.hist, err = s.ObservationHistory(ctx, "rare_earth.output_value", "150203", 0)
		must(t, err)
		sn.batches, err = s.ListBatches(ctx, 0)
		must(t, err)
		sn.version, err = s.DataVersion(ctx)
		must(t, err)
		sn.latest, err = s.LatestPeriod(ctx, 2024)
		must(t, err)
		return sn
	}
	before := snap(s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := s.OrgUnits(ctx); err == nil {
		t.Fatal("a closed store still answers")
	}

	s2 := openDir(t, dir)
	applied, expected, err := s2.SchemaStatus(ctx)
	must(t, err)
	if applied != expected {
		t.Fatalf("after reopen schema %d of %d", applied, expected)
	}
	// DeepEqual follows pointers (ValueHigh) and compares times exactly.
	if after := snap(s2); !reflect.DeepEqual(before, after) {
		t.Fatalf("state changed across reopen:\nbefore %+v\nafter  %+v", before, after)
	}
	if len(before.revs) != 2 || before.revs[1].Value != 1050 || len(before.current) != 2 || before.latest != 4 {
		t.Fatalf("test setup: unexpected state %+v", before)
	}
	cur, _ := s2.CurrentObservations(ctx, store.ObsFilter{OrgUnits: []string{"150203"}})
	if len(cur) != 1 || cur[0].Value != 10 || !cur[0].RecordedAt.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("current after reopen = %+v, want the value 10 recorded at %v", cur, t0.Add(2*time.Second))
	}

	// Appends after a reopen continue the key sequence instead of overwriting.
	must(t, s2.AppendObservations(ctx, []domain.Observation{obs("150203", 3, 13, t0.Add(3*time.Second))}))
	hist, _ := s2.ObservationHistory(ctx, "rare_earth.output_value", "150203", 2024)
	if len(hist) != 3 || hist[2].Value != 13 {
		t.Fatalf("history after appending post-reopen = %d rows, want 3 ending with 13", len(hist))
	}
	v1, _ := s2.DataVersion(ctx)
	must(t, s2.Close())
	s3 := openDir(t, dir)
	hist, _ = s3.ObservationHistory(ctx, "rare_earth.output_value", "150203", 2024)
	if len(hist) != 3 {
		t.Fatalf("after a second reopen history has %d rows, want 3", len(hist))
	}
	if v2, _ := s3.DataVersion(ctx); v2 != v1 {
		t.Fatalf("DataVersion changed across reopen: %q then %q", v1, v2)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSecondProcessIsRefused(t *testing.T) {
	dir := t.TempDir()
	openDir(t, dir)
	// bbolt's flock is per open file, so a second Open in this process
	// behaves like a second process.
	_, err := embedded.Open(embedded.Config{Dir: dir, LockTimeout: 100 * time.Millisecond})
	if err == nil {
		t.Fatal("a second Open of the same directory succeeded")
	}
	want := "数据目录 " + dir + " 已被另一个进程使用，请先停止该进程"
	if msg.Text(err) != want {
		t.Fatalf("error = %q, want %q", err, want)
	}
}

func TestWritesNeedMigrate(t *testing.T) {
	dir := t.TempDir()
	db, err := embedded.Open(embedded.Config{Dir: dir})
	must(t, err)
	defer db.Close()
	s := db.Facts()
	ctx := t.Context()
	applied, expected, err := s.SchemaStatus(ctx)
	must(t, err)
	if applied != 0 || expected < 1 {
		t.Fatalf("fresh directory: schema %d of %d, want 0 of >=1", applied, expected)
	}
	err = s.AppendObservations(ctx, []domain.Observation{obs("150203", 3, 1, t0)})
	if err == nil || !strings.Contains(msg.Text(err), "ingest migrate") {
		t.Fatalf("append before migrate: %v, want advice to run ingest migrate", err)
	}
	// Reads of an empty, unmigrated store are fine.
	if got, err := s.CurrentObservations(ctx, store.ObsFilter{}); err != nil || len(got) != 0 {
		t.Fatalf("read before migrate = %v, %v", got, err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	must(t, s.Close())
	db, err := bolt.Open(filepath.Join(dir, embedded.FileName), 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), binary.BigEndian.AppendUint64(nil, 99))
	}))
	must(t, db.Close())
	_, err = embedded.Open(embedded.Config{Dir: dir})
	if err == nil || !strings.Contains(msg.Text(err), "请升级程序") {
		t.Fatalf("opening a newer schema: %v, want advice to upgrade", err)
	}
}

func TestRejectedAppendNamesTheRow(t *testing.T) {
	s := openDir(t, t.TempDir())
	bad := obs("150203", 3, 1, t0)
	bad.ValueType = "月度"
	err := s.AppendObservations(t.Context(), []domain.Observation{obs("150203", 2, 1, t0), bad})
	if err == nil {
		t.Fatal("invalid row accepted")
	}
	for _, want := range []string{"第 2 条", "150203", "2024-03", "口径", "整批未写入"} {
		if !strings.Contains(msg.Text(err), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestCancelledAppendWritesNothing(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rows := make([]domain.Observation, 20000)
	for i := range rows {
		rows[i] = obs(fmt.Sprint(i), 1, 1, t0)
	}
	if err := s.AppendObservations(ctx, rows); err == nil {
		t.Fatal("append with a cancelled context succeeded")
	}
	must(t, s.Close())
	s = openDir(t, dir)
	if ys, _ := s.ObservationYears(t.Context()); len(ys) != 0 {
		t.Fatalf("a cancelled append left data behind: years %v", ys)
	}
}

func TestResultsDoNotAliasTheStore(t *testing.T) {
	s := openDir(t, t.TempDir())
	ctx := t.Context()
	ind := domain.Indicator{Code: "p.x", Name: "项目", Unit: "阶段", Kind: domain.Milestone, Direction: domain.HigherBetter,
		Reporting: domain.ValuePeriod, Stages: []string{"开工", "投产"}}
	must(t, s.PutIndicators(ctx, []domain.Indicator{ind}))
	ind.Stages[0] = "改了"
	tg := domain.Target{Year: 2024, Indicator: "p.x", OrgUnit: "150200", Comparator: domain.Range, Value: 1,
		ValueHigh: new(2.0), SourceQuote: "q", Phasing: make([]float64, 12), RecordedAt: t0}
	_, err := s.AddTargets(ctx, []domain.Target{tg})
	must(t, err)
	*tg.ValueHigh = 99

	got, _ := s.Indicators(ctx)
	got[0].Stages[1] = "也改了"
	tgs, _ := s.Targets(ctx, 2024, time.Time{})
	*tgs[0].ValueHigh = 77
	tgs[0].Phasing[0] = 5

	got, _ = s.Indicators(ctx)
	if got[0].Stages[0] != "开工" || got[0].Stages[1] != "投产" {
		t.Fatalf("indicator stages changed through a caller's slice: %v", got[0].Stages)
	}
	tgs, _ = s.Targets(ctx, 2024, time.Time{})
	if *tgs[0].ValueHigh != 2 || tgs[0].Phasing[0] != 0 {
		t.Fatalf("target changed through a caller's pointer: high %v, phasing %v", *tgs[0].ValueHigh, tgs[0].Phasing)
	}
}

// TestConcurrentReadersAndWriters is meant for -race: readers see either
// the state before or after each append, never a half-applied one.
func TestConcurrentReadersAndWriters(t *testing.T) {
	s := openDir(t, t.TempDir())
	ctx := t.Context()
	const batches, perBatch = 20, 50
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for b := range batches {
			rows := make([]domain.Observation, perBatch)
			for i := range rows {
				rows[i] = obs(fmt.Sprintf("u%03d", i), 1+b%12, float64(b), t0.Add(time.Duration(b)*time.Second))
			}
			if err := s.AppendObservations(ctx, rows); err != nil {
				errs <- err
				return
			}
		}
	}()
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				hist, err := s.ObservationHistory(ctx, "rare_earth.output_value", "u007", 0)
				if err != nil {
					errs <- err
					return
				}
				cur, err := s.CurrentObservations(ctx, store.ObsFilter{})
				if err != nil {
					errs <- err
					return
				}
				if len(cur)%perBatch != 0 || len(hist) > batches {
					errs <- fmt.Errorf("half-applied append seen: %d current rows, %d history rows", len(cur), len(hist))
					return
				}
				if _, err := s.DataVersion(ctx); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	hist, _ := s.ObservationHistory(ctx, "rare_earth.output_value", "u007", 0)
	if len(hist) != batches {
		t.Fatalf("history has %d rows, want %d", len(hist), batches)
	}
}

func TestAccountsPersistAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	s := openDir(t, dir)
	u := store.User{ID: "u1", Name: "dong", Role: store.RoleReporter, OrgUnit: "150202", PasswordHash: "$argon2id$x",
		CreatedAt: t0, UpdatedAt: t0}
	must(t, s.PutUser(ctx, u))
	sub := store.Submission{ID: "s1", OrgUnit: "150202", Period: domain.Month(2024, 4), Status: store.StatusDraft,
		Values: []domain.Observation{obs("150202", 4, 3.5, t0)}, Version: 1}
	must(t, s.PutSubmission(ctx, sub))
	sub.Status, sub.Version = store.StatusSubmitted, 2
	must(t, s.PutSubmission(ctx, sub))
	must(t, s.AddSubmissionEvent(ctx, store.SubmissionEvent{SubmissionID: "s1", Action: "submit", At: t0}))
	must(t, s.PutSession(ctx, store.Session{ID: "sess", UserID: "u1", CreatedAt: t0}))
	must(t, s.AppendAudit(ctx, store.AuditEntry{At: t0, Actor: "dong", Action: "submission.submit", Object: "s1"}))
	must(t, s.Close())

	s = openDir(t, dir)
	got, err := s.UserByName(ctx, "dong")
	must(t, err)
	if got.PasswordHash != u.PasswordHash || !got.UpdatedAt.Equal(t0) {
		t.Fatalf("user after reopen: %+v", got)
	}
	cur, err := s.SubmissionByID(ctx, "s1")
	must(t, err)
	if cur.Version != 2 || cur.Status != store.StatusSubmitted || len(cur.Values) != 1 || cur.Values[0].Value != 3.5 {
		t.Fatalf("submission after reopen: %+v", cur)
	}
	sub.Version = 2
	if err := s.PutSubmission(ctx, sub); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale put after reopen: %v, want ErrConflict", err)
	}
	sub.Version = 3
	must(t, s.PutSubmission(ctx, sub))
	evs, err := s.SubmissionEvents(ctx, "s1")
	must(t, err)
	if len(evs) != 1 {
		t.Fatalf("events after reopen: %+v", evs)
	}
	if _, err := s.SessionByID(ctx, "sess"); err != nil {
		t.Fatalf("session after reopen: %v", err)
	}
	log, err := s.AuditLog(ctx, store.AuditFilter{})
	must(t, err)
	if len(log) != 1 || log[0].Object != "s1" {
		t.Fatalf("audit after reopen: %+v", log)
	}
}

// TestMigrateFromSchema1 opens a file written before accounts existed.
func TestMigrateFromSchema1(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	s := openDir(t, dir)
	o := obs("150203", 3, 1, t0)
	must(t, s.AppendObservations(ctx, []domain.Observation{o}))
	must(t, s.Close())
	db, err := bolt.Open(filepath.Join(dir, embedded.FileName), 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		for _, b := range []string{"users", "sessions", "tokens", "submissions", "submission_events", "audit"} {
			if err := tx.DeleteBucket([]byte(b)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), binary.BigEndian.AppendUint64(nil, 1))
	}))
	must(t, db.Close())

	edb, err := embedded.Open(embedded.Config{Dir: dir})
	must(t, err)
	defer edb.Close()
	s = edb.Both()
	applied, expected, err := s.SchemaStatus(ctx)
	must(t, err)
	if applied != 1 || expected < 2 {
		t.Fatalf("schema %d of %d, want 1 of >=2", applied, expected)
	}
	if _, err := s.UserByName(ctx, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("read before migrate: %v, want ErrNotFound", err)
	}
	if err := s.PutUser(ctx, store.User{ID: "u1", Name: "x"}); err == nil || !strings.Contains(msg.Text(err), "ingest migrate") {
		t.Fatalf("write before migrate: %v, want advice to run ingest migrate", err)
	}
	must(t, s.Migrate(ctx))
	must(t, s.PutUser(ctx, store.User{ID: "u1", Name: "x"}))
	got, err := s.CurrentObservations(ctx, store.ObsFilter{})
	must(t, err)
	if len(got) != 1 || got[0].Value != 1 {
		t.Fatalf("observations after migrating: %+v", got)
	}
}
