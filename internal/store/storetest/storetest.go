// Package storetest is the conformance suite every store.Store implementation
// passes, so the product behaves the same on ClickHouse and on the embedded
// store except in speed.
//
// Contract details the suite pins down beyond the interface comments:
//
//   - Times (Observation.RecordedAt, Target.RecordedAt, Batch.StartedAt and
//     EndedAt) round-trip to at least the microsecond and compare with
//     time.Time.Equal; both stores keep nanoseconds (UnixNano) for ordering,
//     and the suite orders rows that differ by one microsecond.
//   - "Latest" means the greatest RecordedAt, whatever order rows were
//     appended in. AsOf is inclusive: a row recorded exactly at AsOf counts.
//   - Periods order like domain.Period.Before: year, then end month, then
//     start month (2024-01~02, 2024-03, 2024-01~05). Value types order as
//     strings ("period" before "ytd").
//   - ObsFilter.ToMonth keeps periods with To <= ToMonth, in every selected year.
//   - ObservationHistory breaks RecordedAt ties by period, then value type.
//   - AddTargets assigns Revision itself (1, 2, …) and keeps the caller's
//     RecordedAt, RevisionKind, RecordedBy, Note and Document; identical targets given
//     twice in one call add one revision.
//   - TargetRevisions of an unknown target returns no rows (nil error or
//     store.ErrNotFound).
//   - Empty slices and nil slices are equivalent (Breakdown, Stages, Phasing).
//
// The workflow store (accounts, submissions, the audit log, the outbox) has
// its own suite, RunWorkflow; its contract is at the top of accounts.go.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// Run runs the conformance suite. open must return a fresh, empty, migrated
// store for each call and arrange (with t.Cleanup) to close and discard it.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("Meta", func(t *testing.T) { testMeta(t, open) })
	t.Run("OrgUnits", func(t *testing.T) { testOrgUnits(t, open) })
	t.Run("Indicators", func(t *testing.T) { testIndicators(t, open) })
	t.Run("CatalogueEntries", func(t *testing.T) { testCatalogueEntries(t, open) })
	t.Run("Targets", func(t *testing.T) { testTargets(t, open) })
	t.Run("Observations", func(t *testing.T) { testObservations(t, open) })
	t.Run("ObservationFilters", func(t *testing.T) { testObservationFilters(t, open) })
	t.Run("ObservationHistory", func(t *testing.T) { testObservationHistory(t, open) })
	t.Run("PeriodsAndYears", func(t *testing.T) { testPeriodsAndYears(t, open) })
	t.Run("Batches", func(t *testing.T) { testBatches(t, open) })
	t.Run("DataVersion", func(t *testing.T) { testDataVersion(t, open) })
	t.Run("Large", func(t *testing.T) { testLarge(t, open) })
}

// t0 has a nanosecond component so that a store truncating to milliseconds
// or seconds fails the round-trip checks.
var t0 = time.Date(2024, 4, 10, 9, 0, 0, 123456789, time.UTC)

// at returns t0 plus d minutes and d microseconds: distinct at both scales.
func at(d int) time.Time {
	return t0.Add(time.Duration(d)*time.Minute + time.Duration(d)*time.Microsecond)
}

func ptr(v float64) *float64 { return &v }

func ctxOf(t *testing.T) context.Context { return t.Context() }

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func normTime(tm time.Time) time.Time {
	if tm.IsZero() {
		return time.Time{}
	}
	return tm.Truncate(time.Microsecond).UTC()
}

func normObs(list []domain.Observation) []domain.Observation {
	out := make([]domain.Observation, len(list))
	for i, o := range list {
		o.RecordedAt = normTime(o.RecordedAt)
		out[i] = o
	}
	return out
}

func obsKeys(list []domain.Observation) []string {
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = fmt.Sprintf("%s|%s|%s|%s=%v", o.Indicator, o.OrgUnit, o.Period, o.ValueType, o.Value)
	}
	return out
}

// equalObs compares two observation lists field by field, times to the microsecond.
func equalObs(t *testing.T, what string, got, want []domain.Observation) {
	t.Helper()
	g, w := normObs(got), normObs(want)
	if len(g) != len(w) {
		t.Fatalf("%s: got %d rows, want %d\ngot:  %v\nwant: %v", what, len(g), len(w), obsKeys(got), obsKeys(want))
	}
	for i := range g {
		if !reflect.DeepEqual(g[i], w[i]) {
			t.Fatalf("%s: row %d differs\ngot:  %+v\nwant: %+v", what, i, g[i], w[i])
		}
	}
}

// mk builds an observation with every field filled in.
func mk(ind, unit string, p domain.Period, vt domain.ValueType, v float64, rec time.Time) domain.Observation {
	return domain.Observation{
		Indicator:      ind,
		OrgUnit:        unit,
		Period:         p,
		ValueType:      vt,
		Value:          v,
		SubmittedValue: v * 10000,
		SubmittedUnit:  "万元",
		Source:         "月报.csv",
		BatchID:        "batch-" + rec.Format("150405.000000"),
		RecordedAt:     rec,
		RecordedBy:     "analyst1",
	}
}

func testMeta(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("migrate twice is harmless", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		must(t, s.Migrate(ctx), "second Migrate")
		must(t, s.Migrate(ctx), "third Migrate")
		applied, expected, err := s.SchemaStatus(ctx)
		must(t, err, "SchemaStatus")
		if expected < 1 || applied != expected {
			t.Fatalf("SchemaStatus = applied %d, expected %d; want applied == expected >= 1", applied, expected)
		}
	})
	t.Run("migrate keeps data", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		o := mk("ind.a", "150200", domain.Month(2024, 3), domain.ValuePeriod, 1.5, at(1))
		must(t, s.AppendObservations(ctx, []domain.Observation{o}), "AppendObservations")
		must(t, s.Migrate(ctx), "Migrate")
		got, err := s.CurrentObservations(ctx, store.ObsFilter{})
		must(t, err, "CurrentObservations")
		equalObs(t, "after Migrate", got, []domain.Observation{o})
	})
	t.Run("ping", func(t *testing.T) {
		s := open(t)
		must(t, s.Ping(ctxOf(t)), "Ping")
	})
	t.Run("empty store answers empty", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		units, err := s.OrgUnits(ctx)
		must(t, err, "OrgUnits")
		inds, err := s.Indicators(ctx)
		must(t, err, "Indicators")
		tg, err := s.Targets(ctx, 2024, time.Time{})
		must(t, err, "Targets")
		obs, err := s.CurrentObservations(ctx, store.ObsFilter{})
		must(t, err, "CurrentObservations")
		hist, err := s.ObservationHistory(ctx, "ind.a", "150200", 0)
		must(t, err, "ObservationHistory")
		m, err := s.LatestPeriod(ctx, 2024)
		must(t, err, "LatestPeriod")
		oy, err := s.ObservationYears(ctx)
		must(t, err, "ObservationYears")
		ty, err := s.TargetYears(ctx)
		must(t, err, "TargetYears")
		bs, err := s.ListBatches(ctx, 0)
		must(t, err, "ListBatches")
		if n := len(units) + len(inds) + len(tg) + len(obs) + len(hist) + m + len(oy) + len(ty) + len(bs); n != 0 {
			t.Fatalf("fresh store is not empty: units %d, indicators %d, targets %d, obs %d, history %d, latest %d, obs years %v, target years %v, batches %d",
				len(units), len(inds), len(tg), len(obs), len(hist), m, oy, ty, len(bs))
		}
	})
}

