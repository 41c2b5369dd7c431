package demo_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/seeds"
	"industrydash/seeds/demo"
)

func catalogue(t *testing.T) *domain.Catalogue {
	t.Helper()
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	return cat
}

func generate(t *testing.T, seed int64) (*domain.Catalogue, []domain.Observation) {
	t.Helper()
	cat := catalogue(t)
	return cat, demo.Generate(cat, demo.Options{Seed: seed, Through: domain.Month(2024, 11)})
}

// index groups observations by indicator and org unit.
func index(obs []domain.Observation) map[[2]string][]domain.Observation {
	out := map[[2]string][]domain.Observation{}
	for _, o := range obs {
		k := [2]string{o.Indicator, o.OrgUnit}
		out[k] = append(out[k], o)
	}
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	cat := catalogue(t)
	at := time.Date(2024, 12, 10, 9, 0, 0, 0, time.UTC)
	a := demo.Generate(cat, demo.Options{Seed: 7, Through: domain.Month(2024, 11), RecordedAt: at})
	b := demo.Generate(cat, demo.Options{Seed: 7, Through: domain.Month(2024, 11), RecordedAt: at})
	c := demo.Generate(cat, demo.Options{Seed: 8, Through: domain.Month(2024, 11), RecordedAt: at})
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different observations")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave identical observations")
	}
	if len(a) == 0 || !a[0].RecordedAt.Equal(at) {
		t.Errorf("RecordedAt not taken from the options")
	}
}

func TestEveryObservationIsMarkedDemoAndValid(t *testing.T) {
	_, obs := generate(t, 1)
	for _, o := range obs {
		if err := o.Validate(); err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		if !o.Demo || o.Source != "demo" || o.RecordedBy != "demo" || o.BatchID != "demo-2024" {
			t.Fatalf("not marked as demo data: %+v", o)
		}
	}
}

func TestCoverage(t *testing.T) {
	cat, obs := generate(t, 1)
	ix := index(obs)
	for _, tg := range cat.Targets {
		ind, _ := cat.Indicator(tg.Indicator)
		t.Run(tg.Indicator+"@"+tg.OrgUnit, func(t *testing.T) {
			series := ix[[2]string{tg.Indicator, tg.OrgUnit}]
			switch {
			case ind.Kind == domain.TierCount || ind.Kind == domain.ProjectCount || ind.Kind == domain.ProjectCapacity:
				if len(series) != 0 {
					t.Errorf("tier counts and project lists are derived (from park outputs, project stages) and must not be generated")
				}
				return
			case tg.Indicator == demo.NoDataIndicator:
				if len(series) != 0 {
					t.Errorf("the no-data indicator has %d observations", len(series))
				}
				return
			}
			ends := map[int]map[int]bool{2023: {}, 2024: {}}
			for _, o := range series {
				ends[o.Period.Year][o.Period.To] = true
				if o.ValueType != ind.Reporting {
					t.Errorf("%s reported as %s, indicator says %s", o.Period, o.ValueType, ind.Reporting)
				}
			}
			first := 1
			if ind.SourceOrgan == "统计局" {
				first = 2
			}
			for y, last := range map[int]int{2023: 12, 2024: 11} {
				for m := first; m <= last; m++ {
					if !ends[y][m] {
						t.Errorf("no value for %d-%02d", y, m)
					}
				}
				if ends[y][12] && y == 2024 {
					t.Errorf("data beyond Through")
				}
			}
		})
	}
}

func TestStatisticsBureauFiguresStartWithJanuaryFebruaryCombined(t *testing.T) {
	cat, obs := generate(t, 1)
	n := 0
	for _, o := range obs {
		ind, _ := cat.Indicator(o.Indicator)
		if ind.SourceOrgan != "统计局" {
			continue
		}
		n++
		if o.Period.To == 1 {
			t.Fatalf("%s %s has a January-only row %s", o.Indicator, o.OrgUnit, o.Period)
		}
		if o.ValueType == domain.ValueYTD && o.Period.From != 1 {
			t.Fatalf("YTD row %s does not start in January", o.Period)
		}
	}
	if n == 0 {
		t.Fatal("no statistics-bureau observations")
	}
}

