package seeds_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/seeds"
)

func builtin(t *testing.T) *domain.Catalogue {
	t.Helper()
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatalf("Builtin(2024): %v", err)
	}
	return cat
}

func target(t *testing.T, cat *domain.Catalogue, code string) domain.Target {
	t.Helper()
	for _, tg := range cat.Targets {
		if tg.Indicator == code {
			return tg
		}
	}
	t.Fatalf("no target for %s", code)
	return domain.Target{}
}

func TestBuiltinFixedTargets(t *testing.T) {
	cat := builtin(t)
	tests := []struct {
		code       string
		kind       domain.MeasureKind
		unit       string
		comparator domain.Comparator
		value      float64
		aspiration bool
	}{
		{"industry.value_added_growth", domain.Rate, "%", domain.AtLeast, 15, false},
		{"industry.output_value", domain.Flow, "亿元", domain.AtLeast, 6000, true},
		{"rare_earth.output_value", domain.Flow, "亿元", domain.AtLeast, 1000, true},
		{"silicon.output_value", domain.Flow, "亿元", domain.AtLeast, 2000, true},
		{"parks.output_value", domain.Flow, "亿元", domain.AtLeast, 6500, false},
		{"industry.fixed_asset_investment_growth", domain.Rate, "%", domain.Approx, 30, false},
		{"enterprises.new_above_scale", domain.Flow, "户", domain.AtLeast, 100, false},
		{"environment.solid_waste_utilization", domain.Rate, "%", domain.DeltaPP, 2, true},
		{"parks.tier_1000", domain.TierCount, "个", domain.AtLeast, 3, false},
		{"parks.tier_500", domain.TierCount, "个", domain.AtLeast, 2, false},
		{"parks.tier_300", domain.TierCount, "个", domain.AtLeast, 2, false},
		{"parks.tier_200", domain.TierCount, "个", domain.AtLeast, 1, false},
		{"parks.tier_100", domain.TierCount, "个", domain.AtLeast, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			ind, ok := cat.Indicator(tc.code)
			if !ok {
				t.Fatalf("indicator %s missing", tc.code)
			}
			if ind.Kind != tc.kind || ind.Unit != tc.unit {
				t.Errorf("indicator = %s %s, want %s %s", ind.Kind, ind.Unit, tc.kind, tc.unit)
			}
			tg := target(t, cat, tc.code)
			if tg.Comparator != tc.comparator || tg.Value != tc.value || tg.Aspiration != tc.aspiration {
				t.Errorf("target = %s %g 力争=%v, want %s %g 力争=%v", tg.Comparator, tg.Value, tg.Aspiration, tc.comparator, tc.value, tc.aspiration)
			}
			if tg.OrgUnit != domain.CityCode {
				t.Errorf("org unit = %s, want the city", tg.OrgUnit)
			}
			if !strings.ContainsAny(tg.SourceQuote, "0123456789") {
				t.Errorf("source quote %q has no number", tg.SourceQuote)
			}
		})
	}
}