func testOrgUnits(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	city := domain.OrgUnit{Code: "150200", Name: "包头市", Kind: domain.KindCity, Order: 0}
	dong := domain.OrgUnit{Code: "150202", Name: "东河区", Kind: domain.KindDistrict, Parent: "150200", Order: 1}
	kun := domain.OrgUnit{Code: "150203", Name: "昆都仑区", ShortName: "昆区", Kind: domain.KindDistrict, Parent: "150200", Order: 2}
	zone := domain.OrgUnit{Code: "Z01", Name: "包头稀土高新技术产业开发区", ShortName: "稀土高新区", Kind: domain.KindZone, Parent: "150200", Order: 2}
	park := domain.OrgUnit{Code: "P01", Name: "九原工业园区", Kind: domain.KindPark, Parent: "150207", Order: -1}
	region := domain.OrgUnit{Code: domain.RegionCode, Name: "内蒙古自治区", ShortName: "全区", Kind: domain.KindBenchmark,
		Order: 20, Aliases: []string{"自治区", "内蒙古"}}

	t.Run("ordered by order then code, every field kept", func(t *testing.T) {
		must(t, s.PutOrgUnits(ctx, []domain.OrgUnit{zone, kun, city, dong, park, region}), "PutOrgUnits")
		got, err := s.OrgUnits(ctx)
		must(t, err, "OrgUnits")
		want := []domain.OrgUnit{park, city, dong, kun, zone, region}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("OrgUnits:\ngot  %+v\nwant %+v", got, want)
		}
	})
	t.Run("put replaces by code and keeps the others", func(t *testing.T) {
		dong2 := dong
		dong2.Name, dong2.ShortName, dong2.Order = "东河区（调整）", "东河", 9
		must(t, s.PutOrgUnits(ctx, []domain.OrgUnit{dong2}), "PutOrgUnits")
		got, err := s.OrgUnits(ctx)
		must(t, err, "OrgUnits")
		want := []domain.OrgUnit{park, city, kun, zone, dong2, region}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("OrgUnits after replace:\ngot  %+v\nwant %+v", got, want)
		}
	})
	t.Run("put of nothing changes nothing", func(t *testing.T) {
		must(t, s.PutOrgUnits(ctx, nil), "PutOrgUnits(nil)")
		got, err := s.OrgUnits(ctx)
		must(t, err, "OrgUnits")
		if len(got) != 6 {
			t.Fatalf("got %d units after empty put, want 6", len(got))
		}
	})
}

func normInd(list []domain.Indicator) []domain.Indicator {
	out := make([]domain.Indicator, len(list))
	for i, ind := range list {
		if len(ind.Breakdown) == 0 {
			ind.Breakdown = nil
		}
		if len(ind.Stages) == 0 {
			ind.Stages = nil
		}
		out[i] = ind
	}
	return out
}

func testIndicators(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	output := domain.Indicator{
		Code: "rare_earth.output_value", Name: "稀土产业产值", Unit: "亿元", Kind: domain.Flow,
		Direction: domain.HigherBetter, Chain: "稀土", Section: "一、稀土产业", SourceOrgan: "统计局",
		Scope: "规上", PriceBasis: "现价", Reporting: domain.ValueYTD,
		Breakdown: []domain.UnitKind{domain.KindDistrict, domain.KindPark}, Order: 10,
	}
	growth := domain.Indicator{
		Code: "industry.value_added_growth", Name: "规上工业增加值增速", Unit: "%", Kind: domain.Rate,
		Direction: domain.HigherBetter, Chain: "总体", Section: "总体目标", SourceOrgan: "统计局",
		Scope: "规上", PriceBasis: "可比价", Reporting: domain.ValueYTD, Order: 1, Annual: true,
	}
	tier := domain.Indicator{
		Code: "park.over_500", Name: "超500亿元园区个数", Unit: "个", Kind: domain.TierCount,
		Direction: domain.HigherBetter, Chain: "园区", Section: "园区", Reporting: domain.ValueYTD,
		TierOf: "park.output_value", TierMin: 500, TierMax: 1000, TierNew: true, Order: 10,
	}
	project := domain.Indicator{
		Code: "silicon.project_x", Name: "某硅项目建成投产", Unit: "阶段", Kind: domain.Milestone,
		Direction: domain.HigherBetter, Chain: "硅", Section: "二、硅产业", SourceOrgan: "部门",
		Reporting: domain.ValuePeriod, Stages: []string{"开工", "主体完工", "设备安装", "投产"}, Order: 5,
	}

	t.Run("ordered by order then code, every field kept", func(t *testing.T) {
		must(t, s.PutIndicators(ctx, []domain.Indicator{output, tier, project, growth}), "PutIndicators")
		got, err := s.Indicators(ctx)
		must(t, err, "Indicators")
		want := []domain.Indicator{growth, project, tier, output}
		if g := normInd(got); !reflect.DeepEqual(g, want) {
			t.Fatalf("Indicators:\ngot  %+v\nwant %+v", g, want)
		}
	})
	t.Run("put replaces by code, slices replaced not merged", func(t *testing.T) {
		project2 := project
		project2.Stages = []string{"开工", "投产"}
		project2.Name = "某硅项目（调整）"
		output2 := output
		output2.Breakdown = nil
		output2.Order = 0
		must(t, s.PutIndicators(ctx, []domain.Indicator{project2, output2}), "PutIndicators")
		got, err := s.Indicators(ctx)
		must(t, err, "Indicators")
		want := []domain.Indicator{output2, growth, project2, tier}
		if g := normInd(got); !reflect.DeepEqual(g, want) {
			t.Fatalf("Indicators after replace:\ngot  %+v\nwant %+v", g, want)
		}
	})
}

func normTargets(list []domain.Target) []domain.Target {
	out := make([]domain.Target, len(list))
	for i, tg := range list {
		if len(tg.Phasing) == 0 {
			tg.Phasing = nil
		}
		tg.RecordedAt = normTime(tg.RecordedAt)
		out[i] = tg
	}
	return out
}

func equalTargets(t *testing.T, what string, got, want []domain.Target) {
	t.Helper()
	g, w := normTargets(got), normTargets(want)
	if len(g) != len(w) {
		t.Fatalf("%s: got %d targets, want %d\ngot:  %+v\nwant: %+v", what, len(g), len(w), g, w)
	}
	for i := range g {
		if !reflect.DeepEqual(g[i], w[i]) {
			t.Fatalf("%s: target %d differs\ngot:  %+v\nwant: %+v", what, i, fmtTarget(g[i]), fmtTarget(w[i]))
		}
	}
}

func fmtTarget(tg domain.Target) string {
	p := func(v *float64) string {
		if v == nil {
			return "nil"
		}
		return fmt.Sprint(*v)
	}
	return fmt.Sprintf("%+v (ValueHigh=%s Tolerance=%s Baseline=%s)", tg, p(tg.ValueHigh), p(tg.Tolerance), p(tg.Baseline))
}

func withRev(tg domain.Target, rev int) domain.Target {
	tg.Revision = rev
	return tg
}

// targetFixtures are the targets testTargets loads: one of each comparator,
// a later year and a milestone project.
type targetFixtures struct {
	output, newFirms, energy, share, next, project domain.Target
	// want2024 is Targets(2024) after a first load, in its order:
	// indicator, then org unit.
	want2024 []domain.Target
}

