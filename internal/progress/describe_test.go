package progress_test

import (
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// withYoY sets the 同比 published with an observation.
func withYoY(o domain.Observation, pct float64) domain.Observation {
	o.YoYPct = &pct
	return o
}

// TestDescribePublishedStyle is the table of published-style cases: each an
// input and the exact sentence an analyst pastes into a 简报, with the status
// beside it (the sentence never contradicts the light).
func TestDescribePublishedStyle(t *testing.T) {
	f, r := flowInd(), rateInd()
	incidents := domain.Indicator{Code: "safety.accidents", Name: "较大及以上安全生产事故", Unit: "起",
		Kind: domain.Flow, Direction: domain.LowerBetter, Reporting: domain.ValuePeriod}
	energyGrowth := domain.Indicator{Code: "green.energy_intensity_growth", Name: "规上工业单位增加值能耗增速", Unit: "%",
		Kind: domain.Rate, Direction: domain.LowerBetter, Reporting: domain.ValueYTD}
	energyFall := domain.Indicator{Code: "green.energy_intensity_fall", Name: "规上工业单位增加值能耗下降率", Unit: "%",
		Kind: domain.Rate, Direction: domain.HigherBetter, Reporting: domain.ValueYTD}
	share := domain.Indicator{Code: "environment.solid_waste_utilization", Name: "一般工业固废综合利用率", Unit: "%",
		Kind: domain.Rate, Direction: domain.HigherBetter, Reporting: domain.ValueYTD}
	rateAt := func(ind domain.Indicator, m int, v float64) progress.Series {
		return progress.BuildSeries(ind, city, year, []domain.Observation{ytd(ind, m, v)})
	}
	delta := target(share, domain.DeltaPP, 2)
	delta.Baseline = fp(30)
	deltaShort := target(share, domain.DeltaPP, 2)
	deltaShort.Baseline = fp(30)
	approx5 := target(r, domain.Approx, 5)
	approx5.Tolerance = fp(1)
	cfg := progress.DefaultConfig()
	bench := []progress.Benchmark{{OrgUnit: "000000", Name: "全国", Value: 5.9}, {OrgUnit: "150000", Name: "全区", Value: 7.7}}

	tests := []struct {
		name   string
		ind    domain.Indicator
		tgt    *domain.Target
		cur    progress.Series
		last   *progress.Series
		month  int
		bench  []progress.Benchmark
		status progress.Status
		want   string
	}{
		{"gap is the difference of the printed figures (45.2 − 41.7)", f, target(f, domain.AtLeast, 1000), at(f, 5, 452.4), nil, 5, nil,
			progress.StatusAhead, "1—5月累计452.4亿元，完成年度目标的45.2%，超序时进度3.5个百分点。"},
		{"ahead: no required pace", f, target(f, domain.AtLeast, 1000), ytdSeries(f, 100, 200, 300), nil, 3, nil,
			progress.StatusAhead, "1—3月累计300.0亿元，完成年度目标的30.0%，超序时进度5.0个百分点。"},
		{"behind: required pace given", f, target(f, domain.AtLeast, 1200), ytdSeries(f, 50, 100, 150), nil, 3, nil,
			progress.StatusBehind, "1—3月累计150.0亿元，完成年度目标的12.5%，慢序时进度12.5个百分点；剩余9个月需月均完成116.7亿元，为前3个月月均的2.33倍。"},
		{"a flow short of its target never reads 100%", f, target(f, domain.AtLeast, 6000), at(f, 11, 5997.6), nil, 11, nil,
			progress.StatusAhead, "1—11月累计5997.6亿元，完成年度目标的99.96%，差2.4亿元，超序时进度8.3个百分点。"},
		{"a hair behind time progress is not level with it", f, target(f, domain.AtLeast, 1000), at(f, 5, 416.6), nil, 5, nil,
			progress.StatusSlightlyBehind, "1—5月累计416.6亿元，完成年度目标的41.66%，慢序时进度0.01个百分点；剩余7个月需月均完成83.3亿元，为前5个月月均的1.0倍。"},
		{"year end, short of the target", f, target(f, domain.AtLeast, 6000), at(f, 12, 5065.3), nil, 12, nil,
			progress.StatusMissed, "全年完成5065.3亿元，完成年度目标的84.4%，差934.7亿元，未完成年度目标。"},
		{"year end, just short", f, target(f, domain.AtLeast, 6000), at(f, 12, 5997.6), nil, 12, nil,
			progress.StatusMissed, "全年完成5997.6亿元，完成年度目标的99.96%，差2.4亿元，未完成年度目标。"},
		{"year end, exceeded", f, target(f, domain.AtLeast, 6000), at(f, 12, 6100), nil, 12, nil,
			progress.StatusMet, "全年完成6100.0亿元，完成年度目标的101.7%，超额完成100.0亿元。"},
		{"year end, exactly met", f, target(f, domain.AtLeast, 6000), at(f, 12, 6000), nil, 12, nil,
			progress.StatusMet, "全年完成6000.0亿元，完成年度目标的100.0%。"},
		{"year-end rate reads 全年, benchmarks at the printed precision", r, target(r, domain.AtLeast, 15), rateAt(r, 12, 14.96), nil, 12,
			[]progress.Benchmark{{Name: "全国", Value: 5.8}},
			progress.StatusMissed, "全年同比增长14.96%，高于全国9.16个百分点，低于目标0.04个百分点。"},
		{"published 同比 is used as published", f, target(f, domain.AtLeast, 1000),
			progress.BuildSeries(f, city, year, []domain.Observation{withYoY(ytd(f, 6, 566), 8.2)}),
			lastYear(f, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600), 6, nil,
			progress.StatusAhead, "1—6月累计566.0亿元，同比增长8.2%，完成年度目标的56.6%，超序时进度6.6个百分点。"},
		{"computed 同比 is marked 推算", f, target(f, domain.AtLeast, 1000), at(f, 6, 566),
			lastYear(f, 50, 100, 150, 200, 250, 500, 550, 600, 650, 700, 750, 800), 6, nil,
			progress.StatusAhead, "1—6月累计566.0亿元，同比增长13.2%（推算），完成年度目标的56.6%，超序时进度6.6个百分点。"},
		{"zero ceiling kept", incidents, target(incidents, domain.AtMost, 0), ytdSeries(incidents, 0, 0, 0, 0, 0), nil, 5, nil,
			progress.StatusMet, "1—5月累计0起，实现零发生目标。"},
		{"zero ceiling broken", incidents, target(incidents, domain.AtMost, 0), ytdSeries(incidents, 0, 0, 1, 1, 1), nil, 5, nil,
			progress.StatusFailed, "1—5月累计1起，未实现零发生目标。"},
		{"rate just under target is not 持平", r, target(r, domain.AtLeast, 15), rateAt(r, 7, 14.96), nil, 7, nil,
			progress.StatusSlightlyBehind, "1—7月同比增长14.96%，低于目标0.04个百分点。"},
		{"rate against benchmarks and target", r, target(r, domain.AtLeast, 15), rateAt(r, 7, 15.1), nil, 7, bench,
			progress.StatusMet, "1—7月同比增长15.1%，高于全国、全区9.2、7.4个百分点，高于目标0.1个百分点。"},
		{"a 当月 rate is never worded 1—n月", r, target(r, domain.AtLeast, 15),
			progress.BuildSeries(r, city, year, []domain.Observation{month(r, 7, 15.3)}), nil, 7, nil,
			progress.StatusMet, "7月当月同比增长15.3%，高于目标0.3个百分点。"},
		{"an old rate is 数据未更新, not green", r, target(r, domain.AtLeast, 9), rateAt(r, 3, 13), nil, 5, nil,
			progress.StatusStale, "数据未更新（最新为1—3月数据），1—3月同比增长13.0%，高于目标4个百分点。"},
		{"zero growth is 持平", r, target(r, domain.AtLeast, 5), rateAt(r, 6, 0), nil, 6, nil,
			progress.StatusBehind, "1—6月同比持平，低于目标5个百分点。"},
		{"a fall held to 下降3% exceeded, by 降幅", energyGrowth, target(energyGrowth, domain.AtMost, -3), rateAt(energyGrowth, 6, -3.5), nil, 6, nil,
			progress.StatusMet, "1—6月同比下降3.5%，降幅超目标0.5个百分点。"},
		{"a fall held to 下降3% not reached", energyGrowth, target(energyGrowth, domain.AtMost, -3), rateAt(energyGrowth, 6, -2.5), nil, 6, nil,
			progress.StatusSlightlyOver, "1—6月同比下降2.5%，降幅低于目标0.5个百分点。"},
		{"a decline rate against its decline target", energyFall, target(energyFall, domain.AtLeast, 3), rateAt(energyFall, 6, 3.5), nil, 6, nil,
			progress.StatusMet, "1—6月下降3.5%，降幅超目标0.5个百分点。"},
		{"a fall that turned into a rise", energyGrowth, target(energyGrowth, domain.AtMost, -3), rateAt(energyGrowth, 6, 1.2), nil, 6, nil,
			progress.StatusOver, "1—6月同比增长1.2%，未实现下降3%的目标。"},
		{"delta_pp reads 较上年提高", share, delta, rateAt(share, 6, 32.5), nil, 6, nil,
			progress.StatusMet, "1—6月为32.5%，较上年提高2.5个百分点，超目标0.5个百分点。"},
		{"5%左右 far below is measured from the target, not the band", r, approx5, rateAt(r, 6, 1), nil, 6, nil,
			progress.StatusBehind, "1—6月同比增长1.0%，低于目标4个百分点。"},
		{"5%左右 inside the band reads the gap and the band", r, approx5, rateAt(r, 6, 4.6), nil, 6, nil,
			progress.StatusMet, "1—6月同比增长4.6%，低于目标0.4个百分点，在目标范围内。"},
		{"5%左右 met exactly", r, approx5, rateAt(r, 6, 5), nil, 6, nil,
			progress.StatusMet, "1—6月同比增长5.0%，与目标持平。"},
		{"5%左右 above the band", r, approx5, rateAt(r, 6, 7.2), nil, 6, nil,
			progress.StatusMet, "1—6月同比增长7.2%，高于目标2.2个百分点。"},
		{"delta_pp short of its rise", share, deltaShort, rateAt(share, 6, 31.2), nil, 6, nil,
			progress.StatusSlightlyBehind, "1—6月为31.2%，较上年提高1.2个百分点，低于目标0.8个百分点。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := progress.Assess(tt.ind, tt.tgt, tt.cur, tt.last, tt.month, cfg)
			a.Benchmarks = tt.bench
			if a.Status != tt.status {
				t.Errorf("status = %s, want %s", a.Status, tt.status)
			}
			if got := progress.Describe(tt.ind, a); got != tt.want {
				t.Errorf("sentence\n got  %s\n want %s", got, tt.want)
			}
		})
	}
}