func TestBuiltinDetails(t *testing.T) {
	cat := builtin(t)
	t.Run("value added growth is the statistics bureau's comparable-price YTD rate", func(t *testing.T) {
		ind, _ := cat.Indicator("industry.value_added_growth")
		if ind.SourceOrgan != "统计局" || ind.PriceBasis != "可比价" || ind.Reporting != domain.ValueYTD {
			t.Errorf("got organ %q price %q reporting %q", ind.SourceOrgan, ind.PriceBasis, ind.Reporting)
		}
	})
	t.Run("approx investment growth carries a tolerance", func(t *testing.T) {
		tg := target(t, cat, "industry.fixed_asset_investment_growth")
		if tg.Tolerance == nil || *tg.Tolerance != 2 {
			t.Errorf("tolerance = %v, want 2", tg.Tolerance)
		}
	})
	t.Run("park tiers are exclusive bands over park output", func(t *testing.T) {
		want := map[string][2]float64{
			"parks.tier_1000": {1000, 0}, "parks.tier_500": {500, 1000}, "parks.tier_300": {300, 500},
			"parks.tier_200": {200, 300}, "parks.tier_100": {100, 200},
		}
		for code, b := range want {
			ind, _ := cat.Indicator(code)
			if ind.TierOf != "parks.output_value" || ind.TierMin != b[0] || ind.TierMax != b[1] {
				t.Errorf("%s: tier of %q [%g,%g), want parks.output_value [%g,%g)", code, ind.TierOf, ind.TierMin, ind.TierMax, b[0], b[1])
			}
		}
	})
	t.Run("at least 60 targets, each once, with quote and section", func(t *testing.T) {
		if len(cat.Targets) < 60 {
			t.Fatalf("%d targets, want >= 60", len(cat.Targets))
		}
		seen := map[string]bool{}
		for _, tg := range cat.Targets {
			if seen[tg.Key()] {
				t.Errorf("target %s twice", tg.Key())
			}
			seen[tg.Key()] = true
			if tg.SourceQuote == "" || tg.Section == "" {
				t.Errorf("%s: quote %q section %q", tg.Indicator, tg.SourceQuote, tg.Section)
			}
		}
	})
	t.Run("targets are revision 1 recorded at the approval date", func(t *testing.T) {
		want := time.Date(2024, 2, 8, 0, 0, 0, 0, domain.Beijing)
		for _, tg := range cat.Targets {
			if tg.Revision != 1 || tg.RevisionKind != domain.RevisionInitial || !tg.RecordedAt.Equal(want) {
				t.Fatalf("%s: revision %d %s at %v", tg.Indicator, tg.Revision, tg.RevisionKind, tg.RecordedAt)
			}
		}
	})
	t.Run("reloading gives identical targets", func(t *testing.T) {
		again := builtin(t)
		for i := range cat.Targets {
			if !cat.Targets[i].SameContent(again.Targets[i]) || !cat.Targets[i].RecordedAt.Equal(again.Targets[i].RecordedAt) {
				t.Fatalf("target %d differs on reload", i)
			}
		}
	})
	t.Run("org units: city, nine districts, the zone and ten parks inside districts", func(t *testing.T) {
		if u, ok := cat.OrgUnit("150200"); !ok || u.Name != "包头市" || u.Kind != domain.KindCity {
			t.Errorf("city = %+v", u)
		}
		if n := len(cat.UnitsOfKind(domain.KindDistrict)); n != 9 {
			t.Errorf("%d districts, want 9", n)
		}
		if u, ok := cat.OrgUnit("150271"); !ok || u.Kind != domain.KindZone || u.ShortName != "稀土高新区" {
			t.Errorf("zone = %+v", u)
		}
		parks := cat.UnitsOfKind(domain.KindPark)
		if len(parks) < 10 {
			t.Errorf("%d parks, want >= 10", len(parks))
		}
		for _, p := range parks {
			parent, ok := cat.OrgUnit(p.Parent)
			if !ok || parent.Kind != domain.KindDistrict {
				t.Errorf("park %s: parent %q is not a district", p.Name, p.Parent)
			}
		}
		ix := domain.NewUnitIndex(cat.OrgUnits)
		for _, name := range []string{"昆区", "土右旗", "达茂旗", "金山经济开发区", "达茂零碳园区", "土右新型工业园区", "昆都仑经济技术开发区"} {
			if _, ok := ix.Lookup(name); !ok {
				t.Errorf("%s not found by name", name)
			}
		}
	})
	t.Run("a zone target goes to 稀土高新区", func(t *testing.T) {
		tg := target(t, cat, "rare_earth.motor_park_output")
		if tg.OrgUnit != "150271" || tg.Value != 50 {
			t.Errorf("got %s %g", tg.OrgUnit, tg.Value)
		}
	})
	t.Run("milestones target the 建成投产 stage", func(t *testing.T) {
		ind, _ := cat.Indicator("rare_earth.green_smelting_project")
		tg := target(t, cat, "rare_earth.green_smelting_project")
		if ind.Kind != domain.Milestone || ind.Stages[int(tg.Value)-1] != "建成投产" {
			t.Errorf("stage %g of %v", tg.Value, ind.Stages)
		}
	})
}

func TestBuiltinYears(t *testing.T) {
	if got := seeds.BuiltinYears(); !reflect.DeepEqual(got, []int{2024}) {
		t.Errorf("BuiltinYears() = %v", got)
	}
	if _, err := seeds.Builtin(2031); err == nil || !strings.Contains(err.Error(), "2031") {
		t.Errorf("Builtin(2031) error = %v, want one naming the year", err)
	}
}

