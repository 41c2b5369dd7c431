package targets_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/store"
	"industrydash/internal/targets"
	"industrydash/internal/testenv/seeded"
	"industrydash/internal/testenv/workplan"
	"industrydash/seeds"
)

var analyst = auth.Actor{Name: "analyst1", Role: store.RoleAnalyst}

func ptr(v float64) *float64 { return &v }

func TestReviseKeepsTheInitialTargetVisibleAndAsOfViewsUnchanged(t *testing.T) {
	st := seeded.Store(t, false)
	ctx := context.Background()
	now := time.Date(2024, 7, 20, 3, 0, 0, 0, time.UTC)
	svc := targets.New(st, st, func() time.Time { return now })
	rev, err := svc.Revise(ctx, analyst, targets.RevisionInput{Year: 2024, Indicator: "rare_earth.output_value", OrgUnit: "包头市",
		Value: ptr(1100), Reason: "市政府年中调整经济目标", Document: "包府发〔2024〕50号"})
	if err != nil {
		t.Fatal(err)
	}
	if rev.Revision != 2 || rev.RevisionKind != domain.RevisionAdjusted || rev.Value != 1100 || rev.Document != "包府发〔2024〕50号" || rev.RecordedBy != "analyst1" {
		t.Fatalf("revision = %+v", rev)
	}
	rows, err := svc.Rows(ctx, 2024)
	if err != nil {
		t.Fatal(err)
	}
	var row *targets.Row
	for i := range rows {
		if rows[i].Indicator.Code == "rare_earth.output_value" {
			row = &rows[i]
		}
	}
	if row == nil || row.Initial.Value != 1000 || row.Current.Value != 1100 || row.Adjustment != "年中调整为1100亿元，原目标1000亿元" || len(row.Revisions) != 2 {
		t.Fatalf("row = %+v", row)
	}
	before, err := st.Targets(ctx, 2024, now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range before {
		if tg.Indicator == "rare_earth.output_value" && tg.Value != 1000 {
			t.Errorf("as of before the revision the target is %v, want 1000", tg.Value)
		}
	}
	log, err := st.AuditLog(ctx, store.AuditFilter{Action: "target.revise"})
	if err != nil || len(log) != 1 || !strings.Contains(log[0].Old, "1000亿元") || !strings.Contains(log[0].New, "1100亿元") || !strings.Contains(log[0].New, "包府发〔2024〕50号") {
		t.Fatalf("audit = %+v, %v", log, err)
	}
}

func TestReviseRejectsWhatItCannotApply(t *testing.T) {
	st := seeded.Store(t, false)
	svc := targets.New(st, st, nil)
	ctx := context.Background()
	cases := []struct {
		name string
		in   targets.RevisionInput
		want string
	}{
		{"unknown indicator", targets.RevisionInput{Year: 2024, Indicator: "no.such", Value: ptr(1), Reason: "r", Document: "d"}, "不在指标目录"},
		{"unknown unit", targets.RevisionInput{Year: 2024, Indicator: "rare_earth.output_value", OrgUnit: "火星", Value: ptr(1), Reason: "r", Document: "d"}, "不在单位表"},
		{"no target that year", targets.RevisionInput{Year: 2031, Indicator: "rare_earth.output_value", Value: ptr(1), Reason: "r", Document: "d"}, "没有下达"},
		{"no value", targets.RevisionInput{Year: 2024, Indicator: "rare_earth.output_value", Reason: "r", Document: "d"}, "目标值"},
		{"no reason", targets.RevisionInput{Year: 2024, Indicator: "rare_earth.output_value", Value: ptr(1100), Document: "d"}, "调整原因"},
		{"bad comparator", targets.RevisionInput{Year: 2024, Indicator: "rare_earth.output_value", Value: ptr(1100), Comparator: "~", Reason: "r", Document: "d"}, "比较方式"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := svc.Revise(ctx, analyst, c.in)
			var ie *targets.InputError
			if !errors.As(err, &ie) || !strings.Contains(msg.Text(ie), c.want) {
				t.Fatalf("err = %v, want an input error mentioning %q", err, c.want)
			}
		})
	}
	log, _ := st.AuditLog(ctx, store.AuditFilter{Action: "target.revise"})
	if len(log) != 0 {
		t.Fatalf("rejected revisions were audited: %+v", log)
	}
}