// newTargetFixtures returns the targets of testTargets.
func newTargetFixtures() targetFixtures {
	var f targetFixtures
	phasing := []float64{0.05, 0.12, 0.2, 0.28, 0.36, 0.45, 0.53, 0.61, 0.7, 0.8, 0.9, 1}
	f.output = domain.Target{
		Year: 2024, Indicator: "rare_earth.output_value", OrgUnit: domain.CityCode, Comparator: domain.AtLeast,
		Value: 1000, SourceQuote: "稀土产业产值突破1000亿元", Section: "一、（一）", Phasing: phasing,
		RevisionKind: domain.RevisionInitial, RecordedAt: at(0), RecordedBy: "seed", Note: "年初下达",
	}
	f.newFirms = domain.Target{
		Year: 2024, Indicator: "industry.new_firms", OrgUnit: "150203", Comparator: domain.Range,
		Value: 3, ValueHigh: ptr(5), SourceQuote: "新增规上企业3-5户", Section: "二", Aspiration: true,
		RevisionKind: domain.RevisionInitial, RecordedAt: at(0),
	}
	f.energy = domain.Target{
		Year: 2024, Indicator: "green.energy_saving", OrgUnit: domain.CityCode, Comparator: domain.Approx,
		Value: 50, Tolerance: ptr(0), SourceQuote: "节能量50万吨标煤左右", Section: "三",
		RevisionKind: domain.RevisionInitial, RecordedAt: at(0),
	}
	f.share = domain.Target{
		Year: 2024, Indicator: "industry.share", OrgUnit: domain.CityCode, Comparator: domain.DeltaPP,
		Value: 2, Baseline: ptr(0), SourceQuote: "占比提高2个百分点", Section: "总体",
		RevisionKind: domain.RevisionInitial, RecordedAt: at(0),
	}
	f.next = domain.Target{
		Year: 2025, Indicator: "rare_earth.output_value", OrgUnit: domain.CityCode, Comparator: domain.AtLeast,
		Value: 1200, SourceQuote: "稀土产业产值1200亿元", Section: "一", RevisionKind: domain.RevisionInitial,
		RecordedAt: at(0),
	}
	f.project = domain.Target{
		Year: 2024, Indicator: "silicon.project_x", OrgUnit: "150207", Comparator: domain.AtLeast,
		Value: 4, DueMonth: 9, SourceQuote: "9月底前建成投产", Section: "二", RevisionKind: domain.RevisionInitial,
		RecordedAt: at(0),
	}
	f.want2024 = []domain.Target{withRev(f.energy, 1), withRev(f.newFirms, 1), withRev(f.share, 1), withRev(f.output, 1), withRev(f.project, 1)}
	return f
}

func testTargets(t *testing.T, open func(t *testing.T) store.Store) {
	f := newTargetFixtures()
	t.Run("first load adds all, every field kept", func(t *testing.T) { testTargetsFirstLoad(t, open, f) })
	t.Run("identical reload adds nothing", func(t *testing.T) { testTargetsIdenticalReload(t, open, f) })
	t.Run("identical target twice in one call is added once", func(t *testing.T) { testTargetsTwiceInOneCall(t, open, f) })
	t.Run("changed target becomes revision 2 and both are kept", func(t *testing.T) { testTargetsRevised(t, open, f) })
	t.Run("revisions of an unknown target", func(t *testing.T) { testTargetsUnknownRevisions(t, open, f) })
}

// testTargetsFirstLoad: a first load adds every target, each year lists its
// own, every field kept, and TargetYears lists the years.
func testTargetsFirstLoad(t *testing.T, open func(t *testing.T) store.Store, f targetFixtures) {
	s := open(t)
	ctx := ctxOf(t)
	n, err := s.AddTargets(ctx, []domain.Target{f.output, f.next, f.project, f.newFirms, f.share, f.energy})
	must(t, err, "AddTargets")
	if n != 6 {
		t.Fatalf("AddTargets added %d, want 6", n)
	}
	got, err := s.Targets(ctx, 2024, time.Time{})
	must(t, err, "Targets")
	equalTargets(t, "Targets(2024)", got, f.want2024)
	got, err = s.Targets(ctx, 2025, time.Time{})
	must(t, err, "Targets")
	equalTargets(t, "Targets(2025)", got, []domain.Target{withRev(f.next, 1)})
	got, err = s.Targets(ctx, 2023, time.Time{})
	must(t, err, "Targets")
	equalTargets(t, "Targets(2023)", got, nil)
	years, err := s.TargetYears(ctx)
	must(t, err, "TargetYears")
	if !slices.Equal(years, []int{2024, 2025}) {
		t.Fatalf("TargetYears = %v, want [2024 2025]", years)
	}
}

// testTargetsIdenticalReload: reloading the same targets, with only the
// bookkeeping fields changed, adds no revision.
func testTargetsIdenticalReload(t *testing.T, open func(t *testing.T) store.Store, f targetFixtures) {
	s := open(t)
	ctx := ctxOf(t)
	_, err := s.AddTargets(ctx, []domain.Target{f.output, f.newFirms, f.share, f.energy, f.next, f.project})
	must(t, err, "AddTargets")
	again := []domain.Target{f.output, f.newFirms, f.share, f.energy, f.next, f.project}
	for i := range again {
		// Bookkeeping fields are not content: a reload a day later by
		// someone else is still the same target.
		again[i].RecordedAt = at(60 * 24)
		again[i].RecordedBy = "someone else"
		again[i].Note = "重复导入"
		again[i].Phasing = slices.Clone(again[i].Phasing)
	}
	n, err := s.AddTargets(ctx, again)
	must(t, err, "AddTargets again")
	if n != 0 {
		t.Fatalf("identical reload added %d revisions, want 0", n)
	}
	got, err := s.Targets(ctx, 2024, time.Time{})
	must(t, err, "Targets")
	equalTargets(t, "Targets after reload", got, f.want2024)
}

// testTargetsTwiceInOneCall: one target given twice in one call adds one
// revision.
func testTargetsTwiceInOneCall(t *testing.T, open func(t *testing.T) store.Store, f targetFixtures) {
	s := open(t)
	ctx := ctxOf(t)
	n, err := s.AddTargets(ctx, []domain.Target{f.output, f.output})
	must(t, err, "AddTargets")
	if n != 1 {
		t.Fatalf("AddTargets of a duplicated target added %d, want 1", n)
	}
	revs, err := s.TargetRevisions(ctx, 2024, f.output.Indicator, f.output.OrgUnit)
	must(t, err, "TargetRevisions")
	equalTargets(t, "TargetRevisions", revs, []domain.Target{withRev(f.output, 1)})
}