const bom = "\uFEFF"

const orgCSV = bom + "单位代码 code,单位名称 name,简称 short_name,类型 kind,上级单位 parent\n" +
	"150200,包头市,包头,city,\n" +
	"150203,昆都仑区,昆区,district,150200\n" +
	"P1,昆都仑经济技术开发区,,park,150203\n"

const indCSV = bom + "指标代码 indicator,指标名称 name,计量单位 unit,类型 kind,方向 direction,报送方式 reporting,分解到 breakdown,梯次依据指标 tier_of,梯次下限 tier_min,梯次上限 tier_max,节点阶段 stages\n" +
	"industry.output_value,规上工业总产值,亿元,flow,higher,累计,district,,,,\n" +
	"industry.growth,规上工业增加值增速,%,rate,higher,累计,,,,,\n" +
	"parks.output_value,园区工业总产值,亿元,flow,higher,累计,park,,,,\n" +
	"parks.tier_1000,超千亿元园区,个,tier_count,higher,累计,,parks.output_value,1000,,\n" +
	"p.project,某项目,阶段,milestone,higher,当月,,,,,前期;开工;建设;建成投产\n"

const tgtHeader = bom + "指标代码 indicator,地区/单位 org_unit,比较方式 comparator,目标值 value,上限 value_high,允许偏差 tolerance,力争 aspiration,原文 source_quote,章节 section\n"

const tgtOK = "industry.output_value,包头市,>=,6000,,,是,规上工业总产值力争 6000 亿元,总体\n" +
	"industry.output_value,昆区,>=,1500,,,否,昆区产值1500亿元,总体\n" +
	"industry.growth,,approx,15,,1,否,增速15%左右,总体\n" +
	"parks.tier_1000,,>=,3,,,否,3 个超千亿元园区,园区\n"

func catalogueFS(org, ind, tgt string) fstest.MapFS {
	return fstest.MapFS{
		"org_units.csv":    {Data: []byte(org)},
		"indicators.csv":   {Data: []byte(ind)},
		"targets_2024.csv": {Data: []byte(tgt)},
	}
}

func TestLoadAcceptsAValidCatalogue(t *testing.T) {
	cat, err := seeds.Load(catalogueFS(orgCSV, indCSV, tgtHeader+tgtOK), 2024)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(cat.Targets) != 4 || cat.Targets[1].OrgUnit != "150203" {
		t.Fatalf("targets = %+v", cat.Targets)
	}
	t.Run("english-only headers work too", func(t *testing.T) {
		eng := "indicator,org_unit,comparator,value,value_high,tolerance,aspiration,source_quote,section\n" + tgtOK
		if _, err := seeds.Load(catalogueFS(orgCSV, indCSV, eng), 2024); err != nil {
			t.Fatalf("Load: %v", err)
		}
	})
	t.Run("a quarterly plan (分季计划) expands to month ends, nothing due before the first quarter end", func(t *testing.T) {
		csv := bom + "指标代码,目标值,比较方式,原文,分月计划\nindustry.output_value,6000,>=,6000亿元,10%;40%;70%;100%\n"
		cat, err := seeds.Load(catalogueFS(orgCSV, indCSV, csv), 2024)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		want := []float64{0, 0, 0.1, 0.1, 0.1, 0.4, 0.4, 0.4, 0.7, 0.7, 0.7, 1}
		got := cat.Targets[0].Phasing
		if len(got) != 12 {
			t.Fatalf("phasing %v", got)
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Fatalf("phasing %v, want %v", got, want)
			}
		}
	})
	t.Run("a unit column converts 万元 to the indicator's 亿元", func(t *testing.T) {
		csv := bom + "指标代码,目标值,计量单位,比较方式,原文\nindustry.output_value,60000000,万元,>=,6000亿元\n"
		cat, err := seeds.Load(catalogueFS(orgCSV, indCSV, csv), 2024)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if v := cat.Targets[0].Value; v != 6000 {
			t.Errorf("value = %g 亿元, want 6000", v)
		}
	})
}