const plan2025 = "2025年度工作要点\n\n（二）做强两大旗帜型产业\n\n2025年力争稀土产业产值突破1200亿元，稀土永磁材料产能达到18万吨以上，新建氢能加注站6座。"

func TestExtractThenPublishANewYear(t *testing.T) {
	st := seeded.Store(t, false)
	svc := targets.New(st, st, nil)
	ctx := context.Background()
	res, err := svc.Extract(ctx, 0, "2025.txt", []byte(plan2025))
	if err != nil {
		t.Fatal(err)
	}
	if res.Year != 2025 || len(res.Proposals) != 3 {
		t.Fatalf("proposals = %+v", res)
	}
	var items []targets.PublishItem
	for _, p := range res.Proposals {
		it := targets.PublishItem{Indicator: p.Indicator, Comparator: string(p.Comparator), Value: p.Value, ValueHigh: p.ValueHigh,
			Tolerance: p.Tolerance, Unit: p.Unit, Aspiration: p.Aspiration, Quote: p.SourceQuote, Section: p.Section}
		if p.Indicator == "" {
			it.New = &domain.Indicator{Code: "ev_truck.hydrogen_stations", Name: "新建氢能加注站", Unit: "座", Kind: domain.Stock, Chain: "新能源重卡"}
		}
		items = append(items, it)
	}
	date := time.Date(2025, 2, 10, 0, 0, 0, 0, domain.Beijing)
	n, err := svc.Publish(ctx, analyst, targets.PublishInput{Year: 2025, Document: "《2025年度工作要点》", Date: date, Items: items})
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("published %d, want 3", n)
	}
	got, err := st.Targets(ctx, 2025, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"rare_earth.output_value": 1200, "rare_earth.magnet_capacity": 18, "ev_truck.hydrogen_stations": 6}
	if len(got) != 3 {
		t.Fatalf("2025 targets = %+v", got)
	}
	for _, tg := range got {
		if want[tg.Indicator] != tg.Value || tg.RevisionKind != domain.RevisionInitial || tg.Document != "《2025年度工作要点》" || !tg.RecordedAt.Equal(date) {
			t.Errorf("target %+v", tg)
		}
	}
	years, _ := st.TargetYears(ctx)
	if len(years) != 2 || years[1] != 2025 {
		t.Errorf("years = %v", years)
	}
	log, _ := st.AuditLog(ctx, store.AuditFilter{Action: "targets.publish"})
	if len(log) != 1 || !strings.Contains(log[0].New, "新建指标 1 个") {
		t.Fatalf("audit = %+v", log)
	}
}

func TestPublishIsAllOrNothing(t *testing.T) {
	st := seeded.Store(t, false)
	svc := targets.New(st, st, nil)
	ctx := context.Background()
	items := []targets.PublishItem{
		{Indicator: "rare_earth.output_value", Comparator: ">=", Value: 1200, Unit: "亿元", Quote: "稀土产业产值1200亿元"},
		{Indicator: "rare_earth.output_value", Comparator: ">=", Value: 1200, Unit: "吨", Quote: "单位错"},
		{Indicator: "", Comparator: ">=", Value: 6, Unit: "座", Quote: "新建氢能加注站6座"},
	}
	_, err := svc.Publish(ctx, analyst, targets.PublishInput{Year: 2025, Date: time.Now(), Items: items})
	var ve *targets.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 3 {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"下达文件名称", "第 2 条", "第 3 条"} {
		if !strings.Contains(ve.Error(), want) {
			t.Errorf("%q does not mention %q", ve.Error(), want)
		}
	}
	if got, _ := st.Targets(ctx, 2025, time.Time{}); len(got) != 0 {
		t.Fatalf("a rejected publication saved %d targets", len(got))
	}
}

