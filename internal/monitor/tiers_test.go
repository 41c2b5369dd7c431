package monitor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/testenv/seeded"
	"industrydash/seeds/demo"
)

// TestEnterpriseTiersFromDemo: the demo's enterprise list loads like any
// unit, and the two enterprise-output targets count it — 超10亿 uncapped, so
// the 超百亿 enterprises count toward it too — projected from 1—11月 and
// saying so.
func TestEnterpriseTiersFromDemo(t *testing.T) {
	st := seeded.Store(t, true)
	ov, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Overview(context.Background(), monitor.Query{Year: 2024, Month: 11})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		code   string
		want   float64
		status progress.Status
		text   string
	}{
		{"enterprises.over_10bn", demo.DemoOver100, progress.StatusMet, "按1—11月累计推算全年为16户，为目标的106.7%，已达到目标。"},
		{"enterprises.over_1bn", demo.DemoOver10, progress.StatusNotYetMet, "按1—11月累计推算全年为64户，为目标的91.4%。"},
		{"parks.tier_200_new", 1, progress.StatusMet, "按1—11月累计推算全年新增1个：达茂零碳园区，为目标的100.0%，已达到目标。"},
		{"parks.tier_300_new", 0, progress.StatusNotYetMet, "按1—11月累计推算全年新增0个，为目标的0.0%。"},
	} {
		r := findRow(t, ov, tt.code)
		a := r.Assessment
		if a.Value == nil || *a.Value != tt.want || a.Status != tt.status {
			t.Errorf("%s: value %v status %s, want %v and %s", tt.code, deref(a.Value), a.Status, tt.want, tt.status)
		}
		if r.Sentence != tt.text {
			t.Errorf("%s sentence\n got  %s\n want %s", tt.code, r.Sentence, tt.text)
		}
	}
}

// TestTierUnitsOfTheRightKind: an enterprise-output tier counts enterprises
// only, a park tier parks and zones only, though other units report figures
// under the same indicator code.
func TestTierUnitsOfTheRightKind(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	at := time.Date(2025, 1, 20, 8, 0, 0, 0, time.UTC)
	year := func(code, unit string, v float64) domain.Observation {
		return obs(code, unit, domain.YTD(2024, 12), domain.ValueYTD, v, at)
	}
	if err := st.AppendObservations(ctx, []domain.Observation{
		year("enterprises.output_value", "E150204-01", 150),     // 北奔: an enterprise
		year("enterprises.output_value", "150203", 900),         // a district: not counted
		year("enterprises.output_value", "P150203-01", 500),     // a park: not counted
		year("enterprises.output_value", domain.CityCode, 9000), // the city: not counted
		year("parks.output_value", "E150271-01", 1500),          // an enterprise: not a park
		year("parks.output_value", "P150203-01", 1200),
	}); err != nil {
		t.Fatal(err)
	}
	ov, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Overview(ctx, monitor.Query{Year: 2024, Month: 12})
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]float64{"enterprises.over_10bn": 1, "enterprises.over_1bn": 1, "parks.tier_1000": 1} {
		if a := findRow(t, ov, code).Assessment; a.Value == nil || *a.Value != want {
			t.Errorf("%s = %v, want %v", code, deref(a.Value), want)
		}
	}
}