func TestPrintedGapAgreesWithTheSentence(t *testing.T) {
	f := flowInd()
	a := progress.Assess(f, target(f, domain.AtLeast, 1000), at(f, 5, 452.4), nil, 5, progress.DefaultConfig())
	wantNum(t, "GapPP (full precision)", a.GapPP, 45.24-500.0/12)
	wantNum(t, "PrintedGap", a.PrintedGap(), 3.5)
}

func TestPhraseHeadline(t *testing.T) {
	r := rateInd()
	s := progress.BuildSeries(r, city, year, []domain.Observation{ytd(r, 7, 15.1)})
	a := progress.Assess(r, target(r, domain.AtLeast, 15), s, nil, 7, progress.DefaultConfig())
	a.Benchmarks = []progress.Benchmark{{Name: "全国", Value: 5.9}, {Name: "全区", Value: 7.7}}
	tests := []struct {
		name string
		a    progress.Assessment
		view int
		want string
	}{
		{"benchmarks and target", a, 7, "1—7月，全市规上工业增加值同比增长15.1%，高于全国、全区9.2、7.4个百分点，高于目标0.1个百分点。"},
		{"older than the briefing", a, 8, "1—7月，全市规上工业增加值同比增长15.1%，高于全国、全区9.2、7.4个百分点，高于目标0.1个百分点（8月数据尚未发布）。"},
	}
	flat := progress.Assess(r, target(r, domain.AtLeast, 5), progress.BuildSeries(r, city, year, []domain.Observation{ytd(r, 3, 0)}), nil, 3, progress.DefaultConfig())
	tests = append(tests, struct {
		name string
		a    progress.Assessment
		view int
		want string
	}{"flat reads 同比持平", flat, 3, "1—3月，全市规上工业增加值同比持平，低于目标5个百分点。"})
	mixed := a
	mixed.Benchmarks = []progress.Benchmark{{Name: "全国", Value: 14.5}, {Name: "全区", Value: 15.4}}
	tests = append(tests, struct {
		name string
		a    progress.Assessment
		view int
		want string
	}{"benchmarks either side", mixed, 7, "1—7月，全市规上工业增加值同比增长15.1%，高于全国0.6个百分点，低于全区0.3个百分点，高于目标0.1个百分点。"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := progress.PhraseHeadline(r, tt.a, "全市规上工业增加值", tt.view); got != tt.want {
				t.Errorf("\n got  %s\n want %s", got, tt.want)
			}
		})
	}
}