func TestFlowsAreCumulativeAndSeasonal(t *testing.T) {
	cat, obs := generate(t, 3)
	ix := index(obs)
	for _, ind := range cat.Indicators {
		if ind.Kind != domain.Flow || ind.Reporting != domain.ValueYTD {
			continue
		}
		for k, series := range ix {
			if k[0] != ind.Code {
				continue
			}
			for i := 1; i < len(series); i++ {
				a, b := series[i-1], series[i]
				if a.Period.Year == b.Period.Year && b.Value < a.Value {
					t.Errorf("%s %s: YTD falls from %g (%s) to %g (%s)", k[0], k[1], a.Value, a.Period, b.Value, b.Period)
				}
			}
		}
	}
	// Seasonality: the average month of 1-2月 is below December's month.
	series := ix[[2]string{"industry.output_value", domain.CityCode}]
	ytd := map[int]float64{}
	for _, o := range series {
		if o.Period.Year == 2023 {
			ytd[o.Period.To] = o.Value
		}
	}
	if janFeb, dec := ytd[2]/2, ytd[12]-ytd[11]; janFeb >= dec*0.6 {
		t.Errorf("no seasonality: 1-2月 average month %g, December %g", janFeb, dec)
	}
}

func TestDistrictsDoNotSumToTheCity(t *testing.T) {
	cat, obs := generate(t, 1)
	districts := map[string]bool{}
	for _, u := range cat.UnitsOfKind(domain.KindDistrict) {
		districts[u.Code] = true
	}
	city := map[domain.Period]float64{}
	sum := map[domain.Period]float64{}
	for _, o := range obs {
		if o.Indicator != "industry.output_value" {
			continue
		}
		if o.OrgUnit == domain.CityCode {
			city[o.Period] = o.Value
		} else if districts[o.OrgUnit] {
			sum[o.Period] += o.Value
		}
	}
	if len(city) == 0 {
		t.Fatal("no city output values")
	}
	for p, c := range city {
		if sum[p] == 0 {
			t.Errorf("%s: no district values", p)
			continue
		}
		if rest := (c - sum[p]) / c; rest < 0.03 {
			t.Errorf("%s: districts sum to %g of city %g; the 其他/市直 remainder (%.1f%%) is missing", p, sum[p], c, rest*100)
		}
	}
}

func TestOneDistrictIsLate(t *testing.T) {
	cat, obs := generate(t, 1)
	has := map[string]bool{}
	for _, o := range obs {
		if o.Indicator == "industry.output_value" && o.Period.Year == 2024 && o.Period.To == 11 {
			has[o.OrgUnit] = true
		}
	}
	for _, u := range cat.UnitsOfKind(domain.KindDistrict) {
		if late := u.Code == demo.LateDistrict; has[u.Code] == late {
			t.Errorf("%s (%s): has 2024-11 data = %v, want %v", u.Name, u.Code, has[u.Code], !late)
		}
	}
}

// status judges a target simply: flows and stocks by completion against
// months/12 (5 百分点 amber band), rates by distance from the target in
// 百分点 (1 百分点 amber band), milestones by stage.
func status(t *testing.T, cat *domain.Catalogue, tg domain.Target, series []domain.Observation) string {
	t.Helper()
	ind, _ := cat.Indicator(tg.Indicator)
	var cur []domain.Observation
	var lastBase float64
	for _, o := range series {
		if o.Period.Year == 2024 {
			cur = append(cur, o)
		} else if o.Period.To == 12 {
			lastBase = o.Value
		}
	}
	if len(cur) == 0 {
		return "grey"
	}
	latest := cur[len(cur)-1]
	progress := float64(latest.Period.To) / 12
	band := func(d, amber float64) string {
		switch {
		case d >= 0:
			return "green"
		case d >= -amber:
			return "amber"
		}
		return "red"
	}
	switch ind.Kind {
	case domain.Flow, domain.Stock:
		v := latest.Value
		if ind.Kind == domain.Flow && ind.Reporting == domain.ValuePeriod {
			v = 0
			for _, o := range cur {
				v += o.Value
			}
		}
		return band((v/tg.Value-progress)*100, 5)
	case domain.Rate:
		d := latest.Value - tg.Value
		switch tg.Comparator {
		case domain.Approx:
			return band(*tg.Tolerance-math.Abs(d), 1)
		case domain.DeltaPP:
			d = latest.Value - lastBase - tg.Value
		}
		return band(d, 1)
	case domain.Milestone:
		return band(latest.Value-tg.Value, 1)
	}
	t.Fatalf("unexpected kind %s", ind.Kind)
	return ""
}

