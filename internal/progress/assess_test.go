package progress_test

import (
	"math"
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// at builds a flow series holding a single YTD value at month m.
func at(ind domain.Indicator, m int, v float64) progress.Series {
	return progress.BuildSeries(ind, city, year, []domain.Observation{ytd(ind, m, v)})
}

func TestAssessPublishedCases(t *testing.T) {
	f, r := flowInd(), rateInd()
	t.Run("56.6% complete at end of June is 6.6 百分点 ahead", func(t *testing.T) {
		a := progress.Assess(f, target(f, domain.AtLeast, 1000), at(f, 6, 566), nil, 6, progress.DefaultConfig())
		wantNum(t, "CompletionPct", a.CompletionPct, 56.6)
		wantNum(t, "TimeProgressPct", a.TimeProgressPct, 50)
		wantNum(t, "GapPP", a.GapPP, 6.6)
		if a.Status != progress.StatusAhead || a.StatusKey != "green" || a.StatusLabel != "超进度" {
			t.Errorf("status = %s/%s/%s, want ahead/green/超进度", a.Status, a.StatusKey, a.StatusLabel)
		}
		if got := progress.PhraseCompletion(*a.CompletionPct, *a.GapPP, a.LowerIsBetter); got != "完成年度目标的56.6%，超序时进度6.6个百分点" {
			t.Errorf("phrase = %q", got)
		}
	})
	t.Run("45.2% complete at end of May is 3.5 百分点 ahead of 41.7%", func(t *testing.T) {
		a := progress.Assess(f, target(f, domain.AtLeast, 100), at(f, 5, 45.2), nil, 5, progress.DefaultConfig())
		wantNum(t, "TimeProgressPct", a.TimeProgressPct, 500.0/12)
		wantNum(t, "GapPP", a.GapPP, 45.2-500.0/12) // full precision: 3.533…
		if got := progress.FormatPct(*a.TimeProgressPct); got != "41.7%" {
			t.Errorf("time progress shown as %q, want 41.7%%", got)
		}
		if got := progress.PhraseCompletion(*a.CompletionPct, *a.GapPP, false); got != "完成年度目标的45.2%，超序时进度3.5个百分点" {
			t.Errorf("phrase = %q", got)
		}
	})
	t.Run("growth 13% against a 9% target is 4 百分点 above", func(t *testing.T) {
		s := progress.BuildSeries(r, city, year, []domain.Observation{ytd(r, 3, 13)})
		a := progress.Assess(r, target(r, domain.AtLeast, 9), s, nil, 3, progress.DefaultConfig())
		wantNum(t, "VsTargetPP", a.VsTargetPP, 4)
		wantNil(t, "CompletionPct (rates are never pro-rated)", a.CompletionPct)
		wantNil(t, "TimeProgressPct (rates are never pro-rated)", a.TimeProgressPct)
		if a.Status != progress.StatusMet {
			t.Errorf("status = %s, want met", a.Status)
		}
		if got := progress.Describe(r, a); got != "1—3月同比增长13.0%，高于目标4个百分点。" {
			t.Errorf("Describe = %q", got)
		}
	})
}

func TestAssessFlow(t *testing.T) {
	f, e := flowInd(), energyInd()
	ly := lastYear(f, 50, 100, 150, 200, 250, 300, 400, 500, 600, 700, 900, 1200) // June share 25%
	phased := target(f, domain.AtLeast, 1000)
	phased.Phasing = []float64{.05, .1, .15, .2, .25, .3, .4, .5, .6, .7, .8, 1}
	approx := target(f, domain.Approx, 1000)
	approx.Tolerance = fp(50)
	rng := target(f, domain.Range, 300)
	rng.ValueHigh = fp(350)
	tests := []struct {
		name   string
		ind    domain.Indicator
		tgt    *domain.Target
		series progress.Series
		last   *progress.Series
		month  int
		cfg    progress.Config
		want   progress.Status
		check  func(t *testing.T, a progress.Assessment)
	}{
		{name: "behind within tolerance is amber", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 6, 470), month: 6,
			want: progress.StatusSlightlyBehind},
		{name: "exactly the tolerance behind is still amber", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 6, 450), month: 6,
			want: progress.StatusSlightlyBehind},
		{name: "beyond the tolerance is red", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 6, 400), month: 6,
			want: progress.StatusBehind, check: func(t *testing.T, a progress.Assessment) { wantNum(t, "GapPP", a.GapPP, -10) }},
		{name: "a wider tolerance turns red into amber", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 6, 400), month: 6,
			cfg: progress.Config{FlowTolerancePP: 12, RateTolerancePP: 1}, want: progress.StatusSlightlyBehind},
		{name: "target met early", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 10, 1050), month: 10,
			want: progress.StatusMet, check: func(t *testing.T, a progress.Assessment) {
				if !a.MetEarly {
					t.Error("MetEarly = false")
				}
				wantNil(t, "RequiredMonthly", a.RequiredMonthly)
				if d := progress.Describe(f, a); !strings.Contains(d, "已提前完成全年目标") {
					t.Errorf("Describe = %q lacks 已提前完成全年目标", d)
				}
			}},
		{name: "year over and short is missed", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 12, 980), month: 12,
			want: progress.StatusMissed},
		{name: "year over and reached is met, not early", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 12, 1000), month: 12,
			want: progress.StatusMet, check: func(t *testing.T, a progress.Assessment) {
				if a.MetEarly {
					t.Error("MetEarly = true at December")
				}
			}},
		{name: "ceiling used below time progress is on track", ind: e, tgt: target(e, domain.AtMost, 100), series: at(e, 6, 45), month: 6,
			want: progress.StatusOnTrack, check: func(t *testing.T, a progress.Assessment) {
				wantNum(t, "GapPP", a.GapPP, -5)
				if !a.LowerIsBetter {
					t.Error("LowerIsBetter = false for a ceiling")
				}
			}},
		{name: "ceiling used slightly above time progress is amber", ind: e, tgt: target(e, domain.AtMost, 100), series: at(e, 6, 53), month: 6,
			want: progress.StatusSlightlyOver},
		{name: "ceiling used well above time progress is red", ind: e, tgt: target(e, domain.AtMost, 100), series: at(e, 6, 60), month: 6,
			want: progress.StatusTooFast},
		{name: "ceiling already exceeded before year end", ind: e, tgt: target(e, domain.AtMost, 100), series: at(e, 10, 105), month: 10,
			want: progress.StatusOver, check: func(t *testing.T, a progress.Assessment) { wantNil(t, "RequiredMonthly", a.RequiredMonthly) }},
		{name: "ceiling kept at year end", ind: e, tgt: target(e, domain.AtMost, 100), series: at(e, 12, 98), month: 12,
			want: progress.StatusMet},
		{name: "approx target within tolerance at year end", ind: f, tgt: approx, series: at(f, 12, 960), month: 12,
			want: progress.StatusMet, check: func(t *testing.T, a progress.Assessment) {
				if a.AboveHigh {
					t.Error("AboveHigh within the band")
				}
			}},
		{name: "approx target exceeded is met and reported above", ind: f, tgt: approx, series: at(f, 12, 1100), month: 12,
			want: progress.StatusMet, check: func(t *testing.T, a progress.Assessment) {
				if !a.AboveHigh {
					t.Error("AboveHigh = false above the band")
				}
			}},
		{name: "range is met at its low bound", ind: f, tgt: rng, series: at(f, 12, 300), month: 12, want: progress.StatusMet},
		{name: "range above its high bound is met and reported", ind: f, tgt: rng, series: at(f, 12, 360), month: 12,
			want: progress.StatusMet, check: func(t *testing.T, a progress.Assessment) {
				if !a.AboveHigh {
					t.Error("AboveHigh = false")
				}
			}},
		{name: "range paced against its low bound", ind: f, tgt: rng, series: at(f, 6, 140), month: 6,
			want: progress.StatusSlightlyBehind, check: func(t *testing.T, a progress.Assessment) {
				wantNum(t, "CompletionPct", a.CompletionPct, 140.0/3)
			}},
		{name: "a YTD that goes down is surfaced", ind: f, tgt: target(f, domain.AtLeast, 1000),
			series: progress.BuildSeries(f, city, year, []domain.Observation{ytd(f, 4, 500), ytd(f, 5, 450)}), month: 5,
			want: progress.StatusAhead, check: func(t *testing.T, a progress.Assessment) {
				if !hasWarning(a.Warnings, progress.WarnYTDDecrease) {
					t.Errorf("warnings %v lack ytd_decrease", a.Warnings)
				}
			}},
		{name: "zero target is not assessable", ind: f, tgt: target(f, domain.AtLeast, 0), series: at(f, 6, 500), month: 6,
			want: progress.StatusNotAssessable, check: func(t *testing.T, a progress.Assessment) {
				wantNil(t, "CompletionPct", a.CompletionPct)
				wantNil(t, "GapPP", a.GapPP)
				wantNum(t, "Value", a.Value, 500)
				if a.StatusKey != "grey" || a.StatusLabel != "不适用" || !strings.Contains(a.Reason, "目标值为0") {
					t.Errorf("key %s label %s reason %q", a.StatusKey, a.StatusLabel, a.Reason)
				}
			}},
		{name: "missing target is not assessable", ind: f, tgt: nil, series: at(f, 6, 500), month: 6,
			want: progress.StatusNotAssessable, check: func(t *testing.T, a progress.Assessment) {
				if a.Reason != "未设定目标" {
					t.Errorf("reason %q", a.Reason)
				}
			}},
		{name: "range without a high bound is not assessable", ind: f, tgt: target(f, domain.Range, 300), series: at(f, 6, 500), month: 6,
			want: progress.StatusNotAssessable},
		{name: "no data is grey but shows time progress", ind: f, tgt: target(f, domain.AtLeast, 1000),
			series: progress.BuildSeries(f, city, year, nil), month: 6,
			want: progress.StatusNoData, check: func(t *testing.T, a progress.Assessment) {
				wantNil(t, "Value", a.Value)
				wantNum(t, "TimeProgressPct", a.TimeProgressPct, 50)
				if a.StatusKey != "grey" || a.StatusLabel != "无数据" {
					t.Errorf("key %s label %s", a.StatusKey, a.StatusLabel)
				}
			}},
		{name: "month amounts with a hole give no data rather than a guess", ind: f, tgt: target(f, domain.AtLeast, 1000),
			series: progress.BuildSeries(f, city, year, []domain.Observation{month(f, 2, 80), month(f, 3, 90)}), month: 3,
			want: progress.StatusNoData, check: func(t *testing.T, a progress.Assessment) {
				wantNil(t, "Value", a.Value)
				if !strings.Contains(a.Reason, "无法推算累计值") {
					t.Errorf("reason %q", a.Reason)
				}
			}},
		{name: "1-2月 combined counts as two months", ind: f, tgt: target(f, domain.AtLeast, 1000),
			series: progress.BuildSeries(f, city, year, []domain.Observation{obs(f, 1, 2, domain.ValuePeriod, 170)}), month: 2,
			want: progress.StatusAhead, check: func(t *testing.T, a progress.Assessment) {
				wantNum(t, "TimeProgressPct", a.TimeProgressPct, 200.0/12)
				wantNum(t, "CompletionPct", a.CompletionPct, 17)
				if d := progress.Describe(f, a); !strings.HasPrefix(d, "1—2月累计170.0亿元") {
					t.Errorf("Describe = %q", d)
				}
			}},
		{name: "a lagging indicator is judged at its own month and flagged", ind: f, tgt: target(f, domain.AtLeast, 1000),
			series: ytdSeries(f, 80, 160, 240, 320, 400, 480, 560, 640), month: 10,
			want: progress.StatusSlightlyBehind, check: func(t *testing.T, a progress.Assessment) {
				if a.Month != 8 || !hasWarning(a.Warnings, progress.WarnStale) {
					t.Errorf("month %d, warnings %v; want 8 with stale", a.Month, a.Warnings)
				}
				wantNum(t, "TimeProgressPct", a.TimeProgressPct, 800.0/12)
			}},
		{name: "days basis", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 6, 500), month: 6,
			cfg: progress.Config{Basis: progress.BasisDays, FlowTolerancePP: 5}, want: progress.StatusAhead,
			check: func(t *testing.T, a progress.Assessment) {
				wantNum(t, "TimeProgressPct", a.TimeProgressPct, 18200.0/366)
				wantNum(t, "GapPP", a.GapPP, 50-18200.0/366)
				if a.Basis != progress.BasisDays {
					t.Errorf("basis %s", a.Basis)
				}
			}},
		{name: "seasonal basis forgives a slow first half", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 6, 300),
			last: ly, month: 6, cfg: progress.Config{Basis: progress.BasisSeasonal, FlowTolerancePP: 5}, want: progress.StatusAhead,
			check: func(t *testing.T, a progress.Assessment) {
				wantNum(t, "TimeProgressPct", a.TimeProgressPct, 25)
				wantNum(t, "GapPP", a.GapPP, 5)
			}},
		{name: "the same slow first half is red on the months basis", ind: f, tgt: target(f, domain.AtLeast, 1000), series: at(f, 6, 300),
			last: ly, month: 6, want: progress.StatusBehind},
		{name: "seasonal basis without last year falls back to months and says so", ind: f, tgt: target(f, domain.AtLeast, 1000),
			series: at(f, 6, 300), month: 6, cfg: progress.Config{Basis: progress.BasisSeasonal, FlowTolerancePP: 5},
			want: progress.StatusBehind, check: func(t *testing.T, a progress.Assessment) {
				if a.Basis != progress.BasisMonths || !hasWarning(a.Warnings, progress.WarnBasisFallback) {
					t.Errorf("basis %s warnings %v", a.Basis, a.Warnings)
				}
			}},
		{name: "the target's own phasing replaces time progress", ind: f, tgt: phased, series: at(f, 6, 320), month: 6,
			want: progress.StatusAhead, check: func(t *testing.T, a progress.Assessment) {
				wantNum(t, "TimeProgressPct", a.TimeProgressPct, 30)
				if a.Basis != progress.BasisPlan {
					t.Errorf("basis %s", a.Basis)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			if cfg.Basis == "" && cfg.FlowTolerancePP == 0 && cfg.Seasonal == nil {
				cfg = progress.DefaultConfig()
			}
			a := progress.Assess(tt.ind, tt.tgt, tt.series, tt.last, tt.month, cfg)
			if a.Status != tt.want {
				t.Errorf("status = %s (%s), want %s; %+v", a.Status, a.StatusLabel, tt.want, a)
			}
			if a.StatusKey != a.Status.Key() || a.StatusLabel != a.Status.Label() {
				t.Errorf("key/label %s/%s do not match status %s", a.StatusKey, a.StatusLabel, a.Status)
			}
			assertFinite(t, a)
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

// assertFinite fails when any number of a is NaN or infinite: division by
// zero must show up as a missing number, never as a broken one.
func assertFinite(t *testing.T, a progress.Assessment) {
	t.Helper()
	for name, p := range map[string]*float64{
		"Value": a.Value, "Target": a.Target, "TimeProgressPct": a.TimeProgressPct, "CompletionPct": a.CompletionPct,
		"GapPP": a.GapPP, "VsTargetPP": a.VsTargetPP, "RequiredMonthly": a.RequiredMonthly, "RequiredRatio": a.RequiredRatio,
		"ProjectionRunRate": a.ProjectionRunRate, "ProjectionSeasonal": a.ProjectionSeasonal, "YoYPct": a.YoYPct,
		"MonthYoYPct": a.MonthYoYPct, "PathProgressPct": a.PathProgressPct, "ExpectedValue": a.ExpectedValue,
	} {
		if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
			t.Errorf("%s = %v", name, *p)
		}
	}
}

func TestAssessPaceProjectionAndYoY(t *testing.T) {
	f, e := flowInd(), energyInd()
	// This year: 80亿元 every month. Last year: 500 by September, 600 by October.
	cur := ytdSeries(f, 80, 160, 240, 320, 400, 480, 560, 640, 720, 800)
	ly := lastYear(f, 50, 100, 150, 200, 250, 300, 350, 420, 500, 600, 800, 1000)
	a := progress.Assess(f, target(f, domain.AtLeast, 1200), cur, ly, 10, progress.DefaultConfig())
	tests := []struct {
		name string
		got  *float64
		want float64
	}{
		{"required monthly amount", a.RequiredMonthly, 200},
		{"average month so far", a.AverageMonthly, 80},
		{"required / average", a.RequiredRatio, 2.5},
		{"run-rate projection", a.ProjectionRunRate, 960},
		{"seasonal projection", a.ProjectionSeasonal, 800 / 0.6},
		{"同比 of YTD", a.YoYPct, (800.0/600 - 1) * 100},
		{"当月同比", a.MonthYoYPct, (80.0/100 - 1) * 100},
		{"last year's same YTD", a.LastYearValue, 600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantNum(t, tt.name, tt.got, tt.want) })
	}
	t.Run("pace sentence", func(t *testing.T) {
		got := progress.PhraseRequiredPace(a.RemainingMonths, a.Month, *a.RequiredMonthly, *a.RequiredRatio, a.Unit, false)
		if got != "剩余2个月需月均完成200.0亿元，为前10个月月均的2.5倍" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("projection sentence", func(t *testing.T) {
		if got := progress.PhraseProjection(*a.ProjectionRunRate, a.Unit); got != "预计全年完成960.0亿元" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("full description", func(t *testing.T) {
		want := "1—10月累计800.0亿元，同比增长33.3%（推算），完成年度目标的66.7%，慢序时进度16.6个百分点；剩余2个月需月均完成200.0亿元，为前10个月月均的2.5倍。"
		if got := progress.Describe(f, a); got != want {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
	t.Run("a ceiling states what may still be used", func(t *testing.T) {
		c := progress.Assess(e, target(e, domain.AtMost, 100), at(e, 10, 60), nil, 10, progress.DefaultConfig())
		got := progress.PhraseRequiredPace(c.RemainingMonths, c.Month, *c.RequiredMonthly, *c.RequiredRatio, c.Unit, true)
		if got != "剩余2个月月均需控制在20.0万吨标煤以内，为前10个月月均的3.33倍" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("no 同比 against a missing or zero last year", func(t *testing.T) {
		zero := lastYear(f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
		b := progress.Assess(f, target(f, domain.AtLeast, 1200), cur, zero, 10, progress.DefaultConfig())
		wantNil(t, "YoYPct", b.YoYPct)
		wantNil(t, "ProjectionSeasonal", b.ProjectionSeasonal)
		c := progress.Assess(f, target(f, domain.AtLeast, 1200), cur, nil, 10, progress.DefaultConfig())
		wantNil(t, "YoYPct", c.YoYPct)
	})
}

func TestAssessRate(t *testing.T) {
	r := rateInd()
	share := domain.Indicator{Code: "green.coal_share", Name: "煤炭消费比重", Unit: "%", Kind: domain.Rate,
		Direction: domain.LowerBetter, Reporting: domain.ValueYTD}
	rate := func(ind domain.Indicator, m int, v float64) progress.Series {
		return progress.BuildSeries(ind, city, year, []domain.Observation{ytd(ind, m, v)})
	}
	approx := target(r, domain.Approx, 8)
	approx.Tolerance = fp(0.5)
	rng := target(r, domain.Range, 5)
	rng.ValueHigh = fp(7)
	delta := target(r, domain.DeltaPP, 2)
	delta.Baseline = fp(30)
	deltaLY := target(r, domain.DeltaPP, 2)
	down := target(share, domain.DeltaPP, -1)
	down.Baseline = fp(10)
	lyRate := progress.BuildSeries(r, city, year-1, []domain.Observation{
		{Indicator: r.Code, OrgUnit: city, Period: domain.YTD(year-1, 12), ValueType: domain.ValueYTD, Value: 30, RecordedAt: t0}})
	tests := []struct {
		name     string
		ind      domain.Indicator
		tgt      *domain.Target
		series   progress.Series
		last     *progress.Series
		month    int
		want     progress.Status
		wantDiff *float64
	}{
		{"slightly below target is amber", r, target(r, domain.AtLeast, 9), rate(r, 6, 8.5), nil, 6, progress.StatusSlightlyBehind, fp(-0.5)},
		{"far below target is red", r, target(r, domain.AtLeast, 9), rate(r, 6, 7), nil, 6, progress.StatusBehind, fp(-2)},
		{"below target in December is missed", r, target(r, domain.AtLeast, 9), rate(r, 12, 8.8), nil, 12, progress.StatusMissed, fp(-0.2)},
		{"a zero target is judged, not divided by", r, target(r, domain.AtLeast, 0), rate(r, 6, -0.5), nil, 6, progress.StatusSlightlyBehind, fp(-0.5)},
		{"ceiling kept", share, target(share, domain.AtMost, 3), rate(share, 6, 2.5), nil, 6, progress.StatusMet, fp(-0.5)},
		{"ceiling slightly exceeded", share, target(share, domain.AtMost, 3), rate(share, 6, 3.5), nil, 6, progress.StatusSlightlyOver, fp(0.5)},
		{"ceiling exceeded", share, target(share, domain.AtMost, 3), rate(share, 6, 5), nil, 6, progress.StatusOver, fp(2)},
		{"approx within band", r, approx, rate(r, 6, 8.3), nil, 6, progress.StatusMet, fp(0.3)},
		{"approx above band is met", r, approx, rate(r, 6, 9), nil, 6, progress.StatusMet, fp(1)},
		{"approx below band by less than the tolerance", r, approx, rate(r, 6, 7.2), nil, 6, progress.StatusSlightlyBehind, fp(-0.8)},
		{"range met", r, rng, rate(r, 6, 6), nil, 6, progress.StatusMet, fp(1)},
		{"range below its low bound", r, rng, rate(r, 6, 3), nil, 6, progress.StatusBehind, fp(-2)},
		{"delta_pp on the target's baseline", r, delta, rate(r, 6, 32.5), nil, 6, progress.StatusMet, fp(0.5)},
		{"delta_pp on last year's value", r, deltaLY, rate(r, 6, 31.2), &lyRate, 6, progress.StatusSlightlyBehind, fp(-0.8)},
		{"delta_pp without any baseline", r, deltaLY, rate(r, 6, 31.2), nil, 6, progress.StatusNotAssessable, nil},
		{"a fall of 1 百分点 achieved", share, down, rate(share, 6, 8.8), nil, 6, progress.StatusMet, fp(-0.2)},
		{"a fall of 1 百分点 not yet achieved", share, down, rate(share, 6, 9.5), nil, 6, progress.StatusSlightlyOver, fp(0.5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := progress.Assess(tt.ind, tt.tgt, tt.series, tt.last, tt.month, progress.DefaultConfig())
			if a.Status != tt.want {
				t.Errorf("status = %s, want %s (%+v)", a.Status, tt.want, a)
			}
			if tt.wantDiff != nil {
				wantNum(t, "VsTargetPP", a.VsTargetPP, *tt.wantDiff)
			}
			wantNil(t, "CompletionPct", a.CompletionPct)
			assertFinite(t, a)
		})
	}
	t.Run("range above its high bound is reported", func(t *testing.T) {
		a := progress.Assess(r, rng, rate(r, 6, 7.5), nil, 6, progress.DefaultConfig())
		if a.Status != progress.StatusMet || !a.AboveHigh {
			t.Errorf("status %s above %v", a.Status, a.AboveHigh)
		}
	})
}

func TestAssessLevels(t *testing.T) {
	st := stockInd()
	capacity := domain.Indicator{Code: "steel.capacity", Name: "粗钢产能", Unit: "万吨", Kind: domain.Stock,
		Direction: domain.LowerBetter, Reporting: domain.ValueYTD}
	level := func(ind domain.Indicator, m int, v float64) progress.Series {
		return progress.NewLevelSeries(ind, city, year, map[int]float64{m: v})
	}
	withBase := target(st, domain.AtLeast, 100)
	withBase.Baseline = fp(40)
	cut := target(capacity, domain.AtMost, 500)
	cut.Baseline = fp(600)
	tests := []struct {
		name   string
		ind    domain.Indicator
		tgt    *domain.Target
		series progress.Series
		month  int
		want   progress.Status
		check  func(t *testing.T, a progress.Assessment)
	}{
		{"ahead of the path from the baseline", st, withBase, level(st, 6, 72), 6, progress.StatusAhead, func(t *testing.T, a progress.Assessment) {
			wantNum(t, "ExpectedValue", a.ExpectedValue, 70)
			wantNum(t, "PathProgressPct", a.PathProgressPct, 32.0/60*100)
			wantNum(t, "GapPP", a.GapPP, 32.0/60*100-50)
			wantNum(t, "CompletionPct", a.CompletionPct, 72)
		}},
		{"behind the path from the baseline", st, withBase, level(st, 6, 64), 6, progress.StatusBehind, func(t *testing.T, a progress.Assessment) {
			wantNum(t, "GapPP", a.GapPP, -10)
		}},
		{"no baseline: not reached yet is amber, not judged against time", st, target(st, domain.AtLeast, 100), level(st, 6, 80), 6,
			progress.StatusNotYetMet, func(t *testing.T, a progress.Assessment) {
				wantNil(t, "GapPP", a.GapPP)
				wantNum(t, "Deviation", a.Deviation, -20)
			}},
		{"reached early", st, target(st, domain.AtLeast, 100), level(st, 6, 100), 6, progress.StatusMet, func(t *testing.T, a progress.Assessment) {
			if !a.MetEarly {
				t.Error("MetEarly = false")
			}
		}},
		{"old level at year end is missed and flagged stale", st, target(st, domain.AtLeast, 100), level(st, 3, 90), 12,
			progress.StatusMissed, func(t *testing.T, a progress.Assessment) {
				if a.Month != 3 || !hasWarning(a.Warnings, progress.WarnStale) {
					t.Errorf("month %d warnings %v", a.Month, a.Warnings)
				}
			}},
		{"a cut from the baseline ahead of its path", capacity, cut, level(capacity, 6, 540), 6, progress.StatusAhead, func(t *testing.T, a progress.Assessment) {
			wantNum(t, "PathProgressPct", a.PathProgressPct, 60)
			wantNum(t, "ExpectedValue", a.ExpectedValue, 550)
		}},
		{"a cut not made by year end is over the ceiling", capacity, cut, level(capacity, 12, 520), 12, progress.StatusOver, nil},
		{"no data", st, withBase, progress.NewLevelSeries(st, city, year, nil), 6, progress.StatusNoData, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := progress.Assess(tt.ind, tt.tgt, tt.series, nil, tt.month, progress.DefaultConfig())
			if a.Status != tt.want {
				t.Errorf("status = %s, want %s (%+v)", a.Status, tt.want, a)
			}
			assertFinite(t, a)
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

func TestAssessMilestone(t *testing.T) {
	ms := domain.Indicator{Code: "project.silicon_plant", Name: "多晶硅项目", Unit: "阶段", Kind: domain.Milestone,
		Direction: domain.HigherBetter, Reporting: domain.ValueYTD, Stages: []string{"立项", "开工", "主体完工", "建成投产"}}
	tg := target(ms, domain.AtLeast, 4)
	tg.DueMonth = 9
	stage := func(m int, v float64) progress.Series {
		return progress.NewLevelSeries(ms, city, year, map[int]float64{m: v})
	}
	tests := []struct {
		name      string
		series    progress.Series
		dataMonth int
		want      progress.Status
		wantName  string
	}{
		{"under way before the due month", stage(6, 2), 6, progress.StatusInProgress, "开工"},
		{"not finished after the due month", stage(6, 3), 10, progress.StatusBehind, "主体完工"},
		{"finished ahead of the due month", stage(8, 4), 8, progress.StatusMet, "建成投产"},
		{"not finished at year end", stage(12, 3), 12, progress.StatusMissed, "主体完工"},
		{"no report yet", progress.NewLevelSeries(ms, city, year, nil), 6, progress.StatusNoData, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := progress.Assess(ms, tg, tt.series, nil, tt.dataMonth, progress.DefaultConfig())
			if a.Status != tt.want || a.StageName != tt.wantName {
				t.Errorf("status %s stage %q, want %s %q", a.Status, a.StageName, tt.want, tt.wantName)
			}
			if tt.want != progress.StatusNoData && (a.DueMonth != 9 || a.TargetStageName != "建成投产") {
				t.Errorf("due %d target stage %q", a.DueMonth, a.TargetStageName)
			}
		})
	}
	t.Run("description names the stages", func(t *testing.T) {
		a := progress.Assess(ms, tg, stage(6, 3), nil, 10, progress.DefaultConfig())
		if got := progress.Describe(ms, a); got != "截至6月末处于“主体完工”阶段，目标为9月底前达到“建成投产”，已逾期。" {
			t.Errorf("got %q", got)
		}
	})
}