// testTargetsRevised: changed targets become revision 2 with both
// revisions kept, Targets as of a time shows the revision then in force,
// and going back to the first content adds revision 3.
func testTargetsRevised(t *testing.T, open func(t *testing.T) store.Store, f targetFixtures) {
	s := open(t)
	ctx := ctxOf(t)
	_, err := s.AddTargets(ctx, []domain.Target{f.output, f.newFirms, f.share, f.energy, f.project})
	must(t, err, "AddTargets")

	adjusted := f.output
	adjusted.Value = 1100
	adjusted.Phasing = nil
	adjusted.RevisionKind = domain.RevisionAdjusted
	adjusted.RecordedAt = at(60 * 24 * 90)
	adjusted.Note = "年中调整"
	adjusted.Document = "包工信发〔2024〕88号"
	firms2 := f.newFirms
	firms2.ValueHigh = ptr(6)
	firms2.RevisionKind = domain.RevisionAdjusted
	firms2.RecordedAt = at(60 * 24 * 90)
	project2 := f.project
	project2.DueMonth = 12
	project2.RecordedAt = at(60 * 24 * 90)
	n, err := s.AddTargets(ctx, []domain.Target{adjusted, f.share, firms2, f.energy, project2})
	must(t, err, "AddTargets with changes")
	if n != 3 {
		t.Fatalf("AddTargets with three changed targets added %d, want 3", n)
	}

	revs, err := s.TargetRevisions(ctx, 2024, f.output.Indicator, f.output.OrgUnit)
	must(t, err, "TargetRevisions")
	equalTargets(t, "TargetRevisions(output)", revs, []domain.Target{withRev(f.output, 1), withRev(adjusted, 2)})
	revs, err = s.TargetRevisions(ctx, 2024, f.newFirms.Indicator, f.newFirms.OrgUnit)
	must(t, err, "TargetRevisions")
	equalTargets(t, "TargetRevisions(newFirms)", revs, []domain.Target{withRev(f.newFirms, 1), withRev(firms2, 2)})

	current := []domain.Target{withRev(f.energy, 1), withRev(firms2, 2), withRev(f.share, 1), withRev(adjusted, 2), withRev(project2, 2)}
	testTargetsAsOf(t, s, adjusted.RecordedAt, current, f.want2024)

	n, err = s.AddTargets(ctx, []domain.Target{f.output})
	must(t, err, "AddTargets reverting")
	if n != 1 {
		t.Fatalf("going back to the first content added %d, want 1 (revision 3)", n)
	}
	revs, err = s.TargetRevisions(ctx, 2024, f.output.Indicator, f.output.OrgUnit)
	must(t, err, "TargetRevisions")
	if len(revs) != 3 || revs[2].Revision != 3 || revs[2].Value != 1000 {
		t.Fatalf("after reverting, revisions = %+v, want 3 with the last = 1000", revs)
	}
}

// testTargetsAsOf checks Targets(2024) as of times around the change made
// at changed: current from then on, first (the first load) before it.
func testTargetsAsOf(t *testing.T, s store.Store, changed time.Time, current, first []domain.Target) {
	ctx := ctxOf(t)
	cases := []struct {
		name string
		asOf time.Time
		want []domain.Target
	}{
		{"current", time.Time{}, current},
		{"before the change", at(60 * 24 * 30), first},
		{"exactly at the change", changed, current},
		{"one microsecond before the change", changed.Add(-time.Microsecond), first},
		{"before anything was set", t0.Add(-time.Hour), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Targets(ctx, 2024, c.asOf)
			must(t, err, "Targets")
			equalTargets(t, "Targets", got, c.want)
		})
	}
}

// testTargetsUnknownRevisions: TargetRevisions of an unknown target returns
// no rows (nil error or store.ErrNotFound).
func testTargetsUnknownRevisions(t *testing.T, open func(t *testing.T) store.Store, f targetFixtures) {
	s := open(t)
	ctx := ctxOf(t)
	_, err := s.AddTargets(ctx, []domain.Target{f.output})
	must(t, err, "AddTargets")
	revs, err := s.TargetRevisions(ctx, 2024, "no.such", domain.CityCode)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("TargetRevisions of an unknown target: %v", err)
	}
	if len(revs) != 0 {
		t.Fatalf("TargetRevisions of an unknown target = %+v, want none", revs)
	}
}

func testObservations(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("every field round-trips", func(t *testing.T) { testObsRoundTrip(t, open) })
	t.Run("a published 同比 belongs to its row: a newer row without one does not inherit it", func(t *testing.T) { testObsYoYPerRow(t, open) })
	t.Run("append of nothing is fine", func(t *testing.T) {
		s := open(t)
		must(t, s.AppendObservations(ctxOf(t), nil), "AppendObservations(nil)")
	})
	t.Run("latest recorded wins, whatever the append order", func(t *testing.T) { testObsLatestWins(t, open) })
	t.Run("as of an earlier time hides later corrections", func(t *testing.T) { testObsAsOf(t, open) })
	t.Run("ordered by indicator, unit, period, value type", func(t *testing.T) { testObsOrder(t, open) })
	t.Run("an invalid row writes nothing", func(t *testing.T) { testObsInvalidRow(t, open) })
}

// testObsRoundTrip: every field of an observation, a sparse one and extreme
// values come back as written, times in UTC.
func testObsRoundTrip(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	full := domain.Observation{
		Indicator: "rare_earth.output_value", OrgUnit: "150203", Period: domain.YTD(2024, 5),
		ValueType: domain.ValueYTD, Value: 0.1 + 0.2, SubmittedValue: 3000.0000000000005, SubmittedUnit: "万元",
		Source: "昆区_2024年1-5月.xlsx", BatchID: "b-7f3a", SubmissionID: "sub-42",
		RecordedAt: at(3), RecordedBy: "昆区填报员", Note: "含新投产企业，环比增幅较大", Demo: true,
		YoYPct: ptr(12.35),
	}
	sparse := domain.Observation{
		Indicator: "industry.value_added_growth", OrgUnit: domain.CityCode, Period: domain.Period{Year: 2024, From: 1, To: 2},
		ValueType: domain.ValuePeriod, Value: -3.25, RecordedAt: at(4),
	}
	huge := mk("x.big", domain.CityCode, domain.Month(2023, 12), domain.ValuePeriod, 1.2345678901234567e15, at(5))
	tiny := mk("x.big", domain.CityCode, domain.Month(2023, 11), domain.ValuePeriod, 5e-324, at(6))
	must(t, s.AppendObservations(ctx, []domain.Observation{full, sparse, huge, tiny}), "AppendObservations")
	got, err := s.CurrentObservations(ctx, store.ObsFilter{})
	must(t, err, "CurrentObservations")
	equalObs(t, "CurrentObservations", got, []domain.Observation{sparse, full, tiny, huge})
	if len(got) > 0 && got[0].RecordedAt.Location() != time.UTC {
		t.Errorf("RecordedAt comes back in %v, want UTC", got[0].RecordedAt.Location())
	}
}

// testObsYoYPerRow: a published 同比 (zero included) belongs to its row; a
// newer row without one does not inherit it.
func testObsYoYPerRow(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	p := domain.YTD(2024, 7)
	old := mk("industry.output_value", domain.CityCode, p, domain.ValueYTD, 3000, at(10))
	old.YoYPct = ptr(15.1)
	zero := mk("industry.output_value", "150203", p, domain.ValueYTD, 900, at(10))
	zero.YoYPct = ptr(0)
	newer := mk("industry.output_value", domain.CityCode, p, domain.ValueYTD, 3001, at(20))
	must(t, s.AppendObservations(ctx, []domain.Observation{old, zero}), "append with 同比")
	must(t, s.AppendObservations(ctx, []domain.Observation{newer}), "append without 同比")
	got, err := s.CurrentObservations(ctx, store.ObsFilter{})
	must(t, err, "CurrentObservations")
	equalObs(t, "current", got, []domain.Observation{newer, zero})
	asOf, err := s.CurrentObservations(ctx, store.ObsFilter{AsOf: at(15)})
	must(t, err, "CurrentObservations as of")
	equalObs(t, "as of", asOf, []domain.Observation{old, zero})
}

