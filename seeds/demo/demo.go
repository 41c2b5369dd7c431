// Package demo generates deterministic, plausible 示例数据 for a catalogue:
// monthly actuals of the baseline year (all 12 months) and of the target year
// up to a given month, for the city and for the districts, zone and parks an
// indicator breaks down to. The data tell a story a dashboard can show: some
// targets ahead of time progress, some slightly behind, some far behind, one
// with no data at all, one district late with its latest month, park
// outputs that meet the park-tier plan only in part (one park new to the
// 超200亿元 tier), and a list of demo enterprises (Enterprises, loaded as
// org units with the data) whose outputs meet the 超百亿元 plan and fall
// short of the 超10亿元 one.
package demo

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"industrydash/internal/domain"
)

// Options controls a generation run.
type Options struct {
	// Seed makes the run reproducible: the same seed gives identical output.
	Seed int64
	// Through is the last month of the target year with data, e.g. 2024-11.
	// Zero means November of the catalogue's year.
	Through domain.Period
	// RecordedAt stamps every observation. Zero means the 10th of the month
	// after Through (Beijing time), so output stays deterministic.
	RecordedAt time.Time
}

// The marks every demo observation carries.
const (
	Source     = "demo"
	RecordedBy = "demo"
)

// BatchID returns the batch id of the demo data of year, e.g. demo-2024.
func BatchID(year int) string { return fmt.Sprintf("demo-%d", year) }

// NoDataIndicator is the indicator that gets no observations at all, so a
// dashboard shows its 无数据 (grey) status.
const NoDataIndicator = "innovation.expert_team_share"

// LateDistrict is the district whose data for the Through month is missing
// (it has not reported yet); it is 固阳县.
const LateDistrict = "150222"

// RemainderShare is the part of a city flow or stock that no district
// carries (其他/市直): district figures add up to about 1 − RemainderShare
// of the city figure, never to the city figure itself.
const RemainderShare = 0.08

// pace is how a series fares against its target.
type pace int

const (
	ahead  pace = iota // 超序时进度 (green)
	slight             // 略慢 (amber)
	behind             // 滞后 (red)
)

// scenario fixes the pace of the headline indicators so that every run tells
// the same story; the other indicators draw theirs from the seed.
var scenario = map[string]pace{
	"industry.output_value":                  ahead,
	"industry.value_added_growth":            slight,
	"industry.fixed_asset_investment_growth": ahead,
	"enterprises.new_above_scale":            behind,
	"rare_earth.output_value":                behind,
	"silicon.output_value":                   slight,
	"wind.output_value":                      ahead,
	"environment.solid_waste_utilization":    behind,
	"rare_earth.green_smelting_project":      ahead,
	"silicon.daquan_semiconductor_project":   slight,
	"ev_truck.swap_stations":                 behind,
	"carbon_fiber.capacity":                  ahead,
}

// seasonal is the share of a year's flow produced in each month: low in
// January–February (Spring Festival), highest in December.
var seasonal = [12]float64{0.055, 0.055, 0.08, 0.08, 0.085, 0.09, 0.08, 0.08, 0.09, 0.085, 0.095, 0.125}

// districtWeights share a city flow or stock among the districts; they add
// up to 1 − RemainderShare.
var districtWeights = map[string]float64{
	"150202": 0.09, "150203": 0.30, "150204": 0.14, "150205": 0.03, "150206": 0.04,
	"150207": 0.12, "150221": 0.10, "150222": 0.04, "150223": 0.06,
}

// zoneShare is 稀土高新区's share of a city flow or stock (it overlaps districts).
const zoneShare = 0.16

