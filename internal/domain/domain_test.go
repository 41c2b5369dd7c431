package domain_test

import (
	"math"
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

func TestConvertUnit(t *testing.T) {
	tests := []struct {
		v        float64
		from, to string
		want     float64
		err      string
	}{
		{4520000, "万元", "亿元", 452, ""},
		{1.5, "万吨", "吨", 15000, ""},
		{12, "%", "%", 12, ""},
		{1, "亿元", "吨", 0, "不能换算"},
		{1, "个", "家", 0, "不能换算"},
		{1, "斤", "吨", 0, "未知单位"},
	}
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			got, err := domain.BuiltinUnits().Convert(tt.v, tt.from, tt.to)
			if tt.err != "" {
				if err == nil || !strings.Contains(msg.Text(err), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || math.Abs(got-tt.want) > 1e-9 {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestPeriodKeyRoundTrip(t *testing.T) {
	for _, p := range []domain.Period{domain.Month(2024, 3), domain.YTD(2024, 5), domain.Quarter(2024, 2), {Year: 2024, From: 1, To: 2}} {
		got, err := domain.ParsePeriodKey(p.String())
		if err != nil || got != p {
			t.Errorf("%v → %q → %v, %v", p, p.String(), got, err)
		}
	}
	if domain.YTD(2024, 5).Label() != "2024年1—5月" || domain.Month(2024, 3).ShortLabel() != "3月" {
		t.Error("labels are not in the briefing's form")
	}
	for _, bad := range []string{"2024-13", "2024-05~03", "24-05", "2024/05"} {
		if _, err := domain.ParsePeriodKey(bad); err == nil {
			t.Errorf("%q should be rejected", bad)
		}
	}
}

func TestTargetValidateFitsKind(t *testing.T) {
	rate := domain.Indicator{Code: "x.rate", Name: "增速", Unit: "%", Kind: domain.Rate, Direction: domain.HigherBetter, Reporting: domain.ValueYTD}
	flow := domain.Indicator{Code: "x.flow", Name: "产值", Unit: "亿元", Kind: domain.Flow, Direction: domain.HigherBetter, Reporting: domain.ValueYTD}
	hi := 2.0
	tests := []struct {
		name string
		ind  domain.Indicator
		t    domain.Target
		err  string
	}{
		{"flow at least", flow, domain.Target{Comparator: domain.AtLeast, Value: 1000}, ""},
		{"delta_pp on a flow", flow, domain.Target{Comparator: domain.DeltaPP, Value: 2}, "不适用"},
		{"delta_pp on a rate", rate, domain.Target{Comparator: domain.DeltaPP, Value: 2}, ""},
		{"range needs high", flow, domain.Target{Comparator: domain.Range, Value: 1}, "上限"},
		{"range ok", flow, domain.Target{Comparator: domain.Range, Value: 1, ValueHigh: &hi}, ""},
		{"approx needs tolerance", rate, domain.Target{Comparator: domain.Approx, Value: 30}, "偏差"},
		{"missing quote", flow, domain.Target{Comparator: domain.AtLeast, Value: 1, SourceQuote: " "}, "原文"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := tt.t
			tg.Year, tg.Indicator, tg.OrgUnit = 2024, tt.ind.Code, domain.CityCode
			if tg.SourceQuote == "" {
				tg.SourceQuote = "原文"
			}
			err := tg.Validate(tt.ind)
			if tt.err == "" && err != nil {
				t.Fatalf("unexpected %v", err)
			}
			if tt.err != "" && (err == nil || !strings.Contains(msg.Text(err), tt.err)) {
				t.Fatalf("err %v, want %q", err, tt.err)
			}
		})
	}
}

func TestUnitIndexAcceptsCodeOrName(t *testing.T) {
	ix := domain.NewUnitIndex([]domain.OrgUnit{{Code: "150203", Name: "昆都仑区", ShortName: "昆区", Kind: domain.KindDistrict}})
	for _, k := range []string{"150203", "昆都仑区", "昆区", " 昆都仑区 "} {
		if u, ok := ix.Lookup(k); !ok || u.Code != "150203" {
			t.Errorf("lookup %q failed", k)
		}
	}
	if _, ok := ix.Lookup("青山区"); ok {
		t.Error("unknown unit found")
	}
}

func TestObservationValidate(t *testing.T) {
	o := domain.Observation{Indicator: "x", OrgUnit: "150200", Period: domain.Month(2024, 3), ValueType: domain.ValueYTD, Value: 1}
	o.RecordedAt = o.RecordedAt.AddDate(2024, 0, 0)
	if err := o.Validate(); err == nil || !strings.Contains(msg.Text(err), "1月") {
		t.Fatalf("a YTD value not starting in January must be rejected, got %v", err)
	}
	o.Period = domain.YTD(2024, 3)
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	o.Value = math.NaN()
	if err := o.Validate(); err == nil {
		t.Fatal("NaN accepted")
	}
}
