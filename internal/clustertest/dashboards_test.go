package clustertest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/app"
	"industrydash/internal/auth"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/publish"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/chtest"
	"industrydash/seeds"
	"industrydash/server/web"
)

func TestMain(m *testing.M) { chtest.Main(m) }

// site is the product's web app over one store, with an analyst's token.
type site struct {
	app   *fiber.App
	token string
	st    *clickhouse.Store
}

// recordedAt is when the demo data of both stores was recorded.
var recordedAt = time.Date(2024, 12, 1, 8, 0, 0, 123456789, time.UTC)

// newSite opens and migrates a ClickHouse store, loads the built-in
// catalogue and the demo data, and builds the web app.
func newSite(t *testing.T, cfg clickhouse.Config) *site {
	t.Helper()
	ctx := context.Background()
	st, err := clickhouse.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v (cause: %v)", err, errors.Unwrap(err))
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// What app.Bootstrap does on a first start, with one recording time for
	// both stores (the API shows when each value was recorded).
	for _, y := range seeds.BuiltinYears() {
		cat, err := seeds.Builtin(y)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.LoadCatalogue(ctx, st, cat); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.LoadDemo(ctx, st, cat, recordedAt); err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.LoadLeadingDemo(ctx, st, app.LeadingDemoOptions, recordedAt); err != nil {
		t.Fatal(err)
	}
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		t.Fatal(err)
	}
	// The workflow store is the embedded one in a data directory, as in
	// production when ClickHouse is configured without PostgreSQL.
	db, err := embedded.Open(embedded.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	wf := db.Both()
	t.Cleanup(func() { wf.Close() })
	if err := wf.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rev, err := review.New(review.Config{Store: review.Join(wf, st), Forms: forms, Publisher: publish.New(wf, st, log), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig(), Log: log, Overlay: rev})
	au := auth.New(wf, st, auth.Config{})
	h, err := web.New(web.Options{Monitor: svc, Meta: st, Obs: st, Leading: st, Units: st, Log: log, StoreLabel: "ClickHouse",
		Auth: au, Review: rev, Audit: wf})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := au.AddUser(ctx, auth.NewUser{Name: "analyst", DisplayName: "analyst", Role: store.RoleAnalyst,
		Password: "Cluster-test-password-1"}, auth.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	token, err := au.CreateToken(ctx, "analyst", "cluster test", 0, auth.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	fapp, err := h.NewApp()
	if err != nil {
		t.Fatal(err)
	}
	return &site{app: fapp, token: token, st: st}
}

// get returns the body of a GET of path, failing t unless it is 200.
func (s *site) get(t *testing.T, path string) []byte {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := s.app.Test(req, -1)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %d: %.300s", path, resp.StatusCode, body)
	}
	return body
}

// TestClusterDashboardsMatchSingleNode bootstraps the demo on one node and
// on the two-shard cluster and compares the dashboards' API answers byte
// for byte (after re-encoding the JSON with sorted keys).
func TestClusterDashboardsMatchSingleNode(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test: loads the demo data twice")
	}
	single := newSite(t, clickhouse.Config{DSN: chtest.NewDatabase(t)})
	dsn, name, _ := chtest.NewClusterDatabase(t)
	cluster := newSite(t, clickhouse.Config{DSN: dsn, Cluster: name})

	ctx := context.Background()
	inds, err := single.st.Indicators(ctx)
	if err != nil || len(inds) == 0 {
		t.Fatalf("indicators: %d, %v", len(inds), err)
	}
	paths := []string{
		"/api/v1/targets?year=2024",
		"/api/v1/progress",
		"/api/v1/progress?year=2024&period=2024-06",
		"/api/v1/progress?year=2024&period=2024-11",
		"/api/v1/districts?year=2024&period=2024-11",
		"/api/v1/parks?year=2024&period=2024-11",
		"/api/v1/leading",
		"/api/v1/leading?from=2023-01-01&to=2024-11-30",
	}
	for _, ind := range inds[:min(len(inds), 8)] {
		paths = append(paths, "/api/v1/indicators/"+url.PathEscape(ind.Code)+"/series?year=2024")
	}
	for _, p := range paths {
		a, b := canonical(t, p, single.get(t, p)), canonical(t, p, cluster.get(t, p))
		if !bytes.Equal(a, b) {
			i := 0
			for i < len(a) && i < len(b) && a[i] == b[i] {
				i++
			}
			from := max(0, i-300)
			t.Errorf("GET %s differs at byte %d:\nsingle node: …%.500s\ncluster:     …%.500s", p, i, a[from:], b[from:])
		}
	}

	// The rows are really spread over both shards.
	for _, table := range []string{"observation_rows", "leading_power", "leading_power_daily_batch", "targets"} {
		counts, err := cluster.st.ShardCounts(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		for shard := uint32(1); shard <= chtest.ClusterShards; shard++ {
			if counts[shard] == 0 {
				t.Errorf("%s: shard %d holds no rows (%v)", table, shard, counts)
			}
		}
	}
}

// canonical re-encodes a JSON body with sorted keys.
func canonical(t *testing.T, path string, body []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("GET %s: not JSON: %v: %.200s", path, err, body)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