func TestEveryStatusArises(t *testing.T) {
	for _, seed := range []int64{1, 2, 42} {
		cat, obs := generate(t, seed)
		ix := index(obs)
		count := map[string]int{}
		got := map[string]string{}
		for _, tg := range cat.Targets {
			if ind, _ := cat.Indicator(tg.Indicator); ind.Kind == domain.TierCount {
				continue
			}
			s := status(t, cat, tg, ix[[2]string{tg.Indicator, tg.OrgUnit}])
			count[s]++
			got[tg.Indicator] = s
		}
		for _, s := range []string{"green", "amber", "red", "grey"} {
			if count[s] == 0 {
				t.Errorf("seed %d: no target is %s (counts %v)", seed, s, count)
			}
		}
		// The headline story holds for every seed.
		for code, want := range map[string]string{
			"industry.output_value":               "green",
			"industry.value_added_growth":         "amber",
			"rare_earth.output_value":             "red",
			"environment.solid_waste_utilization": "red",
			demo.NoDataIndicator:                  "grey",
		} {
			if got[code] != want {
				t.Errorf("seed %d: %s is %s, want %s", seed, code, got[code], want)
			}
		}
	}
}

func TestParkTiersPartlyMeetThePlan(t *testing.T) {
	cat, obs := generate(t, 1)
	latest := map[string]domain.Observation{}
	for _, o := range obs {
		if o.Indicator != "parks.output_value" || o.OrgUnit == domain.CityCode || o.Period.Year != 2024 {
			continue
		}
		if prev, ok := latest[o.OrgUnit]; !ok || prev.Period.Before(o.Period) {
			latest[o.OrgUnit] = o
		}
	}
	if len(latest) < 10 {
		t.Fatalf("only %d parks report output", len(latest))
	}
	met, missed := 0, 0
	for _, tg := range cat.Targets {
		ind, _ := cat.Indicator(tg.Indicator)
		if ind.Kind != domain.TierCount {
			continue
		}
		n := 0
		for _, o := range latest {
			if o.Value >= ind.TierMin && (ind.TierMax == 0 || o.Value < ind.TierMax) {
				n++
			}
		}
		if float64(n) >= tg.Value {
			met++
		} else {
			missed++
		}
	}
	if met == 0 || missed == 0 {
		t.Errorf("tiers met %d, missed %d; want some of each", met, missed)
	}
}

// TestDemoRegister: the demo register loads against the built-in catalogue,
// lists as many projects as each list target counts, names the plan's two
// metals projects, and its projects report their stage this year only.
func TestDemoRegister(t *testing.T) {
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := demo.Register(cat)
	if err != nil {
		t.Fatal(err)
	}
	perList := map[string]int{}
	names := map[string]bool{}
	for _, u := range reg.OrgUnits {
		names[u.Name] = true
		if u.Kind != domain.KindProject || u.Parent == "" {
			t.Errorf("%s: kind %s parent %q", u.Code, u.Kind, u.Parent)
		}
	}
	for _, tg := range reg.Targets {
		if ind, _ := cat.Indicator(tg.Indicator); ind.Kind == domain.Milestone {
			perList[tg.Indicator]++
		}
	}
	for _, l := range []struct {
		stage string
		n     int
	}{{"metals.project_stage", 16}, {"polymer.project_stage", 7}, {"parks.infrastructure_stage", 103},
		{"green.energy_saving_stage", 25}, {"green.water_saving_stage", 13}} {
		if perList[l.stage] != l.n {
			t.Errorf("%s: %d projects, want %d", l.stage, perList[l.stage], l.n)
		}
	}
	for _, n := range []string{"华北铝业年产7.1万吨板带箔项目", "中皓至晟合金材料8.5万吨特种合金项目"} {
		if !names[n] {
			t.Errorf("demo register lacks %s", n)
		}
	}
	obs := demo.Generate(cat.WithProjects(reg), demo.Options{Seed: 1, Through: domain.Month(2024, 11)})
	stages := 0
	for _, o := range obs {
		if o.OrgUnit != "XM-JS-001" {
			continue
		}
		if o.Period.Year != 2024 || o.Indicator != "metals.project_stage" || o.Value < 1 || o.Value > 4 {
			t.Errorf("unexpected project report %+v", o)
		}
		stages++
	}
	if stages != 11 {
		t.Errorf("XM-JS-001 reported %d months, want 11", stages)
	}
}