func TestMoreThanIsStrict(t *testing.T) {
	st := stockInd()
	more := target(st, domain.MoreThan, 450)
	at450 := progress.NewLevelSeries(st, city, year, map[int]float64{12: 450})
	a := progress.Assess(st, more, at450, nil, 12, progress.DefaultConfig())
	if a.Status == progress.StatusMet {
		t.Fatalf("450 against 超过450 is met")
	}
	if got, want := progress.Describe(st, a), "截至12月末为450座，为目标的100.0%，尚未超过目标（须超过450座）。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	b := progress.Assess(st, more, progress.NewLevelSeries(st, city, year, map[int]float64{12: 451}), nil, 12, progress.DefaultConfig())
	if b.Status != progress.StatusMet {
		t.Errorf("451 against 超过450: %s, want met", b.Status)
	}
	if got := progress.TargetText(st, *more); got != "超过450座" {
		t.Errorf("target text %q", got)
	}
}

func TestStockWithoutBaselineSaysSo(t *testing.T) {
	st := stockInd()
	a := progress.Assess(st, target(st, domain.AtLeast, 15), progress.NewLevelSeries(st, city, year, map[int]float64{6: 9}), nil, 6, progress.DefaultConfig())
	if a.StatusKey == "green" {
		t.Errorf("a stock short of its target without a baseline is green")
	}
	if got, want := progress.Describe(st, a), "截至6月末为9座，为目标的60.0%，缺基数（2023年末数），无法按序时进度判断。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestAnnualIndicatorIsNotMissing(t *testing.T) {
	ind := domain.Indicator{Code: "environment.solid_waste_utilization", Name: "一般工业固废综合利用率", Unit: "%",
		Kind: domain.Rate, Direction: domain.HigherBetter, Reporting: domain.ValueYTD, Annual: true}
	tg := target(ind, domain.DeltaPP, 2)
	a := progress.Assess(ind, tg, progress.Series{Indicator: ind.Code, OrgUnit: city, Year: year}, nil, 7, progress.DefaultConfig())
	if a.Status != progress.StatusAnnual || a.StatusLabel != "年度指标" || a.StatusKey != "grey" {
		t.Errorf("status %s/%s/%s, want annual/年度指标/grey", a.Status, a.StatusLabel, a.StatusKey)
	}
	if got := progress.Describe(ind, a); got != "年度指标，全年数据于年末统计后发布。" {
		t.Errorf("sentence %q", got)
	}
	tg.Baseline = fp(30)
	s := progress.BuildSeries(ind, city, year, []domain.Observation{ytd(ind, 12, 32.5)})
	b := progress.Assess(ind, tg, s, nil, 12, progress.DefaultConfig())
	if b.Status != progress.StatusMet {
		t.Errorf("year-end figure: status %s, want met", b.Status)
	}
}

