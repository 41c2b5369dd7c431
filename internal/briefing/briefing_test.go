package briefing_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"industrydash/internal/briefing"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/seeds"
	"industrydash/seeds/demo"
)

func findItem(t *testing.T, b *briefing.Briefing, code string) briefing.Item {
	t.Helper()
	for _, it := range b.Targets {
		if it.Indicator.Code == code {
			return it
		}
	}
	t.Fatalf("briefing has no target %s", code)
	return briefing.Item{}
}

// engineSentence is what the progress engine itself says about one city
// series: the reference the briefing must reproduce word for word.
func engineSentence(t *testing.T, code string, month int, obs ...domain.Observation) string {
	t.Helper()
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	ind, ok := cat.Indicator(code)
	if !ok {
		t.Fatalf("no indicator %s", code)
	}
	var tg *domain.Target
	for i := range cat.Targets {
		if cat.Targets[i].Indicator == code && cat.Targets[i].OrgUnit == domain.CityCode {
			tg = &cat.Targets[i]
		}
	}
	s := progress.BuildSeries(ind, domain.CityCode, 2024, obs)
	a := progress.Assess(ind, tg, s, nil, month, progress.DefaultConfig())
	return ind.Name + progress.Describe(ind, a)
}

func TestComposeRareEarthMay(t *testing.T) {
	_, _, b := rareEarthMay(t)
	obs := ytd("rare_earth.output_value", domain.CityCode, 5, 452, composedAt, "")

	checks := []struct {
		name      string
		got, want string
	}{
		{"title", b.Title, "2024年1—5月全市工业经济运行简报"},
		{"sentence matches the engine", findItem(t, b, "rare_earth.output_value").Sentence,
			engineSentence(t, "rare_earth.output_value", 5, obs)},
		{"headline says the growth figure is missing", b.Headline, "1—5月，全市规模以上工业增加值增速暂无数据，本简报不作推算。"},
		{"as-of label", b.AsOfLabel(), "2024年6月15日 10:30"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got  %q\nwant %q", c.got, c.want)
			}
		})
	}

	it := findItem(t, b, "rare_earth.output_value")
	for _, want := range []string{"稀土产业产值1—5月累计452.0亿元", "完成年度目标的45.2%", "超序时进度3.5个百分点"} {
		if !strings.Contains(it.Sentence, want) {
			t.Errorf("rare-earth sentence %q lacks %q", it.Sentence, want)
		}
	}
	if strings.Contains(it.Sentence, "剩余") {
		t.Errorf("rare-earth sentence %q gives a required pace although it is ahead", it.Sentence)
	}
	if it.GapText != "超序时进度3.5个百分点" || it.TargetText != "力争1000亿元" || it.ValueText != "452.0亿元" {
		t.Errorf("table cells: gap %q target %q value %q", it.GapText, it.TargetText, it.ValueText)
	}
	if !b.AsOf.Equal(composedAt) {
		t.Errorf("AsOf %v, want the composition time %v", b.AsOf, composedAt)
	}
	if b.Demo {
		t.Error("no demo data loaded, yet the briefing says 示例数据")
	}
	if b.Counts.Green != 1 || b.Counts.Red != 0 || b.Counts.Amber != 0 || b.Counts.Grey != b.Counts.Total()-1 {
		t.Errorf("counts %+v: want one green, the rest grey", b.Counts)
	}
	if len(b.Lagging) != 0 {
		t.Errorf("lagging %v, want none: the only figure is ahead of time progress", b.Lagging)
	}
	if len(b.Sections) == 0 || b.Sections[0].Chain == "" {
		t.Fatal("no sections")
	}
	var withItems []string
	for _, s := range b.Sections {
		if len(s.Items) > 0 {
			withItems = append(withItems, s.Chain)
		}
	}
	if strings.Join(withItems, ",") != "稀土" {
		t.Errorf("sections with figures %v, want only 稀土", withItems)
	}
	c := b.Completeness
	if c.WithData != 1 || len(c.None) != c.Total-1 || len(c.Stale) != 0 {
		t.Errorf("completeness %d with data, %d none, %d stale of %d", c.WithData, len(c.None), len(c.Stale), c.Total)
	}
	if !strings.HasPrefix(c.Sentence, "本期纳入监测的") || !strings.Contains(c.Sentence, "1项已有1—5月数据") ||
		!strings.Contains(c.Sentence, "项暂无数据：规模以上工业增加值增速") {
		t.Errorf("completeness sentence %q", c.Sentence)
	}
	if len(b.Footnotes) != 1 || b.Footnotes[0].Text != "含新投产企业产值，已与统计局核对" ||
		!strings.Contains(b.Footnotes[0].Subject, "稀土产业产值") || len(it.Notes) != 1 || it.Notes[0] != 1 {
		t.Errorf("footnotes %+v, item notes %v: want the observation's note as footnote 1", b.Footnotes, it.Notes)
	}
	if len(b.Chart) != 1 || b.Chart[0].Label != "稀土产业产值" || progress.Round1(b.Chart[0].CompletionPct) != 45.2 {
		t.Errorf("chart %+v", b.Chart)
	}
}