// parkOutput is each park's (and the zone's) 2024 output up to November, in
// 亿元, chosen so that the park tiers meet the plan only in part: two parks
// over 1000 (plan 3), three in 500–1000 (plan 2), one in 300–500 (plan 2),
// two in 200–300 (plan 1), two in 100–200 (plan 2), one below 100. The
// counts stay the same on an annualised basis.
var parkOutput = map[string]float64{
	"150271":     1180, // 稀土高新区
	"P150203-01": 1320, // 昆都仑经济技术开发区
	"P150207-01": 860,  // 九原工业园区
	"P150222-01": 640,  // 金山经济开发区
	"P150221-01": 560,  // 土右新型工业园区
	"P150202-01": 430,  // 包头铝业产业园区
	"P150204-01": 250,  // 青山装备制造产业园区
	"P150223-01": 210,  // 达茂零碳园区
	"P150205-01": 150,  // 石拐工业园区
	"P150206-01": 120,  // 白云鄂博稀土资源综合利用园区
	"P150223-02": 70,   // 达茂巴润工业园区
}

// parkGrowth fixes the growth of a park's output over the baseline year:
// 达茂零碳园区 grows by 30%, from under 200亿 to over it, so the demo shows
// a new entrant (新增1个) to the 超200亿元 tier.
var parkGrowth = map[string]float64{"P150223-01": 0.30}

// parkRemainder scales the parks' sum up to the city's park output: parks not
// in the catalogue produce the rest.
const parkRemainder = 1.045

// Generate returns demo observations for every indicator of cat except tier
// counts (derived from park outputs) and NoDataIndicator: the baseline year
// cat.Year−1 in full and cat.Year through opt.Through. Flows are reported as
// the indicator's Reporting says; statistics-bureau figures start with the
// combined 1-2月. The output is ordered by indicator, unit and period.
func Generate(cat *domain.Catalogue, opt Options) []domain.Observation {
	if opt.Through.IsZero() {
		opt.Through = domain.Month(cat.Year, 11)
	}
	if opt.RecordedAt.IsZero() {
		opt.RecordedAt = time.Date(opt.Through.Year, time.Month(opt.Through.To+1), 10, 9, 0, 0, 0, domain.Beijing)
	}
	g := &gen{cat: cat, opt: opt, year: opt.Through.Year, through: opt.Through.To, enterprises: Enterprises(cat)}
	g.enterpriseIndex = map[string]int{}
	for i, u := range g.enterprises {
		g.enterpriseIndex[u.Code] = i
	}
	for _, ind := range cat.Indicators {
		if ind.Kind == domain.TierCount || ind.Code == NoDataIndicator {
			continue
		}
		for _, u := range g.units(ind) {
			g.series(ind, u)
		}
	}
	return g.out
}

type gen struct {
	cat     *domain.Catalogue
	opt     Options
	year    int // the target year
	through int // last month of the target year with data
	out     []domain.Observation
	// enterprises is the demo enterprise list (Enterprises); enterpriseIndex
	// finds one's place in it.
	enterprises     []domain.OrgUnit
	enterpriseIndex map[string]int
}

// rng returns a generator private to one (indicator, unit) series, so that
// adding an indicator to the catalogue does not change the others' data.
func (g *gen) rng(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(uint64(g.opt.Seed), h.Sum64()))
}

// units lists the units that report ind: the city (unless only a
// non-city unit has a target), every unit of the breakdown kinds, and every
// unit with a target.
func (g *gen) units(ind domain.Indicator) []domain.OrgUnit {
	targeted := map[string]bool{}
	for _, t := range g.cat.Targets {
		if t.Indicator == ind.Code {
			targeted[t.OrgUnit] = true
		}
	}
	var out []domain.OrgUnit
	for _, u := range append(append([]domain.OrgUnit{}, g.cat.OrgUnits...), g.enterprises...) {
		_, isDemo := g.enterpriseIndex[u.Code]
		switch {
		case u.Kind == domain.KindEnterprise && !targeted[u.Code] && !(isDemo && ind.Code == EnterpriseOutput):
			continue // named enterprises report their own targets; the demo list reports output
		case u.Kind == domain.KindCity && ind.Code == EnterpriseOutput:
			continue // enterprises' outputs are counted in tiers, not summed into a city figure
		case u.Kind == domain.KindCity && (targeted[u.Code] || len(targeted) == 0):
		case u.Kind == domain.KindProject && !targeted[u.Code]:
			continue // a project reports only for its own list
		case u.Kind != domain.KindCity && (ind.ReportedBy(u.Kind) || targeted[u.Code]):
			if ind.Code == "parks.output_value" && parkOutput[u.Code] == 0 {
				continue
			}
		default:
			continue
		}
		out = append(out, u)
	}
	return out
}

