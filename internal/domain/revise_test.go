package domain_test

import (
	"strings"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

func TestReviseMakesTheNextAdjustedRevision(t *testing.T) {
	ind := domain.Indicator{Code: "rare_earth.output_value", Name: "稀土产业产值", Unit: "亿元", Kind: domain.Flow}
	initial := domain.Target{Year: 2024, Indicator: ind.Code, OrgUnit: domain.CityCode, Comparator: domain.AtLeast, Value: 1000,
		Aspiration: true, SourceQuote: "稀土产业产值突破1000亿元", Section: "（二）", Revision: 1, RevisionKind: domain.RevisionInitial}
	at := time.Date(2024, 7, 15, 2, 0, 0, 0, time.UTC)
	got, err := initial.Revise(domain.Revision{Value: 1100, Reason: "市政府年中调整", Document: "包府发〔2024〕50号", At: at, By: "analyst"}, ind)
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != 2 || got.RevisionKind != domain.RevisionAdjusted || got.Value != 1100 || got.Comparator != domain.AtLeast ||
		got.Note != "市政府年中调整" || got.Document != "包府发〔2024〕50号" || !got.RecordedAt.Equal(at) || got.RecordedBy != "analyst" ||
		got.SourceQuote != initial.SourceQuote || !got.Aspiration {
		t.Fatalf("revision = %+v", got)
	}
	first, ok := domain.Initial([]domain.Target{initial, got})
	if !ok || first.Value != 1000 {
		t.Fatalf("Initial = %+v, %v", first, ok)
	}

	approx, err := initial.Revise(domain.Revision{Value: 1050, Comparator: domain.Approx, Tolerance: ptr(20), Reason: "r", Document: "d"}, ind)
	if err != nil || approx.Tolerance == nil || *approx.Tolerance != 20 || approx.ValueHigh != nil {
		t.Fatalf("approx revision = %+v, %v", approx, err)
	}
}

func TestReviseRefusesIncompleteRevisions(t *testing.T) {
	ind := domain.Indicator{Code: "x.y", Name: "产值", Unit: "亿元", Kind: domain.Flow}
	cur := domain.Target{Year: 2024, Indicator: "x.y", OrgUnit: domain.CityCode, Comparator: domain.AtLeast, Value: 10, SourceQuote: "q", Revision: 1}
	cases := []struct {
		name string
		r    domain.Revision
		want string
	}{
		{"no reason", domain.Revision{Value: 11, Document: "d"}, "调整原因"},
		{"no document", domain.Revision{Value: 11, Reason: "r"}, "文号"},
		{"range without bound", domain.Revision{Value: 11, Comparator: domain.Range, Reason: "r", Document: "d"}, "上限"},
		{"delta_pp on a flow", domain.Revision{Value: 2, Comparator: domain.DeltaPP, Reason: "r", Document: "d"}, "不适用"},
		{"nothing changes", domain.Revision{Value: 10, Reason: "r", Document: "d"}, "相同"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := cur.Revise(c.r, ind)
			if err == nil || !strings.Contains(msg.Text(err), c.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.want)
			}
		})
	}
}

func ptr(v float64) *float64 { return &v }

func TestUnitsExtendAllOrNothing(t *testing.T) {
	base := domain.BuiltinUnits()
	if _, err := base.Extend([]domain.UnitDef{{Name: "万吨公里", Base: "吨公里", Factor: 1e4}}); err == nil {
		t.Fatal("a unit on an unknown base was added")
	}
	ext, err := base.Extend([]domain.UnitDef{{Name: "吨公里", Factor: 1}, {Name: "万吨公里", Base: "吨公里", Factor: 1e4}})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := ext.Convert(2, "万吨公里", "吨公里"); err != nil || v != 2e4 {
		t.Fatalf("2万吨公里 = %v %v", v, err)
	}
	if _, err := ext.Convert(1, "吨公里", "吨"); err == nil {
		t.Fatal("吨公里 converted to 吨")
	}
	if base.Known("吨公里") {
		t.Fatal("Extend changed the table it was called on")
	}
	// Redefining a known unit differently is refused, and nothing of the batch is added.
	got, err := ext.Extend([]domain.UnitDef{{Name: "千吨公里", Base: "吨公里", Factor: 1e3}, {Name: "万元", Base: "元", Factor: 1000}})
	if err == nil || got.Known("千吨公里") || ext.Known("千吨公里") {
		t.Fatalf("err %v, 千吨公里 known %v/%v", err, got.Known("千吨公里"), ext.Known("千吨公里"))
	}
	if _, err := ext.Extend([]domain.UnitDef{{Name: "万元", Base: "元", Factor: 10000}}); err != nil {
		t.Fatalf("an identical definition of a known unit: %v", err)
	}
}

func TestIsCountUnit(t *testing.T) {
	for u, want := range map[string]bool{"户": true, "个": true, "万个": true, "万人": true, "亿次": true, "亿元": false, "%": false, "万吨": false, "人次": false} {
		if got := domain.IsCountUnit(u); got != want {
			t.Errorf("IsCountUnit(%q) = %v, want %v", u, got, want)
		}
	}
}