// testObsLatestWins: the row recorded latest is current, whatever order the
// rows were appended in, even one microsecond apart.
func testObsLatestWins(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	p := domain.Month(2024, 3)
	first := mk("ind.a", "150202", p, domain.ValuePeriod, 10, at(10))
	second := mk("ind.a", "150202", p, domain.ValuePeriod, 11, at(20))
	third := mk("ind.a", "150202", p, domain.ValuePeriod, 12, at(30))
	// One microsecond apart, on the same key as well.
	otherA := mk("ind.a", "150203", p, domain.ValuePeriod, 1, at(40))
	otherB := mk("ind.a", "150203", p, domain.ValuePeriod, 2, at(40).Add(time.Microsecond))
	ytd := mk("ind.a", "150202", domain.YTD(2024, 3), domain.ValueYTD, 30, at(5))
	must(t, s.AppendObservations(ctx, []domain.Observation{third, otherB}), "append third")
	must(t, s.AppendObservations(ctx, []domain.Observation{first, ytd, otherA}), "append first")
	must(t, s.AppendObservations(ctx, []domain.Observation{second}), "append second")
	got, err := s.CurrentObservations(ctx, store.ObsFilter{})
	must(t, err, "CurrentObservations")
	// 2024-01~03 ends with 2024-03 and starts earlier, so it comes first.
	equalObs(t, "current", got, []domain.Observation{ytd, third, otherB})
}

// testObsAsOf: as of an earlier time, later corrections are hidden; AsOf is
// inclusive.
func testObsAsOf(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	p := domain.Month(2024, 3)
	orig := mk("ind.a", "150202", p, domain.ValuePeriod, 10, at(10))
	corr := mk("ind.a", "150202", p, domain.ValuePeriod, 12, at(30))
	late := mk("ind.a", "150203", p, domain.ValuePeriod, 7, at(20))
	must(t, s.AppendObservations(ctx, []domain.Observation{orig, corr, late}), "AppendObservations")
	cases := []struct {
		name string
		asOf time.Time
		want []domain.Observation
	}{
		{"zero AsOf is now", time.Time{}, []domain.Observation{corr, late}},
		{"before anything", at(10).Add(-time.Microsecond), nil},
		{"exactly at the original", at(10), []domain.Observation{orig}},
		{"between original and the other unit", at(15), []domain.Observation{orig}},
		{"before the correction", at(30).Add(-time.Microsecond), []domain.Observation{orig, late}},
		{"exactly at the correction", at(30), []domain.Observation{corr, late}},
		{"long after", at(100000), []domain.Observation{corr, late}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.CurrentObservations(ctx, store.ObsFilter{AsOf: c.asOf})
			must(t, err, "CurrentObservations")
			equalObs(t, "as of", got, c.want)
		})
	}
}

// testObsOrder: current observations come ordered by indicator, unit,
// period (year, end month, start month) and value type.
func testObsOrder(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	rows := []domain.Observation{
		mk("b.ind", "150202", domain.Month(2024, 1), domain.ValuePeriod, 1, at(1)),
		mk("a.ind", "150203", domain.Month(2024, 1), domain.ValuePeriod, 2, at(2)),
		mk("a.ind", "150202", domain.YTD(2024, 5), domain.ValueYTD, 3, at(3)),
		mk("a.ind", "150202", domain.Month(2024, 3), domain.ValuePeriod, 4, at(4)),
		mk("a.ind", "150202", domain.Period{Year: 2024, From: 1, To: 2}, domain.ValuePeriod, 5, at(5)),
		mk("a.ind", "150202", domain.Period{Year: 2024, From: 1, To: 2}, domain.ValueYTD, 6, at(6)),
		mk("a.ind", "150202", domain.Month(2023, 12), domain.ValuePeriod, 7, at(7)),
		mk("a.ind", "150202", domain.Month(2024, 10), domain.ValuePeriod, 8, at(8)),
		mk("a.ind", "150202", domain.Quarter(2024, 2), domain.ValuePeriod, 9, at(9)),
		mk("a.ind", "150202", domain.Month(2024, 5), domain.ValuePeriod, 10, at(10)),
	}
	must(t, s.AppendObservations(ctx, rows), "AppendObservations")
	got, err := s.CurrentObservations(ctx, store.ObsFilter{})
	must(t, err, "CurrentObservations")
	// Periods order by year, end month, start month: 2023-12, 2024-01~02
	// (period, ytd), 2024-03, 2024-01~05, 2024-05, 2024-04~06, 2024-10.
	want := []domain.Observation{rows[6], rows[4], rows[5], rows[3], rows[2], rows[9], rows[8], rows[7], rows[1], rows[0]}
	equalObs(t, "order", got, want)
}

// testObsInvalidRow: an append with one invalid row among good ones is
// refused whole; neither the current rows nor the history change.
func testObsInvalidRow(t *testing.T, open func(t *testing.T) store.Store) {
	good := mk("ind.a", "150202", domain.Month(2024, 3), domain.ValuePeriod, 10, at(1))
	bad := func(f func(o *domain.Observation)) domain.Observation {
		o := mk("ind.a", "150203", domain.Month(2024, 4), domain.ValuePeriod, 11, at(2))
		f(&o)
		return o
	}
	cases := []struct {
		name string
		row  domain.Observation
	}{
		{"missing indicator", bad(func(o *domain.Observation) { o.Indicator = "" })},
		{"missing org unit", bad(func(o *domain.Observation) { o.OrgUnit = "" })},
		{"month 13", bad(func(o *domain.Observation) { o.Period = domain.Month(2024, 13) })},
		{"unknown value type", bad(func(o *domain.Observation) { o.ValueType = "quarterly" })},
		{"ytd not from January", bad(func(o *domain.Observation) {
			o.ValueType, o.Period = domain.ValueYTD, domain.Period{Year: 2024, From: 3, To: 5}
		})},
		{"NaN value", bad(func(o *domain.Observation) { o.Value = math.NaN() })},
		{"infinite value", bad(func(o *domain.Observation) { o.Value = math.Inf(1) })},
		{"no recorded time", bad(func(o *domain.Observation) { o.RecordedAt = time.Time{} })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.row.Validate() == nil {
				t.Fatal("test setup: row should be invalid")
			}
			s := open(t)
			ctx := ctxOf(t)
			before := mk("ind.a", "150202", domain.Month(2024, 3), domain.ValuePeriod, 9, at(0))
			must(t, s.AppendObservations(ctx, []domain.Observation{before}), "AppendObservations")
			if err := s.AppendObservations(ctx, []domain.Observation{good, c.row, good}); err == nil {
				t.Fatal("AppendObservations accepted an invalid row")
			}
			got, err := s.CurrentObservations(ctx, store.ObsFilter{})
			must(t, err, "CurrentObservations")
			equalObs(t, "after the rejected append", got, []domain.Observation{before})
			hist, err := s.ObservationHistory(ctx, "ind.a", "150202", 0)
			must(t, err, "ObservationHistory")
			equalObs(t, "history after the rejected append", hist, []domain.Observation{before})
		})
	}
}