// target returns the target value of ind for unit code (ok false when none).
func (g *gen) target(ind string, unit string) (domain.Target, bool) {
	for _, t := range g.cat.Targets {
		if t.Indicator == ind && t.OrgUnit == unit {
			return t, true
		}
	}
	return domain.Target{}, false
}

// cityScale returns the target a unit would carry: its own target, or its
// share of the city's.
// untargeted gives the demo's annual city figure of the indicators the plan
// sets no target for but the statistics bureau publishes (in the
// indicator's unit): 工业用电量 in 亿千瓦时, above the demo's key enterprises'
// sum (about 300亿千瓦时 a year), as the whole industry is above its key
// enterprises.
var untargeted = map[string]float64{"industry.electricity": 420}

func (g *gen) scale(ind domain.Indicator, u domain.OrgUnit) float64 {
	if t, ok := g.target(ind.Code, u.Code); ok {
		return t.Value
	}
	city, ok := g.target(ind.Code, domain.CityCode)
	if !ok {
		city.Value = untargeted[ind.Code]
	}
	switch u.Kind {
	case domain.KindCity:
		return city.Value
	case domain.KindDistrict:
		return city.Value * districtWeights[u.Code]
	case domain.KindZone:
		return city.Value * zoneShare
	default:
		return city.Value * 0.9 / 10
	}
}

func (g *gen) paceOf(ind domain.Indicator, u domain.OrgUnit, r *rand.Rand) pace {
	if p, ok := scenario[ind.Code]; ok && u.Kind == domain.KindCity {
		return p
	}
	switch x := r.Float64(); {
	case x < 0.5:
		return ahead
	case x < 0.75:
		return slight
	default:
		return behind
	}
}

// ends returns the end months of the periods a year's series is published
// for: statistics-bureau figures start with the combined 1-2月.
func ends(ind domain.Indicator, last int) []int {
	first := 1
	if ind.SourceOrgan == "统计局" {
		first = 2
	}
	var out []int
	for m := first; m <= last; m++ {
		out = append(out, m)
	}
	return out
}

// series generates one unit's observations of ind for both years.
func (g *gen) series(ind domain.Indicator, u domain.OrgUnit) {
	r := g.rng(ind.Code, u.Code)
	p := g.paceOf(ind, u, r)
	if u.Kind == domain.KindProject {
		if ind.Kind == domain.Milestone {
			g.projectStages(ind, u)
		}
		return // formed capacity is taken from the designs
	}
	var base, cur map[int]float64 // end month → value
	switch ind.Kind {
	case domain.Flow:
		base, cur = g.flow(ind, u, p, r)
	case domain.Rate:
		base, cur = g.rate(ind, u, p, r)
	case domain.Stock:
		base, cur = g.stock(ind, u, p, r)
	case domain.Milestone:
		base, cur = g.milestone(ind, u, p, r)
	default:
		return
	}
	last := g.through
	if u.Code == LateDistrict {
		last-- // 固阳县 has not reported the latest month yet
	}
	g.emit(ind, u, g.year-1, base, 12)
	g.emit(ind, u, g.year, cur, last)
}