// TestLoadRejects checks that each kind of mistake is reported with the file,
// the spreadsheet row (header = row 1) and the column it is in.
func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name string
		org  string
		ind  string
		tgt  string
		want []string // every fragment must appear in one problem line
	}{
		{
			name: "unknown unit",
			ind:  indCSV + "x.y,某指标,公斤,flow,higher,当月,,,,,\n",
			want: []string{"indicators.csv 第7行 C列（计量单位 unit）", "未知单位“公斤”"},
		},
		{
			name: "duplicate indicator code",
			ind:  indCSV + "industry.growth,重复,%,rate,higher,累计,,,,,\n",
			want: []string{"indicators.csv 第7行 A列（指标代码 indicator）", "与第3行重复"},
		},
		{
			name: "duplicate target",
			tgt:  tgtHeader + tgtOK + "industry.output_value,150200,>=,6100,,,否,又一个,总体\n",
			want: []string{"targets_2024.csv 第6行 A列（指标代码 indicator）", "与第2行重复"},
		},
		{
			name: "target for an unknown indicator",
			tgt:  tgtHeader + tgtOK + "silicon.output_value,,>=,2000,,,否,硅产业2000亿元,总体\n",
			want: []string{"targets_2024.csv 第6行 A列（指标代码 indicator）", "“silicon.output_value”不在指标表"},
		},
		{
			name: "target for an unknown org unit",
			tgt:  tgtHeader + tgtOK + "parks.output_value,青山园区,>=,200,,,否,青山200亿元,园区\n",
			want: []string{"targets_2024.csv 第6行 B列（地区/单位 org_unit）", "“青山园区”不在单位表"},
		},
		{
			name: "missing source quote",
			tgt:  tgtHeader + "industry.output_value,,>=,6000,,,是,,总体\n",
			want: []string{"targets_2024.csv 第2行 H列（原文 source_quote）", "缺少工作要点原文"},
		},
		{
			name: "comparator that does not fit the kind",
			tgt:  tgtHeader + "industry.output_value,,delta_pp,2,,,否,提高2个百分点,总体\n",
			want: []string{"targets_2024.csv 第2行 C列（比较方式 comparator）", "不适用于流量（可累计）指标"},
		},
		{
			name: "approx without tolerance",
			tgt:  tgtHeader + "industry.growth,,左右,15,,,否,15%左右,总体\n",
			want: []string{"targets_2024.csv 第2行 F列（允许偏差 tolerance）", "须填写允许偏差"},
		},
		{
			name: "range without upper bound",
			tgt:  tgtHeader + "parks.tier_1000,,range,3,,,否,3-5个,总体\n",
			want: []string{"targets_2024.csv 第2行 E列（上限 value_high）", "须填写上限"},
		},
		{
			name: "milestone stage out of range",
			tgt:  tgtHeader + "p.project,,>=,7,,,否,建成投产,总体\n",
			want: []string{"targets_2024.csv 第2行 D列（目标值 value）", "阶段序号 1-4"},
		},
		{
			name: "tier_count pointing to an unknown indicator",
			ind:  indCSV + "parks.tier_500,超500亿元园区,个,tier_count,higher,累计,,parks.outputvalue,500,1000,\n",
			want: []string{"indicators.csv 第7行 H列（梯次依据指标 tier_of）", "“parks.outputvalue”不在指标表中"},
		},
		{
			name: "target value not a number",
			tgt:  tgtHeader + "industry.output_value,,>=,六千,,,否,6000亿元,总体\n",
			want: []string{"targets_2024.csv 第2行 D列（目标值 value）", "“六千”不是数字"},
		},
		{
			name: "district target on an indicator without district breakdown",
			tgt:  tgtHeader + "industry.growth,昆区,>=,15,,,否,15%,总体\n",
			want: []string{"targets_2024.csv 第2行 B列（地区/单位 org_unit）", "没有分解到旗县区"},
		},
		{
			name: "unknown parent of an org unit",
			org:  orgCSV + "P2,某园区,,park,150299\n",
			want: []string{"org_units.csv 第5行 E列（上级单位 parent）", "“150299”不在本表中"},
		},
		{
			name: "missing required column",
			tgt:  bom + "指标代码 indicator,比较方式 comparator,目标值 value\nindustry.output_value,>=,6000\n",
			want: []string{"targets_2024.csv 第1行", "缺少必填列“原文 source_quote”"},
		},
		{
			name: "blank and comment rows keep spreadsheet row numbers",
			tgt:  tgtHeader + ",,,,,,,,\n# 说明行\nindustry.output_value,,>=,6000,,,是,,总体\n",
			want: []string{"targets_2024.csv 第4行 H列（原文 source_quote）"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			org, ind, tgt := orgCSV, indCSV, tgtHeader+tgtOK
			if tc.org != "" {
				org = tc.org
			}
			if tc.ind != "" {
				ind = tc.ind
			}
			if tc.tgt != "" {
				tgt = tc.tgt
			}
			_, err := seeds.Load(catalogueFS(org, ind, tgt), 2024)
			var ce *seeds.Error
			if !errors.As(err, &ce) {
				t.Fatalf("Load error = %v, want *seeds.Error", err)
			}
			for _, p := range ce.Problems {
				line := p.String()
				all := true
				for _, w := range tc.want {
					all = all && strings.Contains(line, w)
				}
				if all {
					return
				}
			}
			t.Errorf("no problem line contains all of %q; got:\n%v", tc.want, err)
		})
	}
}

