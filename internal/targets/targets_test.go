package targets_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/internal/targets"
	"industrydash/internal/testenv/seeded"
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
			if !errors.As(err, &ie) || !strings.Contains(ie.Msg, c.want) {
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
	date := time.Date(2025, 2, 10, 0, 0, 0, 0, targets.Beijing)
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
