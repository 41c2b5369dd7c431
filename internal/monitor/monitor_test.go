package monitor_test

import (
	"context"
	"errors"
	"math"
	"os"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/seeded"
	"industrydash/seeds"
)

func openWithCatalogue(t *testing.T) (embedded.Combined, *domain.Catalogue) {
	t.Helper()
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	return seeded.Store(t, false), cat
}

func obs(code, unit string, p domain.Period, vt domain.ValueType, v float64, at time.Time) domain.Observation {
	return domain.Observation{Indicator: code, OrgUnit: unit, Period: p, ValueType: vt, Value: v,
		SubmittedValue: v, SubmittedUnit: "亿元", Source: "test", BatchID: "b", RecordedAt: at, RecordedBy: "t"}
}

func findRow(t *testing.T, ov *monitor.Overview, code string) monitor.Row {
	t.Helper()
	for _, r := range ov.Rows {
		if r.Indicator.Code == code {
			return r
		}
	}
	t.Fatalf("no row for %s", code)
	return monitor.Row{}
}

func near(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 0.05 }

func TestOverviewPublishedMayCase(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	at := time.Date(2024, 6, 10, 8, 0, 0, 0, time.UTC)
	if err := st.AppendObservations(ctx, []domain.Observation{
		obs("rare_earth.output_value", domain.CityCode, domain.YTD(2024, 5), domain.ValueYTD, 452, at),
	}); err != nil {
		t.Fatal(err)
	}
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	ov, err := svc.Overview(ctx, monitor.Query{Year: 2024, Month: 5})
	if err != nil {
		t.Fatal(err)
	}
	a := findRow(t, ov, "rare_earth.output_value").Assessment
	if !near(a.CompletionPct, 45.2) || !near(a.TimeProgressPct, 41.7) || !near(a.GapPP, 3.5) {
		t.Fatalf("completion %v time %v gap %v; want 45.2 / 41.7 / 3.5", deref(a.CompletionPct), deref(a.TimeProgressPct), deref(a.GapPP))
	}
	if a.StatusKey != "green" {
		t.Errorf("status %s, want green", a.StatusKey)
	}
	if ov.Counts["grey"] == 0 {
		t.Error("targets without data should count as grey")
	}
	if ov.Demo {
		t.Error("no demo data loaded, yet the overview says 示例数据")
	}
	// The default period is the latest month with data.
	def, err := svc.Overview(ctx, monitor.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if def.Query.Year != 2024 || def.Query.Month != 5 {
		t.Errorf("default period %d-%d, want 2024-5", def.Query.Year, def.Query.Month)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestOverviewSeesNewDataWithoutRestart(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	at := time.Date(2024, 6, 10, 8, 0, 0, 0, time.UTC)
	add := func(v float64, at time.Time) {
		if err := st.AppendObservations(ctx, []domain.Observation{
			obs("silicon.output_value", domain.CityCode, domain.YTD(2024, 5), domain.ValueYTD, v, at)}); err != nil {
			t.Fatal(err)
		}
	}
	add(500, at)
	q := monitor.Query{Year: 2024, Month: 5}
	ov1, _ := svc.Overview(ctx, q)
	ov1b, _ := svc.Overview(ctx, q)
	if ov1 != ov1b {
		t.Error("repeated view with unchanged data should come from the cache")
	}
	add(900, at.Add(time.Hour))
	ov2, err := svc.Overview(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if v := findRow(t, ov2, "silicon.output_value").Assessment.Value; v == nil || *v != 900 {
		t.Fatalf("after a correction the overview shows %v, want 900", deref(v))
	}
	// As of before the correction, the old value stands.
	old, err := svc.Overview(ctx, monitor.Query{Year: 2024, Month: 5, AsOf: at.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if v := findRow(t, old, "silicon.output_value").Assessment.Value; v == nil || *v != 500 {
		t.Fatalf("as of before the correction: %v, want 500", deref(v))
	}
}

// flaky wraps a store and fails every read while down is set.
type flaky struct {
	embedded.Combined
	down bool
}

func (f *flaky) DataVersion(ctx context.Context) (string, error) {
	if f.down {
		return "", store.ErrUnavailable
	}
	return f.Store.DataVersion(ctx)
}

func (f *flaky) LatestPeriod(ctx context.Context, year int) (int, error) {
	if f.down {
		return 0, store.ErrUnavailable
	}
	return f.Store.LatestPeriod(ctx, year)
}

func (f *flaky) TargetYears(ctx context.Context) ([]int, error) {
	if f.down {
		return nil, store.ErrUnavailable
	}
	return f.Store.TargetYears(ctx)
}

func TestServesLastGoodDataWhenStoreIsDown(t *testing.T) {
	st, _ := openWithCatalogue(t)
	f := &flaky{Combined: st}
	svc := monitor.MustNew(monitor.Config{Reader: f, Engine: progress.DefaultConfig()})
	ctx := context.Background()
	q := monitor.Query{Year: 2024, Month: 5}
	if _, err := svc.Overview(ctx, q); err != nil {
		t.Fatal(err)
	}
	f.down = true
	ov, err := svc.Overview(ctx, q)
	var stale *monitor.ErrStale
	if !errors.As(err, &stale) || ov == nil {
		t.Fatalf("want last good overview with ErrStale, got %v, %v", ov, err)
	}
	if _, err := svc.Overview(ctx, monitor.Query{Year: 2024, Month: 3}); err == nil {
		t.Fatal("a view never computed before cannot be served while the store is down")
	}
	// The default view (no year or period given) resolves as before and is
	// served from the last good data too.
	f.down = false
	if _, err := svc.Overview(ctx, monitor.Query{}); err != nil {
		t.Fatal(err)
	}
	f.down = true
	if ov, err := svc.Overview(ctx, monitor.Query{}); !errors.As(err, &stale) || ov == nil {
		t.Fatalf("default view while down: %v, %v", ov, err)
	}
}

func TestDistrictsKeepRemainderAndRank(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	at := time.Date(2024, 6, 10, 8, 0, 0, 0, time.UTC)
	var rows []domain.Observation
	rows = append(rows, obs("industry.output_value", domain.CityCode, domain.YTD(2024, 5), domain.ValueYTD, 2500, at))
	rows = append(rows, obs("industry.output_value", domain.CityCode, domain.YTD(2023, 5), domain.ValueYTD, 2000, at))
	for i, u := range []string{"150202", "150203", "150204"} {
		rows = append(rows, obs("industry.output_value", u, domain.YTD(2024, 5), domain.ValueYTD, float64(300+100*i), at))
		rows = append(rows, obs("industry.output_value", u, domain.YTD(2023, 5), domain.ValueYTD, 300, at))
	}
	if err := st.AppendObservations(ctx, rows); err != nil {
		t.Fatal(err)
	}
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	v, err := svc.Districts(ctx, monitor.Query{Year: 2024, Month: 5}, "industry.output_value", progress.RankByGrowth)
	if err != nil {
		t.Fatal(err)
	}
	if v.Sum == nil || *v.Sum != 1200 || v.Remainder == nil || *v.Remainder != 1300 {
		t.Fatalf("sum %v remainder %v, want 1200 and 1300", deref(v.Sum), deref(v.Remainder))
	}
	if v.Rows[0].Unit.Code != "150204" || v.Rows[0].Rank != 1 {
		t.Fatalf("fastest grower should rank first, got %s rank %d", v.Rows[0].Unit.Code, v.Rows[0].Rank)
	}
	last := v.Rows[len(v.Rows)-1]
	if last.Rank != 0 {
		t.Errorf("a district without data should be unranked and last, got rank %d", last.Rank)
	}
}

func TestViewPeriodFollowsTheCityHeadline(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	june := time.Date(2024, 7, 12, 8, 0, 0, 0, time.UTC)
	july := time.Date(2024, 8, 12, 8, 0, 0, 0, time.UTC)
	early := time.Date(2024, 9, 3, 8, 0, 0, 0, time.UTC)
	rows := []domain.Observation{
		obs("industry.output_value", domain.CityCode, domain.YTD(2024, 6), domain.ValueYTD, 2500, june),
		obs("industry.output_value", domain.CityCode, domain.YTD(2024, 7), domain.ValueYTD, 2950, july),
		// One district reports August before the city's figures are out.
		obs("industry.output_value", "150203", domain.YTD(2024, 8), domain.ValueYTD, 900, early),
		obs("rare_earth.output_value", "150203", domain.YTD(2024, 8), domain.ValueYTD, 100, early),
	}
	if err := st.AppendObservations(ctx, rows); err != nil {
		t.Fatal(err)
	}
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	for _, c := range []struct {
		name string
		asOf time.Time
		want int
	}{
		{"now: the city's July, not the district's August", time.Time{}, 7},
		{"as of mid-July: what had been recorded then", time.Date(2024, 7, 20, 0, 0, 0, 0, time.UTC), 6},
		{"as of September: still July", time.Date(2024, 9, 10, 0, 0, 0, 0, time.UTC), 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			ov, err := svc.Overview(ctx, monitor.Query{Year: 2024, AsOf: c.asOf})
			if err != nil {
				t.Fatal(err)
			}
			if ov.Query.Month != c.want || ov.Period.To != c.want {
				t.Errorf("period month %d (%v), want %d", ov.Query.Month, ov.Period, c.want)
			}
		})
	}
	t.Run("a view without any city figure falls back to the latest month", func(t *testing.T) {
		st2, _ := openWithCatalogue(t)
		if err := st2.AppendObservations(ctx, rows[2:]); err != nil {
			t.Fatal(err)
		}
		ov, err := monitor.MustNew(monitor.Config{Reader: st2, Engine: progress.DefaultConfig()}).Overview(ctx, monitor.Query{Year: 2024})
		if err != nil {
			t.Fatal(err)
		}
		if ov.Query.Month != 8 {
			t.Errorf("period month %d, want 8", ov.Query.Month)
		}
	})
}

func TestBenchmarksAreComparedNeverRanked(t *testing.T) {
	st, cat := openWithCatalogue(t)
	ctx := context.Background()
	l := load.New(st, load.NewCatalogue(cat.Indicators, cat.OrgUnits))
	csv := "指标代码,地区,期间,数值\n" +
		"industry.value_added_growth,包头市,2024年1-7月,15.1\n" +
		"industry.value_added_growth,全国,2024年1-7月,5.9\n" +
		"industry.value_added_growth,全区,2024年1-7月,7.7\n" +
		"industry.value_added_growth,昆区,2024年1-7月,12\n"
	path := t.TempDir() + "/bench.csv"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 8, 20, 9, 0, 0, 0, time.UTC)
	if s, err := l.LoadFile(ctx, path, load.Options{Now: func() time.Time { return now }}); err != nil {
		t.Fatalf("load: %v %+v", err, s)
	}
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	ov, err := svc.Overview(ctx, monitor.Query{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	r := findRow(t, ov, "industry.value_added_growth")
	if want := "1—7月同比增长15.1%，高于全国、全区9.2、7.4个百分点，高于目标0.1个百分点。"; r.Sentence != want {
		t.Errorf("sentence %q, want %q", r.Sentence, want)
	}
	// No indicator asked for: the one with district data, 增加值增速 first.
	dv, err := svc.Districts(ctx, monitor.Query{Year: 2024}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if dv.Indicator.Code != "industry.value_added_growth" {
		t.Errorf("districts ranked by %s, want industry.value_added_growth (the indicator with district data)", dv.Indicator.Code)
	}
	for _, row := range dv.Rows {
		if row.Unit.Kind == domain.KindBenchmark {
			t.Errorf("benchmark %s ranked with the districts", row.Unit.Name)
		}
	}
}

func TestOverviewMonitorsEveryPlanTarget(t *testing.T) {
	st, cat := openWithCatalogue(t)
	ov, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Overview(context.Background(), monitor.Query{Year: 2024, Month: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Rows) != len(cat.Targets) {
		t.Errorf("overview monitors %d targets, the plan has %d", len(ov.Rows), len(cat.Targets))
	}
	found := false
	for _, r := range ov.Rows {
		if r.Indicator.Code == "rare_earth.motor_park_output" {
			found = true
			if r.Target.OrgUnit != "150271" || r.Title != "稀土高新区稀土永磁电机产业园产值" {
				t.Errorf("motor park row: unit %s title %q", r.Target.OrgUnit, r.Title)
			}
		}
	}
	if !found {
		t.Error("the 稀土高新区 motor-park output target is not on the overview")
	}
}

func TestParkTiersAreCumulative(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	at := time.Date(2025, 1, 20, 8, 0, 0, 0, time.UTC)
	var rows []domain.Observation
	for i, v := range []float64{1500, 1200, 1100, 1050, 700} {
		code := []string{"P150203-01", "P150222-01", "P150221-01", "P150223-01", "P150223-02"}[i]
		rows = append(rows, obs("parks.output_value", code, domain.YTD(2024, 12), domain.ValueYTD, v, at))
	}
	if err := st.AppendObservations(ctx, rows); err != nil {
		t.Fatal(err)
	}
	ov, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Overview(ctx, monitor.Query{Year: 2024, Month: 12})
	if err != nil {
		t.Fatal(err)
	}
	// 4 parks over 1000 and 1 between 500 and 1000 meet "3个超千亿、2个超500亿".
	for code, want := range map[string]float64{"parks.tier_1000": 4, "parks.tier_500": 2} {
		a := findRow(t, ov, code).Assessment
		if a.Value == nil || *a.Value != want || a.Status != progress.StatusMet {
			t.Errorf("%s: value %v status %s, want %v and met", code, deref(a.Value), a.Status, want)
		}
	}
}

func TestParksKeepRemainder(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	at := time.Date(2024, 6, 10, 8, 0, 0, 0, time.UTC)
	rows := []domain.Observation{
		obs("parks.output_value", domain.CityCode, domain.YTD(2024, 5), domain.ValueYTD, 2600, at),
		obs("parks.output_value", "P150203-01", domain.YTD(2024, 5), domain.ValueYTD, 900, at),
		obs("parks.output_value", "P150222-01", domain.YTD(2024, 5), domain.ValueYTD, 400, at),
	}
	if err := st.AppendObservations(ctx, rows); err != nil {
		t.Fatal(err)
	}
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	v, err := svc.Parks(ctx, monitor.Query{Year: 2024, Month: 5})
	if err != nil {
		t.Fatal(err)
	}
	if v.Sum == nil || *v.Sum != 1300 || v.Remainder == nil || *v.Remainder != 1300 {
		t.Fatalf("sum %v remainder %v, want 1300 and 1300 (2600 − 900 − 400)", deref(v.Sum), deref(v.Remainder))
	}
}