// emit appends the observations of one year: cumulative values cum by end
// month, published as YTD or as period amounts per the indicator's Reporting.
func (g *gen) emit(ind domain.Indicator, u domain.OrgUnit, year int, cum map[int]float64, last int) {
	prev := 0
	for _, m := range ends(ind, last) {
		v := cum[m]
		per := domain.YTD(year, m)
		vt := domain.ValueYTD
		if ind.Reporting == domain.ValuePeriod {
			vt = domain.ValuePeriod
			per = domain.Month(year, m) // a level or a stage at the month's end
			if ind.Kind == domain.Flow {
				per = domain.Period{Year: year, From: prev + 1, To: m} // 1-2月 combined when published so
				v = roundFor(ind, cum[m]-cum[prev])
			}
		}
		prev = m
		g.out = append(g.out, domain.Observation{
			Indicator: ind.Code, OrgUnit: u.Code, Period: per, ValueType: vt,
			Value: v, SubmittedValue: v, SubmittedUnit: ind.Unit,
			Source: Source, BatchID: BatchID(g.year), RecordedAt: g.opt.RecordedAt,
			RecordedBy: RecordedBy, Demo: true,
		})
	}
}

// cumShares returns the cumulative seasonal share by month end (index 1..12),
// with a little noise in each month, normalised so December reaches 1.
func cumShares(r *rand.Rand) [13]float64 {
	var c [13]float64
	for m := 1; m <= 12; m++ {
		c[m] = c[m-1] + seasonal[m-1]*(1+uniform(r, -0.06, 0.06))
	}
	for m := 1; m <= 12; m++ {
		c[m] /= c[12]
	}
	return c
}

// paceFactor is the annual outturn relative to the target: with the
// year-end-heavy seasonality (87.5% by November), 1.10 runs ahead of time
// progress, 1.02 a few 百分点 behind, 0.92 far behind.
func paceFactor(p pace) float64 {
	switch p {
	case ahead:
		return 1.10
	case slight:
		return 1.02
	}
	return 0.92
}

func (g *gen) flow(ind domain.Indicator, u domain.OrgUnit, p pace, r *rand.Rand) (base, cur map[int]float64) {
	var annual float64
	if i, ok := g.enterpriseIndex[u.Code]; ok && ind.Code == EnterpriseOutput {
		annual = enterpriseAnnual(i) * 11 / 12 / 0.875 // run-rate at November ≈ enterpriseAnnual(i)
	} else if v, ok := parkOutput[u.Code]; ok && ind.Code == "parks.output_value" {
		annual = v / 0.875
	} else if ind.Code == "parks.output_value" && u.Kind == domain.KindCity {
		sum := 0.0
		for _, v := range parkOutput {
			sum += v
		}
		annual = sum * parkRemainder / 0.875
	} else {
		annual = g.scale(ind, u) * paceFactor(p) * (1 + uniform(r, -0.02, 0.02))
	}
	growth := uniform(r, 0.05, 0.14)
	if gr, ok := parkGrowth[u.Code]; ok && ind.Code == "parks.output_value" {
		growth = gr
	}
	return cumulate(ind, annual/(1+growth), cumShares(r)), cumulate(ind, annual, cumShares(r))
}

func cumulate(ind domain.Indicator, annual float64, c [13]float64) map[int]float64 {
	out := map[int]float64{0: 0}
	prev := 0.0
	for m := 1; m <= 12; m++ {
		v := math.Max(prev, roundFor(ind, annual*c[m]))
		out[m], prev = v, v
	}
	return out
}

func (g *gen) rate(ind domain.Indicator, u domain.OrgUnit, p pace, r *rand.Rand) (base, cur map[int]float64) {
	t, ok := g.target(ind.Code, u.Code)
	if !ok {
		t, _ = g.target(ind.Code, domain.CityCode)
	}
	var lastBase, latest float64
	switch t.Comparator {
	case domain.DeltaPP:
		lastBase = uniform(r, 48, 56)
		if t.Baseline != nil {
			lastBase = *t.Baseline
		}
		latest = lastBase + t.Value + rateOffset(p, r)
	case domain.Approx:
		tol := 2.0
		if t.Tolerance != nil {
			tol = *t.Tolerance
		}
		lastBase = t.Value - uniform(r, 2, 8)
		switch p {
		case ahead:
			latest = t.Value + uniform(r, -0.6, 0.6)*tol
		case slight:
			latest = t.Value - tol - uniform(r, 0.2, 0.8)
		default:
			latest = t.Value - tol - uniform(r, 3, 6)
		}
	default:
		lastBase = t.Value - uniform(r, 0.5, 4)
		latest = t.Value + rateOffset(p, r)
		if u.Kind != domain.KindCity {
			latest += uniform(r, -1.5, 1.5)
		}
	}
	return ratePath(lastBase, r, 12), ratePath(latest, r, g.through)
}