func TestLoadCollectsAllProblems(t *testing.T) {
	tgt := tgtHeader +
		"industry.output_value,,>=,6000,,,是,,总体\n" +
		"nope.code,,>=,1,,,否,原文1,总体\n" +
		"industry.output_value,,大约,6000,,,否,原文,总体\n"
	_, err := seeds.Load(catalogueFS(orgCSV, indCSV, tgt), 2024)
	var ce *seeds.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error = %v", err)
	}
	rows := map[int]bool{}
	for _, p := range ce.Problems {
		rows[p.Row] = true
	}
	for _, r := range []int{2, 3, 4} {
		if !rows[r] {
			t.Errorf("no problem reported on row %d; got:\n%v", r, err)
		}
	}
}

func TestLoadMissingTargetsFileExplainsWhatToDo(t *testing.T) {
	fsys := catalogueFS(orgCSV, indCSV, tgtHeader+tgtOK)
	_, err := seeds.Load(fsys, 2025)
	if err == nil || !strings.Contains(err.Error(), "targets_2025.csv") || !strings.Contains(msg.Text(err), "复制") {
		t.Errorf("error = %v, want one naming targets_2025.csv and saying to copy last year's file", err)
	}
}

func TestLoadReadsGBKFromOlderExcel(t *testing.T) {
	// "指标代码,比较方式,目标值,原文\nindustry.output_value,>=,6000,产值6000亿元\n" in GB18030.
	gbk := []byte("\xd6\xb8\xb1\xea\xb4\xfa\xc2\xeb,\xb1\xc8\xbd\xcf\xb7\xbd\xca\xbd,\xc4\xbf\xb1\xea\xd6\xb5,\xd4\xad\xce\xc4\n" +
		"industry.output_value,>=,6000,\xb2\xfa\xd6\xb56000\xd2\xda\xd4\xaa\n")
	fsys := catalogueFS(orgCSV, indCSV, "")
	fsys["targets_2024.csv"] = &fstest.MapFile{Data: gbk}
	cat, err := seeds.Load(fsys, 2024)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := cat.Targets[0].SourceQuote; got != "产值6000亿元" {
		t.Errorf("quote = %q", got)
	}
}

func TestBuiltinReportFormsCoverEveryDistrict(t *testing.T) {
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range cat.OrgUnits {
		if u.Kind != domain.KindDistrict && u.Kind != domain.KindZone {
			continue
		}
		var has bool
		for _, f := range forms {
			for _, l := range f.LinesFor(u) {
				has = has || l.Indicator == "industry.output_value"
			}
			if f.DueDay != 5 {
				t.Errorf("form %s due on day %d, want 5", f.Code, f.DueDay)
			}
		}
		if !has {
			t.Errorf("%s has no form with 规上工业总产值", u.Name)
		}
	}
}

// TestParkOutputIsParkScope: 全市工业园区工业总产值 is 园区口径, not the
// city's 规上 total.
func TestParkOutputIsParkScope(t *testing.T) {
	cat := builtin(t)
	parks, _ := cat.Indicator("parks.output_value")
	city, _ := cat.Indicator("industry.output_value")
	if parks.Scope != "园区口径" || city.Scope != "规上" {
		t.Errorf("scopes: parks %q, city %q; want 园区口径 and 规上", parks.Scope, city.Scope)
	}
}