func TestPublishedPhrasing(t *testing.T) {
	june := time.Date(2024, 7, 10, 9, 0, 0, 0, domain.Beijing)
	cases := []struct {
		name   string
		month  int
		obs    []domain.Observation
		adjust *domain.Target // a 年中调整 revision, if any
		code   string         // item to check ("" checks the headline)
		want   string
	}{
		{name: "56.6% at June", month: 6,
			obs:  []domain.Observation{ytd("rare_earth.output_value", domain.CityCode, 6, 566, june, "")},
			code: "rare_earth.output_value", want: "完成年度目标的56.6%，超序时进度6.6个百分点"},
		{name: "45.2% at May", month: 5,
			obs:  []domain.Observation{ytd("rare_earth.output_value", domain.CityCode, 5, 452, june, "")},
			code: "rare_earth.output_value", want: "完成年度目标的45.2%，超序时进度3.5个百分点"},
		{name: "13% against an adjusted 9%", month: 6,
			obs: []domain.Observation{rate("industry.value_added_growth", 6, 13, june)},
			adjust: &domain.Target{Year: 2024, Indicator: "industry.value_added_growth", OrgUnit: domain.CityCode,
				Comparator: domain.AtLeast, Value: 9, SourceQuote: "规上工业增加值增长9%", Section: "总体目标",
				RevisionKind: domain.RevisionAdjusted, RecordedAt: time.Date(2024, 7, 1, 0, 0, 0, 0, domain.Beijing)},
			want: "1—6月，全市规上工业增加值同比增长13.0%，高于目标4个百分点。"},
		{name: "13% against the plan's 15%", month: 6,
			obs:  []domain.Observation{rate("industry.value_added_growth", 6, 13, june)},
			want: "1—6月，全市规上工业增加值同比增长13.0%，低于目标2个百分点。"},
		{name: "growth lagging the period", month: 6,
			obs: []domain.Observation{rate("industry.value_added_growth", 5, 15.5, june),
				ytd("rare_earth.output_value", domain.CityCode, 6, 566, june, "")},
			want: "1—5月，全市规上工业增加值同比增长15.5%，高于目标0.5个百分点（6月数据尚未发布）。"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := openStore(t)
			if c.adjust != nil {
				if _, err := st.AddTargets(context.Background(), []domain.Target{*c.adjust}); err != nil {
					t.Fatal(err)
				}
			}
			appendObs(t, st, c.obs...)
			svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
			b, err := briefing.Compose(context.Background(), svc, monitor.Query{Year: 2024, Month: c.month},
				briefing.Options{Now: func() time.Time { return june.Add(time.Hour) }})
			if err != nil {
				t.Fatal(err)
			}
			got := b.Headline
			if c.code != "" {
				got = findItem(t, b, c.code).Sentence
				if !strings.Contains(got, c.want) {
					t.Fatalf("got %q, want it to contain %q", got, c.want)
				}
				return
			}
			if got != c.want {
				t.Fatalf("headline\ngot  %q\nwant %q", got, c.want)
			}
		})
	}
}

func rate(code string, month int, v float64, at time.Time) domain.Observation {
	return domain.Observation{Indicator: code, OrgUnit: domain.CityCode, Period: domain.YTD(2024, month), ValueType: domain.ValueYTD,
		Value: v, SubmittedValue: v, SubmittedUnit: "%", Source: "test", BatchID: "b-test", RecordedAt: at, RecordedBy: "tester"}
}