// rateOffset is the distance of a rate from its target, in 百分点.
func rateOffset(p pace, r *rand.Rand) float64 {
	switch p {
	case ahead:
		return uniform(r, 0.4, 2.0)
	case slight:
		return -uniform(r, 0.2, 0.8)
	}
	return -uniform(r, 1.6, 3.5)
}

// ratePath is a published YTD rate settling from an early-year value towards
// final at month last; months after last continue around final.
func ratePath(final float64, r *rand.Rand, last int) map[int]float64 {
	start := final + uniform(r, -3, 3)
	out := map[int]float64{}
	for m := 1; m <= 12; m++ {
		x := math.Min(1, float64(m-1)/float64(max(last-1, 1)))
		v := final + (start-final)*math.Pow(1-x, 1.5)
		if m < last {
			v += uniform(r, -0.3, 0.3)
		}
		out[m] = math.Round(v*10) / 10
	}
	return out
}

func (g *gen) stock(ind domain.Indicator, u domain.OrgUnit, p pace, r *rand.Rand) (base, cur map[int]float64) {
	target := g.scale(ind, u)
	progress := float64(g.through) / 12
	var final float64
	switch p {
	case ahead:
		final = target * uniform(r, 1.0, 1.06)
	case slight:
		final = target * (progress - uniform(r, 0.01, 0.04))
	default:
		final = target * (progress - uniform(r, 0.10, 0.18))
	}
	start := math.Min(target*uniform(r, 0.6, 0.85), final*0.92)
	base, cur = map[int]float64{}, map[int]float64{}
	for m := 1; m <= 12; m++ {
		// the baseline year climbs to start; the target year from start to final by `through`
		base[m] = roundFor(ind, start*(0.9+0.1*float64(m)/12))
		x := math.Min(1, float64(m)/float64(g.through))
		v := start + (final-start)*x
		cur[m] = roundFor(ind, v)
		if m > 1 && cur[m] < cur[m-1] {
			cur[m] = cur[m-1]
		}
	}
	return base, cur
}

func (g *gen) milestone(ind domain.Indicator, u domain.OrgUnit, p pace, _ *rand.Rand) (base, cur map[int]float64) {
	t, _ := g.target(ind.Code, u.Code)
	goal := int(t.Value)
	reach := goal // the stage reached by `through`
	switch p {
	case slight:
		reach = goal - 1
	case behind:
		reach = goal - 2
	}
	reach = max(reach, 1)
	start := max(1, reach-2) // stage at the start of the target year
	base, cur = map[int]float64{}, map[int]float64{}
	for m := 1; m <= 12; m++ {
		base[m] = float64(max(1, start-1))
		if m >= 7 {
			base[m] = float64(start)
		}
		// climb evenly from start to reach, arriving by month through-2
		steps := reach - start
		arrive := max(g.through-2, 1)
		stage := start + int(math.Floor(float64(steps)*math.Min(1, float64(m)/float64(arrive))))
		cur[m] = float64(stage)
	}
	return base, cur
}

// roundFor rounds a value to what the unit is published with: whole numbers
// for counts and stages, two decimals otherwise.
func roundFor(ind domain.Indicator, v float64) float64 {
	switch ind.Unit {
	case "户", "个", "家", "台", "座", "项", "辆", "人", "条", "阶段", "亩":
		return math.Round(v)
	}
	return math.Round(v*100) / 100
}

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