// filterData is a small grid: 2 indicators × 3 units × 2 years, months and
// YTD rows, with corrections.
func filterData() (rows []domain.Observation, corrections []domain.Observation) {
	n := 0
	for _, ind := range []string{"ind.a", "ind.b"} {
		for _, unit := range []string{"150202", "150203", "150204"} {
			for _, y := range []int{2023, 2024} {
				for _, m := range []int{1, 3, 6, 12} {
					n++
					rows = append(rows, mk(ind, unit, domain.Month(y, m), domain.ValuePeriod, float64(n), at(n)))
				}
				n++
				rows = append(rows, mk(ind, unit, domain.YTD(y, 6), domain.ValueYTD, float64(n), at(n)))
			}
		}
	}
	// Corrections a "day" later for some 2024 rows.
	for i, o := range rows {
		if o.Period.Year == 2024 && i%3 == 0 {
			c := o
			c.Value += 0.5
			c.RecordedAt = at(10000 + i)
			c.Note = "更正"
			corrections = append(corrections, c)
		}
	}
	return rows, corrections
}

// expectCurrent computes the current rows the simple way, for comparison.
func expectCurrent(rows []domain.Observation, keep func(o domain.Observation) bool, asOf time.Time) []domain.Observation {
	latest := map[domain.ObsKey]domain.Observation{}
	for _, o := range rows {
		if !keep(o) || (!asOf.IsZero() && o.RecordedAt.After(asOf)) {
			continue
		}
		if cur, ok := latest[o.Key()]; !ok || o.RecordedAt.After(cur.RecordedAt) {
			latest[o.Key()] = o
		}
	}
	out := make([]domain.Observation, 0, len(latest))
	for _, o := range latest {
		out = append(out, o)
	}
	slices.SortFunc(out, compareKey)
	return out
}

func compareKey(a, b domain.Observation) int {
	if c := strings.Compare(a.Indicator, b.Indicator); c != 0 {
		return c
	}
	if c := strings.Compare(a.OrgUnit, b.OrgUnit); c != 0 {
		return c
	}
	if a.Period != b.Period {
		if a.Period.Before(b.Period) {
			return -1
		}
		return 1
	}
	return strings.Compare(string(a.ValueType), string(b.ValueType))
}

func testObservationFilters(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	rows, corr := filterData()
	must(t, s.AppendObservations(ctx, rows), "AppendObservations")
	must(t, s.AppendObservations(ctx, corr), "AppendObservations corrections")
	all := append(slices.Clone(rows), corr...)

	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	cases := []struct {
		name string
		f    store.ObsFilter
	}{
		{"all", store.ObsFilter{}},
		{"one indicator", store.ObsFilter{Indicators: []string{"ind.b"}}},
		{"two indicators", store.ObsFilter{Indicators: []string{"ind.b", "ind.a"}}},
		{"unknown indicator", store.ObsFilter{Indicators: []string{"ind.zzz"}}},
		{"one unit", store.ObsFilter{OrgUnits: []string{"150203"}}},
		{"two units of one indicator", store.ObsFilter{Indicators: []string{"ind.a"}, OrgUnits: []string{"150204", "150202"}}},
		{"one year", store.ObsFilter{Years: []int{2024}}},
		{"two years", store.ObsFilter{Years: []int{2023, 2024}}},
		{"year without data", store.ObsFilter{Years: []int{2022}}},
		{"one year to June", store.ObsFilter{Years: []int{2024}, ToMonth: 6}},
		{"two years to March", store.ObsFilter{Years: []int{2023, 2024}, ToMonth: 3}},
		{"every year to May", store.ObsFilter{ToMonth: 5}},
		{"as of before corrections", store.ObsFilter{AsOf: at(9999)}},
		{"as of midway through corrections", store.ObsFilter{AsOf: at(10000 + len(rows)/2)}},
		{"as of midway through loading", store.ObsFilter{AsOf: at(len(rows) / 2)}},
		{"everything combined", store.ObsFilter{Indicators: []string{"ind.a"}, OrgUnits: []string{"150202", "150204"},
			Years: []int{2024}, ToMonth: 6, AsOf: at(10000 + len(rows)/3)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := expectCurrent(all, func(o domain.Observation) bool {
				return in(c.f.Indicators, o.Indicator) && in(c.f.OrgUnits, o.OrgUnit) &&
					(len(c.f.Years) == 0 || slices.Contains(c.f.Years, o.Period.Year)) &&
					(c.f.ToMonth == 0 || o.Period.To <= c.f.ToMonth)
			}, c.f.AsOf)
			got, err := s.CurrentObservations(ctx, c.f)
			must(t, err, "CurrentObservations")
			equalObs(t, "filtered", got, want)
		})
	}
	t.Run("filter results are not empty by accident", func(t *testing.T) {
		got, err := s.CurrentObservations(ctx, store.ObsFilter{Years: []int{2024}, ToMonth: 6, Indicators: []string{"ind.a"}})
		must(t, err, "CurrentObservations")
		// 3 units × (months 1, 3, 6 + YTD 1-6).
		if len(got) != 12 {
			t.Fatalf("got %d rows, want 12: %v", len(got), obsKeys(got))
		}
	})
}

func testObservationHistory(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	a := func(p domain.Period, vt domain.ValueType, v float64, rec time.Time) domain.Observation {
		return mk("ind.a", "150202", p, vt, v, rec)
	}
	h1 := a(domain.Month(2023, 12), domain.ValuePeriod, 1, at(1))
	h2 := a(domain.Month(2024, 1), domain.ValuePeriod, 2, at(3))
	h3 := a(domain.Month(2024, 1), domain.ValuePeriod, 3, at(5)) // correction of h2
	h4 := a(domain.Month(2024, 2), domain.ValuePeriod, 4, at(4))
	// One batch stamped with one time: ties ordered by period, then value type.
	h5 := a(domain.Month(2024, 3), domain.ValuePeriod, 5, at(7))
	h6 := a(domain.YTD(2024, 3), domain.ValueYTD, 6, at(7))
	h7 := a(domain.YTD(2024, 3), domain.ValuePeriod, 7, at(7))
	h8 := a(domain.Month(2024, 2), domain.ValuePeriod, 8, at(7))
	other := []domain.Observation{
		mk("ind.a", "150203", domain.Month(2024, 1), domain.ValuePeriod, 100, at(2)),
		mk("ind.b", "150202", domain.Month(2024, 1), domain.ValuePeriod, 101, at(2)),
	}
	must(t, s.AppendObservations(ctx, append([]domain.Observation{h6, h3, h1, h5, h8}, other...)), "AppendObservations")
	must(t, s.AppendObservations(ctx, []domain.Observation{h4, h2, h7}), "AppendObservations")
	cases := []struct {
		name       string
		ind, unit  string
		year       int
		wantValues []domain.Observation
	}{
		{"all years, oldest first, ties by period then value type", "ind.a", "150202", 0, []domain.Observation{h1, h2, h4, h3, h8, h7, h6, h5}},
		{"one year", "ind.a", "150202", 2024, []domain.Observation{h2, h4, h3, h8, h7, h6, h5}},
		{"other year", "ind.a", "150202", 2023, []domain.Observation{h1}},
		{"year without data", "ind.a", "150202", 2022, nil},
		{"other unit", "ind.a", "150203", 0, other[:1]},
		{"unknown unit", "ind.a", "999999", 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.ObservationHistory(ctx, c.ind, c.unit, c.year)
			must(t, err, "ObservationHistory")
			equalObs(t, "history", got, c.wantValues)
		})
	}
}