// TestNewEntrantsJudgedOnLastYear: a park in the 200—300 band this year
// counts as 新增 only if last year's annual output was below 200.
func TestNewEntrantsJudgedOnLastYear(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	at := time.Date(2025, 1, 20, 8, 0, 0, 0, time.UTC)
	var rows []domain.Observation
	for _, p := range []struct {
		unit       string
		last, this float64
	}{
		{"P150207-01", 180, 250}, // 九原工业园区: new
		{"P150204-01", 220, 260}, // already over 200 last year
		{"P150205-01", 150, 190}, // grew, but not into the band
		{"P150206-01", 0, 240},   // no figure last year: cannot be shown new
	} {
		if p.last > 0 {
			rows = append(rows, obs("parks.output_value", p.unit, domain.YTD(2023, 12), domain.ValueYTD, p.last, at))
		}
		rows = append(rows, obs("parks.output_value", p.unit, domain.YTD(2024, 12), domain.ValueYTD, p.this, at))
	}
	if err := st.AppendObservations(ctx, rows); err != nil {
		t.Fatal(err)
	}
	ov, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Overview(ctx, monitor.Query{Year: 2024, Month: 12})
	if err != nil {
		t.Fatal(err)
	}
	r := findRow(t, ov, "parks.tier_200_new")
	if want := "全年新增1个：九原工业园区，为目标的100.0%，已达到目标。"; r.Sentence != want {
		t.Errorf("sentence\n got  %s\n want %s", r.Sentence, want)
	}
	if a := r.Assessment; a.Status != progress.StatusMet || len(a.Entrants) != 1 {
		t.Errorf("status %s entrants %v, want met and one", a.Status, a.Entrants)
	}
	pv, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Parks(ctx, monitor.Query{Year: 2024, Month: 12})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range pv.Tiers {
		if tr.Indicator.Code == "parks.tier_200_new" && strings.Join(tr.Units, "、") != "九原工业园区" {
			t.Errorf("park page lists %v as new to the 200 tier, want 九原工业园区", tr.Units)
		}
		if tr.Indicator.Code == "parks.tier_200" && len(tr.Units) != 3 {
			t.Errorf("park page lists %v in the 200 tier, want the three parks in 200—300", tr.Units)
		}
	}
}

// TestTierOverALevelIsNotAnnualised: a tier over a stock counts the levels as
// they stand; only flows are projected by run rate.
func TestTierOverALevelIsNotAnnualised(t *testing.T) {
	st, _ := openWithCatalogue(t)
	ctx := context.Background()
	capacity := domain.Indicator{Code: "test.capacity", Name: "产能", Unit: "万吨", Kind: domain.Stock,
		Direction: domain.HigherBetter, Chain: "园区", Section: "测试", Reporting: domain.ValuePeriod,
		Breakdown: []domain.UnitKind{domain.KindPark}, Order: 900}
	over := domain.Indicator{Code: "test.capacity_over_100", Name: "产能超100万吨园区", Unit: "个", Kind: domain.TierCount,
		Direction: domain.HigherBetter, Chain: "园区", Section: "测试", Reporting: domain.ValueYTD,
		TierOf: capacity.Code, TierMin: 100, Order: 901}
	if err := st.PutIndicators(ctx, []domain.Indicator{capacity, over}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddTargets(ctx, []domain.Target{{Year: 2024, Indicator: over.Code, OrgUnit: domain.CityCode,
		Comparator: domain.AtLeast, Value: 2, SourceQuote: "2个产能超100万吨园区", RecordedAt: time.Date(2024, 2, 8, 0, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)
	if err := st.AppendObservations(ctx, []domain.Observation{
		obs(capacity.Code, "P150203-01", domain.Month(2024, 2), domain.ValuePeriod, 120, at),
		obs(capacity.Code, "P150222-01", domain.Month(2024, 2), domain.ValuePeriod, 80, at), // ×6 would be 480
	}); err != nil {
		t.Fatal(err)
	}
	ov, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Overview(ctx, monitor.Query{Year: 2024, Month: 2})
	if err != nil {
		t.Fatal(err)
	}
	r := findRow(t, ov, over.Code)
	if a := r.Assessment; a.Value == nil || *a.Value != 1 || a.Projected {
		t.Errorf("count %v projected %v, want 1 and not projected", deref(a.Value), a.Projected)
	}
	if want := "截至2月末为1个，为目标的50.0%。"; r.Sentence != want {
		t.Errorf("sentence\n got  %s\n want %s", r.Sentence, want)
	}
}