func TestCompletionClause(t *testing.T) {
	f := flowInd()
	for _, c := range []struct {
		name  string
		ytd   float64
		month int
		want  string
	}{
		{"during the year", 452.4, 5, "完成年度目标的45.2%，超序时进度3.5个百分点"},
		{"year end, short", 5065.3, 12, "完成年度目标的84.4%，差934.7亿元，未完成年度目标"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tgt := 1000.0
			if c.month == 12 {
				tgt = 6000
			}
			a := progress.Assess(f, target(f, domain.AtLeast, tgt), at(f, c.month, c.ytd), nil, c.month, progress.DefaultConfig())
			if got := progress.CompletionClause(a); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestValueTextAgreesWithTheSentence(t *testing.T) {
	r := rateInd()
	a := progress.Assess(r, target(r, domain.AtLeast, 15), progress.BuildSeries(r, city, year, []domain.Observation{ytd(r, 12, 14.96)}), nil, 12, progress.DefaultConfig())
	if got := a.ValueText(); got != "14.96%" {
		t.Errorf("ValueText %q, want 14.96%% (15%% would read as met beside 低于目标0.04个百分点)", got)
	}
	f := flowInd()
	b := progress.Assess(f, target(f, domain.AtLeast, 6000), at(f, 12, 5997.6), nil, 12, progress.DefaultConfig())
	if got := b.CompletionText(); got != "99.96%" {
		t.Errorf("CompletionText %q, want 99.96%%", got)
	}
}

func TestPhasedTargetReadsAgainstItsPlan(t *testing.T) {
	f := domain.Indicator{Code: "enterprises.new_specialized_sme", Name: "新增“专精特新”中小企业", Unit: "家",
		Kind: domain.Flow, Direction: domain.HigherBetter, Reporting: domain.ValuePeriod}
	tg := target(f, domain.AtLeast, 10)
	tg.Phasing = []float64{0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1} // two batches
	before := progress.Assess(f, tg, at(f, 5, 0), nil, 5, progress.DefaultConfig())
	if before.StatusKey != "green" {
		t.Errorf("before the first batch: %s, want green (nothing is due yet)", before.Status)
	}
	if got, want := progress.Describe(f, before), "1—5月累计0家，完成年度目标的0.0%，与计划进度持平。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	after := progress.Assess(f, tg, at(f, 6, 3), nil, 6, progress.DefaultConfig())
	if got, want := progress.Describe(f, after), "1—6月累计3家，完成年度目标的30.0%，慢计划进度20.0个百分点；剩余6个月需月均完成1.2家，为前6个月月均的2.33倍。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