// TestReproducibleAsOf: a briefing regenerated with its recorded AsOf gives
// the same numbers after a later correction; a fresh one shows the correction.
func TestReproducibleAsOf(t *testing.T) {
	st, svc, first := rareEarthMay(t)
	ctx := context.Background()
	corrected := composedAt.Add(5 * 24 * time.Hour)
	appendObs(t, st, ytd("rare_earth.output_value", domain.CityCode, 5, 500, corrected, "更正：补报两户企业"))

	again, err := briefing.Compose(ctx, svc, first.Query(), briefing.Options{Observations: st,
		Now: func() time.Time { return corrected.Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := briefing.Compose(ctx, svc, monitor.Query{Year: 2024, Month: 5}, briefing.Options{Observations: st,
		Now: func() time.Time { return corrected.Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		b    *briefing.Briefing
		want string
		note string
	}{
		{"regenerated as of the first composition", again, "完成年度目标的45.2%，超序时进度3.5个百分点", "含新投产企业产值，已与统计局核对"},
		{"composed after the correction", fresh, "完成年度目标的50.0%，超序时进度8.3个百分点", "更正：补报两户企业"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := findItem(t, c.b, "rare_earth.output_value").Sentence
			if !strings.Contains(s, c.want) {
				t.Errorf("sentence %q lacks %q", s, c.want)
			}
			if len(c.b.Footnotes) != 1 || c.b.Footnotes[0].Text != c.note {
				t.Errorf("footnotes %+v, want the note %q", c.b.Footnotes, c.note)
			}
		})
	}
	if findItem(t, again, "rare_earth.output_value").Sentence != findItem(t, first, "rare_earth.output_value").Sentence ||
		again.Headline != first.Headline || again.Completeness.Sentence != first.Completeness.Sentence || !again.AsOf.Equal(first.AsOf) {
		t.Error("regenerating with the recorded AsOf changed the briefing")
	}
}

func TestCompletenessNamesStaleAndMissing(t *testing.T) {
	st := openStore(t)
	at := time.Date(2024, 6, 10, 9, 0, 0, 0, domain.Beijing)
	appendObs(t, st,
		ytd("rare_earth.output_value", domain.CityCode, 5, 452, at, ""),
		ytd("silicon.output_value", domain.CityCode, 4, 600, at, ""))
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	b, err := briefing.Compose(context.Background(), svc, monitor.Query{Year: 2024, Month: 5},
		briefing.Options{Now: func() time.Time { return composedAt }})
	if err != nil {
		t.Fatal(err)
	}
	c := b.Completeness
	if c.WithData != 1 || len(c.Stale) != 1 || c.Stale[0].Name != "硅产业产值" || c.Stale[0].Month != 4 {
		t.Fatalf("completeness %+v: want rare earth current, silicon stale at April", c)
	}
	if !strings.Contains(c.Sentence, "1项数据滞后于本期：硅产业产值（截至4月）") {
		t.Errorf("sentence %q does not name the stale target", c.Sentence)
	}
	if s := findItem(t, b, "silicon.output_value").Sentence; !strings.HasPrefix(s, "硅产业产值1—4月累计600.0亿元") {
		t.Errorf("stale target's sentence %q should state its own period", s)
	}
}

func TestDemoBriefing(t *testing.T) {
	st := openStore(t)
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	appendObs(t, st, demo.Generate(cat, demo.Options{Seed: 1, Through: domain.Month(2024, 10)})...)
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	b, err := briefing.Compose(context.Background(), svc, monitor.Query{}, briefing.Options{Observations: st,
		Now: func() time.Time { return time.Date(2024, 11, 20, 9, 0, 0, 0, domain.Beijing) }})
	if err != nil {
		t.Fatal(err)
	}
	if b.Title != "2024年1—10月全市工业经济运行简报" {
		t.Errorf("title %q", b.Title)
	}
	if !b.Demo {
		t.Error("demo data shown without the 示例数据 flag")
	}
	if !strings.HasPrefix(b.Headline, "1—10月，全市规上工业增加值同比增长") || !strings.Contains(b.Headline, "目标") {
		t.Errorf("headline %q", b.Headline)
	}
	if len(b.Lagging) == 0 {
		t.Fatal("the demo story has lagging targets, the briefing lists none")
	}
	seenAmber := false
	for _, l := range b.Lagging {
		switch l.Assessment.StatusKey {
		case "red":
			if seenAmber {
				t.Errorf("%s (red) listed after an amber target", l.Name)
			}
		case "amber":
			seenAmber = true
		default:
			t.Errorf("%s is %s, not lagging", l.Name, l.Assessment.StatusKey)
		}
	}
	// The demo has district growth rates: the ranking is by 增加值增速.
	d := b.Districts
	if d == nil || len(d.Rows) == 0 || d.Rows[0].Rank != 1 || d.Rows[0].Value == nil ||
		d.Indicator.Code != "industry.value_added_growth" {
		t.Fatalf("district ranking %+v: want rank 1 first with its growth rate", d)
	}
	if strings.Contains(d.Title, "增速增速") {
		t.Errorf("title %q repeats 增速", d.Title)
	}
	for i := 1; i < len(d.Rows); i++ {
		if d.Rows[i].Rank > 0 && d.Rows[i-1].Rank > 0 && *d.Rows[i].Value > *d.Rows[i-1].Value+1e-9 {
			t.Errorf("%s grows faster than %s above it", d.Rows[i].Name, d.Rows[i-1].Name)
		}
	}
	if !strings.Contains(d.Lead, "居前的是") {
		t.Errorf("ranking lead %q", d.Lead)
	}
	if b.Parks == nil || len(b.Parks.Tiers) == 0 {
		t.Fatal("no park tiers")
	}
	for _, tier := range b.Parks.Tiers {
		if tier.CountText == "无数据" {
			t.Errorf("tier %s has no count although parks report output", tier.Name)
		}
	}
}