func TestLoadCatalogueUploadValidatesLikeIngestTargets(t *testing.T) {
	st := seeded.Store(t, false)
	svc := targets.New(st, st, nil)
	ctx := context.Background()
	header := "指标代码 indicator,地区/单位 org_unit,比较方式 comparator,目标值 value,计量单位 unit,原文 source_quote\n"
	bad := header + "rare_earth.output_value,包头市,>=,1200,亿元,稀土产业产值1200亿元\nno.such,包头市,>=,1,个,x\nsilicon.output_value,火星,>=,1,亿元,y\n"
	_, _, err := svc.LoadCatalogue(ctx, analyst, []targets.File{{Name: "targets_2025.csv", Data: []byte(bad)}})
	var ve *targets.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) < 2 || !strings.Contains(ve.Error(), "targets_2025.csv 第3行") {
		t.Fatalf("err = %v", err)
	}
	if got, _ := st.Targets(ctx, 2025, time.Time{}); len(got) != 0 {
		t.Fatalf("a rejected catalogue saved %d targets", len(got))
	}
	good := header + "rare_earth.output_value,包头市,>=,120000,万元,稀土产业产值1200亿元\n"
	cat, n, err := svc.LoadCatalogue(ctx, analyst, []targets.File{{Name: "targets_2025.csv", Data: []byte(good)}})
	if err != nil || cat.Year != 2025 || n != 1 {
		t.Fatalf("load: %v %+v %d", err, cat, n)
	}
	got, _ := st.Targets(ctx, 2025, time.Time{})
	if len(got) != 1 || got[0].Value != 12 {
		// 120000万元 is 12亿元
		t.Fatalf("2025 targets %+v", got)
	}
	if _, _, err := svc.LoadCatalogue(ctx, analyst, []targets.File{{Name: "目标.csv", Data: []byte(good)}}); err == nil || !strings.Contains(msg.Text(err), "targets_2025.csv") {
		t.Fatalf("unnamed file: %v", err)
	}
}