func testPeriodsAndYears(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	rows := []domain.Observation{
		mk("ind.a", "150202", domain.Period{Year: 2024, From: 1, To: 2}, domain.ValuePeriod, 1, at(1)),
		mk("ind.a", "150202", domain.Month(2024, 3), domain.ValuePeriod, 1, at(2)),
		mk("ind.b", "150203", domain.YTD(2024, 5), domain.ValueYTD, 1, at(3)),
		mk("ind.a", "150202", domain.Month(2021, 11), domain.ValuePeriod, 1, at(4)),
		mk("ind.a", "150202", domain.Period{Year: 2022, From: 1, To: 2}, domain.ValuePeriod, 1, at(5)),
	}
	must(t, s.AppendObservations(ctx, rows), "AppendObservations")
	_, err := s.AddTargets(ctx, []domain.Target{
		{Year: 2026, Indicator: "ind.a", OrgUnit: domain.CityCode, Comparator: domain.AtLeast, Value: 1, SourceQuote: "q", RecordedAt: at(1)},
		{Year: 2024, Indicator: "ind.a", OrgUnit: domain.CityCode, Comparator: domain.AtLeast, Value: 1, SourceQuote: "q", RecordedAt: at(1)},
		{Year: 2024, Indicator: "ind.b", OrgUnit: domain.CityCode, Comparator: domain.AtLeast, Value: 1, SourceQuote: "q", RecordedAt: at(1)},
	})
	must(t, err, "AddTargets")

	for _, c := range []struct {
		year, want int
	}{{2024, 5}, {2022, 2}, {2021, 11}, {2023, 0}, {2030, 0}} {
		t.Run(fmt.Sprintf("latest period of %d", c.year), func(t *testing.T) {
			m, err := s.LatestPeriod(ctx, c.year)
			must(t, err, "LatestPeriod")
			if m != c.want {
				t.Fatalf("LatestPeriod(%d) = %d, want %d", c.year, m, c.want)
			}
		})
	}
	t.Run("observation years ascending", func(t *testing.T) {
		ys, err := s.ObservationYears(ctx)
		must(t, err, "ObservationYears")
		if !slices.Equal(ys, []int{2021, 2022, 2024}) {
			t.Fatalf("ObservationYears = %v, want [2021 2022 2024]", ys)
		}
	})
	t.Run("target years ascending", func(t *testing.T) {
		ys, err := s.TargetYears(ctx)
		must(t, err, "TargetYears")
		if !slices.Equal(ys, []int{2024, 2026}) {
			t.Fatalf("TargetYears = %v, want [2024 2026]", ys)
		}
	})
}

func normBatch(b store.Batch) store.Batch {
	b.StartedAt, b.EndedAt = normTime(b.StartedAt), normTime(b.EndedAt)
	return b
}