func TestLoadCatalogueReadsXLSX(t *testing.T) {
	st := seeded.Store(t, false)
	svc := targets.New(st, st, nil)
	f := excelize.NewFile()
	rows := [][]any{{"指标代码 indicator", "比较方式 comparator", "目标值 value", "原文 source_quote"}, {"silicon.output_value", ">=", 2500, "硅产业产值2500亿元"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, n, err := svc.LoadCatalogue(context.Background(), analyst, []targets.File{{Name: "targets_2026.xlsx", Data: buf.Bytes()}})
	if err != nil || n != 1 {
		t.Fatalf("xlsx: %v, %d", err, n)
	}
	got, _ := st.Targets(context.Background(), 2026, time.Time{})
	if len(got) != 1 || got[0].Value != 2500 || got[0].Indicator != "silicon.output_value" {
		t.Fatalf("2026 targets %+v", got)
	}
}

func TestSplitChecksTheSumAndKeepsARemainder(t *testing.T) {
	st := seeded.Store(t, false)
	svc := targets.New(st, st, nil)
	ctx := context.Background()
	sp, err := svc.SplitOf(ctx, 2024, "industry.output_value")
	if err != nil {
		t.Fatal(err)
	}
	if sp.City.Value != 6000 || len(sp.Units) < 9 || len(sp.Parts) != 0 || sp.Remainder != 6000 {
		t.Fatalf("before: %+v", sp)
	}
	in := targets.SplitInput{Year: 2024, Indicator: "industry.output_value", Document: "包工信发〔2024〕12号",
		Parts: []targets.SplitPart{{OrgUnit: "昆都仑区", Value: 1500}, {OrgUnit: "150204", Value: 1200}, {OrgUnit: "稀土高新区", Value: 800}}}
	sp, n, err := svc.SaveSplit(ctx, analyst, in)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || len(sp.Parts) != 3 || sp.Sum != 3500 || sp.Remainder != 2500 {
		t.Fatalf("after: n=%d %+v", n, sp)
	}
	// Adding 东河区 3000 would exceed the city target: nothing is saved.
	_, _, err = svc.SaveSplit(ctx, analyst, targets.SplitInput{Year: 2024, Indicator: "industry.output_value", Document: "d",
		Parts: []targets.SplitPart{{OrgUnit: "东河区", Value: 3000}}})
	var ve *targets.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Error(), "超过全市目标 6000亿元") {
		t.Fatalf("over the city target: %v", err)
	}
	// An indicator not broken down to districts cannot be split.
	if _, err := svc.SplitOf(ctx, 2024, "rare_earth.output_value"); err == nil || !strings.Contains(msg.Text(err), "分解到") {
		t.Fatalf("split of a city-only indicator: %v", err)
	}
	// Changing one unit's share is a new revision; the others stay.
	sp, n, err = svc.SaveSplit(ctx, analyst, targets.SplitInput{Year: 2024, Indicator: "industry.output_value", Document: "d2",
		Parts: []targets.SplitPart{{OrgUnit: "昆都仑区", Value: 1600}, {OrgUnit: "青山区", Value: 1200}}})
	if err != nil || n != 1 || sp.Sum != 3600 || sp.Remainder != 2400 {
		t.Fatalf("re-split: n=%d %+v %v", n, sp, err)
	}
	log, _ := st.AuditLog(ctx, store.AuditFilter{Action: "targets.split"})
	if len(log) != 2 || !strings.Contains(log[0].New, "市直/其他 2400亿元") {
		t.Fatalf("audit %+v", log)
	}
}

// TestThe2024PlanReviewedReproducesTheCatalogue is the analyst's check: the
// 2024 plan text, extracted and published with every mapped proposal
// accepted as proposed, gives the built-in catalogue's targets back.
func TestThe2024PlanReviewedReproducesTheCatalogue(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(workplan.Dir(t), "000_d546464922f6e788.txt"))
	if err != nil {
		t.Fatal(err)
	}
	st := seeded.Store(t, false)
	svc := targets.New(st, st, nil)
	ctx := context.Background()
	res, err := svc.Extract(ctx, 0, "2024.txt", text)
	if err != nil {
		t.Fatal(err)
	}
	var items []targets.PublishItem
	for _, p := range res.Proposals {
		if p.Indicator == "" {
			continue // rejected on review: no indicator of the catalogue
		}
		items = append(items, targets.PublishItem{Indicator: p.Indicator, OrgUnit: p.OrgUnit, Comparator: string(p.Comparator), Value: p.Value,
			ValueHigh: p.ValueHigh, Tolerance: p.Tolerance, Unit: p.Unit, Aspiration: p.Aspiration, Quote: p.SourceQuote, Section: p.Section})
	}
	cat, _ := seeds.Builtin(2024)
	if _, err := svc.Publish(ctx, analyst, targets.PublishInput{Year: 2024, Document: "2024年度部门预算公开", Date: time.Date(2024, 2, 8, 0, 0, 0, 0, domain.Beijing), Items: items}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Targets(ctx, 2024, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]domain.Target{}
	for _, tg := range got {
		byKey[tg.Key()] = tg
	}
	same := 0
	for _, want := range cat.Targets {
		g := byKey[want.Key()] // the org unit too: a zone's target is not the city's
		if g.Document == "2024年度部门预算公开" && g.Value == want.Value && g.Comparator == want.Comparator {
			same++
		} else {
			t.Logf("not reproduced: %s %v %s (published %v %s)", want.Indicator, want.Value, want.Comparator, g.Value, g.Comparator)
		}
	}
	if float64(same) < 0.9*float64(len(cat.Targets)) {
		t.Fatalf("published targets reproduce %d of the catalogue's %d", same, len(cat.Targets))
	}
	t.Logf("reproduced %d of %d catalogue targets", same, len(cat.Targets))
}

func TestDefaultChain(t *testing.T) {
	for in, want := range map[string]string{
		"（二）做强两大旗帜型产业": "做强两大旗帜型产业",
		"三、保障措施":       "保障措施",
		"":             "其他目标",
		"（四）这是一个非常非常长而且不像是分组名称的章节标题文字内容": "其他目标",
	} {
		if got := targets.DefaultChain(in); got != want {
			t.Errorf("DefaultChain(%q) = %q, want %q", in, got, want)
		}
	}
}