func testBatches(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	mkb := func(id string, start int) store.Batch {
		return store.Batch{
			ID: id, Source: "包头_" + id + ".csv", Kind: "actuals", Checksum: "sha256:" + strings.Repeat(id, 4),
			Read: 120 + start, Loaded: 100, Unchanged: 15, Rejected: 5 + start,
			StartedAt: at(start), EndedAt: at(start).Add(1500 * time.Millisecond), By: "analyst1",
		}
	}
	b1, b2, b3, b4 := mkb("b1", 10), mkb("b2", 30), mkb("b3", 20), mkb("b4", 40)
	b4.Kind, b4.Source = "submission", "web"
	for _, b := range []store.Batch{b1, b2, b3, b4} {
		must(t, s.RecordBatch(ctx, b), "RecordBatch "+b.ID)
	}
	cases := []struct {
		limit int
		want  []store.Batch
	}{
		{0, []store.Batch{b4, b2, b3, b1}},
		{2, []store.Batch{b4, b2}},
		{1, []store.Batch{b4}},
		{10, []store.Batch{b4, b2, b3, b1}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("newest first, limit %d", c.limit), func(t *testing.T) {
			got, err := s.ListBatches(ctx, c.limit)
			must(t, err, "ListBatches")
			if len(got) != len(c.want) {
				t.Fatalf("got %d batches, want %d: %+v", len(got), len(c.want), got)
			}
			for i := range got {
				if g, w := normBatch(got[i]), normBatch(c.want[i]); !reflect.DeepEqual(g, w) {
					t.Fatalf("batch %d:\ngot  %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func testDataVersion(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	seen := map[string]string{}
	check := func(t *testing.T, step string) {
		t.Helper()
		v, err := s.DataVersion(ctx)
		must(t, err, "DataVersion")
		if prev, ok := seen[v]; ok {
			t.Fatalf("DataVersion after %s is %q, the same as after %s", step, v, prev)
		}
		seen[v] = step
		// Reads change nothing.
		_, _ = s.CurrentObservations(ctx, store.ObsFilter{})
		_, _ = s.Targets(ctx, 2024, time.Time{})
		v2, err := s.DataVersion(ctx)
		must(t, err, "DataVersion")
		if v2 != v {
			t.Fatalf("DataVersion changed without a write after %s: %q then %q", step, v, v2)
		}
	}
	tg := domain.Target{Year: 2024, Indicator: "ind.a", OrgUnit: domain.CityCode, Comparator: domain.AtLeast,
		Value: 1, SourceQuote: "q", RecordedAt: at(1)}
	steps := []struct {
		name  string
		write func() error
	}{
		{"PutOrgUnits", func() error {
			return s.PutOrgUnits(ctx, []domain.OrgUnit{{Code: "150200", Name: "包头市", Kind: domain.KindCity}})
		}},
		{"PutIndicators", func() error {
			return s.PutIndicators(ctx, []domain.Indicator{{Code: "ind.a", Name: "甲", Unit: "亿元", Kind: domain.Flow,
				Direction: domain.HigherBetter, Reporting: domain.ValueYTD}})
		}},
		{"AddTargets", func() error { _, err := s.AddTargets(ctx, []domain.Target{tg}); return err }},
		{"AddTargets with a change", func() error {
			tg2 := tg
			tg2.Value, tg2.RecordedAt = 2, at(2)
			_, err := s.AddTargets(ctx, []domain.Target{tg2})
			return err
		}},
		{"AppendObservations", func() error {
			return s.AppendObservations(ctx, []domain.Observation{mk("ind.a", "150200", domain.Month(2024, 1), domain.ValuePeriod, 1, at(1))})
		}},
		{"AppendObservations of a correction", func() error {
			return s.AppendObservations(ctx, []domain.Observation{mk("ind.a", "150200", domain.Month(2024, 1), domain.ValuePeriod, 2, at(2))})
		}},
		{"PutOrgUnits again", func() error {
			return s.PutOrgUnits(ctx, []domain.OrgUnit{{Code: "150200", Name: "包头市（改）", Kind: domain.KindCity}})
		}},
	}
	check(t, "opening")
	for _, st := range steps {
		t.Run("changes after "+st.name, func(t *testing.T) {
			must(t, st.write(), st.name)
			check(t, st.name)
		})
	}
	// An ingest batch record changes no fact: the caches keyed on the
	// version stay warm.
	t.Run("stays after RecordBatch", func(t *testing.T) {
		before, err := s.DataVersion(ctx)
		must(t, err, "DataVersion")
		must(t, s.RecordBatch(ctx, store.Batch{ID: "b1", Source: "x.csv", Kind: "actuals", StartedAt: at(1), EndedAt: at(2)}), "RecordBatch")
		after, err := s.DataVersion(ctx)
		must(t, err, "DataVersion")
		if after != before {
			t.Fatalf("DataVersion changed after RecordBatch: %q then %q; only fact writes may change it", before, after)
		}
	})
}

// testLarge loads ~20k rows (2 indicators × 10 units × 60 months, period and
// YTD values, 1–15 revisions each, appended in shuffled chunks) and compares
// the store's answers with a direct computation.
func testLarge(t *testing.T, open func(t *testing.T) store.Store) {
	if testing.Short() {
		t.Skip("large conformance case skipped in -short mode")
	}
	s := open(t)
	ctx := ctxOf(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []domain.Observation
	seq := 0
	for _, ind := range []string{"big.a", "big.b"} {
		for u := 0; u < 10; u++ {
			unit := fmt.Sprintf("1502%02d", u)
			for mi := 0; mi < 60; mi++ {
				y, m := 2020+mi/12, mi%12+1
				for _, vt := range []domain.ValueType{domain.ValuePeriod, domain.ValueYTD} {
					p := domain.Month(y, m)
					if vt == domain.ValueYTD {
						p = domain.YTD(y, m)
					}
					for r := 1 + rng.IntN(15); r > 0; r-- {
						seq++
						o := mk(ind, unit, p, vt, math.Round(rng.Float64()*1e6)/100, at(rng.IntN(100000)).Add(time.Duration(seq)*time.Nanosecond*1000))
						rows = append(rows, o)
					}
				}
			}
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	for i := 0; i < len(rows); i += 5000 {
		must(t, s.AppendObservations(ctx, rows[i:min(i+5000, len(rows))]), "AppendObservations")
	}
	t.Logf("loaded %d rows", len(rows))

	all := func(domain.Observation) bool { return true }
	cases := []struct {
		name string
		f    store.ObsFilter
		keep func(o domain.Observation) bool
	}{
		{"current of everything", store.ObsFilter{}, all},
		{"one indicator, one year, to September", store.ObsFilter{Indicators: []string{"big.b"}, Years: []int{2022}, ToMonth: 9},
			func(o domain.Observation) bool {
				return o.Indicator == "big.b" && o.Period.Year == 2022 && o.Period.To <= 9
			}},
		{"three units as of midway", store.ObsFilter{OrgUnits: []string{"150201", "150205", "150209"}, AsOf: at(50000)},
			func(o domain.Observation) bool {
				return slices.Contains([]string{"150201", "150205", "150209"}, o.OrgUnit)
			}},
		{"everything as of early", store.ObsFilter{AsOf: at(5000)}, all},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := expectCurrent(rows, c.keep, c.f.AsOf)
			got, err := s.CurrentObservations(ctx, c.f)
			must(t, err, "CurrentObservations")
			equalObs(t, c.name, got, want)
		})
	}
	t.Run("one correction after the load", func(t *testing.T) {
		key := domain.ObsKey{Indicator: "big.b", OrgUnit: "150207", Period: domain.Month(2023, 6), ValueType: domain.ValuePeriod}
		f := store.ObsFilter{Indicators: []string{key.Indicator}, OrgUnits: []string{key.OrgUnit}, Years: []int{2023}}
		before, err := s.CurrentObservations(ctx, f)
		must(t, err, "CurrentObservations")
		fix := mk(key.Indicator, key.OrgUnit, key.Period, key.ValueType, -1, at(200000))
		fix.Note = "区县更正"
		must(t, s.AppendObservations(ctx, []domain.Observation{fix}), "AppendObservations")
		want := expectCurrent(append(slices.Clone(rows), fix), func(o domain.Observation) bool {
			return o.Indicator == key.Indicator && o.OrgUnit == key.OrgUnit && o.Period.Year == 2023
		}, time.Time{})
		got, err := s.CurrentObservations(ctx, f)
		must(t, err, "CurrentObservations")
		equalObs(t, "after the correction", got, want)
		f.AsOf = at(200000).Add(-time.Microsecond)
		got, err = s.CurrentObservations(ctx, f)
		must(t, err, "CurrentObservations")
		equalObs(t, "as of just before the correction", got, before)
		rows = append(rows, fix)
	})
	t.Run("history of one series", func(t *testing.T) {
		var want []domain.Observation
		for _, o := range rows {
			if o.Indicator == "big.a" && o.OrgUnit == "150203" && o.Period.Year == 2021 {
				want = append(want, o)
			}
		}
		slices.SortStableFunc(want, func(a, b domain.Observation) int {
			if c := a.RecordedAt.Compare(b.RecordedAt); c != 0 {
				return c
			}
			return compareKey(a, b)
		})
		got, err := s.ObservationHistory(ctx, "big.a", "150203", 2021)
		must(t, err, "ObservationHistory")
		equalObs(t, "history", got, want)
	})
	t.Run("years and latest period", func(t *testing.T) {
		ys, err := s.ObservationYears(ctx)
		must(t, err, "ObservationYears")
		if !slices.Equal(ys, []int{2020, 2021, 2022, 2023, 2024}) {
			t.Fatalf("ObservationYears = %v", ys)
		}
		m, err := s.LatestPeriod(ctx, 2024)
		must(t, err, "LatestPeriod")
		if m != 12 {
			t.Fatalf("LatestPeriod(2024) = %d, want 12", m)
		}
	})
}

func testCatalogueEntries(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := ctxOf(t)
	at := time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC)
	must(t, s.AddCatalogueEntries(ctx, []store.CatalogueEntry{
		{Kind: store.EntryAlias, Name: "规模以上工业总产值", Value: "industry.output_value", RecordedAt: at, RecordedBy: "王"},
		{Kind: store.EntryAlias, Name: "全部工业总产值", Value: "industry.output_value", RecordedAt: at},
		{Kind: store.EntryUnit, Name: "万人", Value: `{"name":"万人","base":"人","factor":10000}`, RecordedAt: at},
	}), "AddCatalogueEntries")
	// A later entry replaces a name; a deletion withdraws one.
	must(t, s.AddCatalogueEntries(ctx, []store.CatalogueEntry{
		{Kind: store.EntryAlias, Name: "规模以上工业总产值", Value: "industry.output_value_v2", RecordedAt: at.Add(time.Hour)},
		{Kind: store.EntryAlias, Name: "全部工业总产值", Deleted: true, RecordedAt: at.Add(time.Hour)},
	}), "AddCatalogueEntries")
	got, err := s.CatalogueEntries(ctx, store.EntryAlias)
	must(t, err, "CatalogueEntries")
	if len(got) != 1 || got[0].Name != "规模以上工业总产值" || got[0].Value != "industry.output_value_v2" {
		t.Fatalf("aliases: %+v", got)
	}
	units, err := s.CatalogueEntries(ctx, store.EntryUnit)
	must(t, err, "CatalogueEntries")
	if len(units) != 1 || units[0].Name != "万人" || !strings.Contains(units[0].Value, "10000") {
		t.Fatalf("units: %+v", units)
	}
	if err := s.AddCatalogueEntries(ctx, []store.CatalogueEntry{{Kind: store.EntryAlias}}); err == nil {
		t.Error("an entry without a name was stored")
	}
}
