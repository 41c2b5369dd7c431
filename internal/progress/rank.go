package progress

import (
	"sort"

	"industrydash/internal/domain"
)

// UnitValue is one org unit's value of some quantity; OK false means missing.
type UnitValue struct {
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
	OK    bool    `json:"ok"`
}

// TierCount counts the units whose value lies in [min, max) — max 0 means no
// cap — and returns the count and those units in input order. Missing values
// never count. "3个超千亿元园区" is TierCount(parks, 1000, 0).
func TierCount(values []UnitValue, min, max float64) (int, []string) {
	var units []string
	for _, v := range values {
		if v.OK && v.Value >= min && (max == 0 || v.Value < max) {
			units = append(units, v.Unit)
		}
	}
	return len(units), units
}

// Ranked is a unit's place in a ranking: Rank 1 is best, tied units share a
// rank (1, 2, 2, 4), and a missing value has Rank 0 and comes last.
type Ranked struct {
	UnitValue
	Rank int `json:"rank"`
}

// Rank orders units best first: highest value first, or lowest when
// lowerIsBetter. Values equal at display precision (0.1) tie, so two units
// shown with the same figure never get different ranks. Ties and missing
// values keep their input order.
func Rank(values []UnitValue, lowerIsBetter bool) []Ranked {
	out := make([]Ranked, len(values))
	for i, v := range values {
		out[i] = Ranked{UnitValue: v}
	}
	key := func(r Ranked) float64 {
		k := Round1(r.Value)
		if lowerIsBetter {
			return -k
		}
		return k
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.OK != b.OK {
			return a.OK
		}
		return a.OK && key(a) > key(b)
	})
	for i := range out {
		switch {
		case !out[i].OK:
			out[i].Rank = 0
		case i > 0 && out[i-1].OK && key(out[i-1]) == key(out[i]):
			out[i].Rank = out[i-1].Rank
		default:
			out[i].Rank = i + 1
		}
	}
	return out
}

// RankBy names what assessments are ranked by.
type RankBy string

// The ranking measures (争先进位).
const (
	// RankByCompletion ranks by CompletionPct (a ceiling: lower is better).
	RankByCompletion RankBy = "completion"
	// RankByGap ranks by GapPP, or VsTargetPP for rates.
	RankByGap RankBy = "gap"
	// RankByGrowth ranks by YoYPct, or by the rate itself for rates.
	RankByGrowth RankBy = "growth"
)

// Label is the measure in Chinese, for a ranking's title.
func (b RankBy) Label() string {
	switch b {
	case RankByCompletion:
		return "完成率"
	case RankByGap:
		return "超序时进度"
	case RankByGrowth:
		return "增速"
	}
	return string(b)
}

// RankAssessments ranks the assessments of one indicator across units by the
// chosen measure, direction-aware (a ceiling ranks the lowest completion
// first); assessments without the measure come last with Rank 0.
func RankAssessments(as []Assessment, by RankBy) []Ranked {
	vals := make([]UnitValue, len(as))
	lower := false
	for i, a := range as {
		var p *float64
		switch by {
		case RankByCompletion:
			p = a.CompletionPct
		case RankByGap:
			p = a.GapPP
			if p == nil {
				p = a.VsTargetPP
			}
		case RankByGrowth:
			p = a.YoYPct
			if a.Kind == domain.Rate {
				p = a.Value
			}
		}
		vals[i] = UnitValue{Unit: a.OrgUnit}
		if p != nil {
			vals[i].Value, vals[i].OK = *p, true
		}
		lower = lower || a.LowerIsBetter
	}
	return Rank(vals, lower)
}

// TierPlan is one tier of a cumulative tier plan ("3个超千亿元、2个超500亿元
// 园区"): the band [Min, Max) (Max 0: no cap) and how many units the plan asks
// for (Planned; HasPlan false when the tier has no target).
type TierPlan struct {
	Min, Max float64
	Planned  float64
	HasPlan  bool
}

// CumulativeTiers counts each tier of a plan the way the plan means it: a
// unit above a tier also counts toward the tiers below it once the higher
// tier's plan is met (a park over 1000亿 is also over 500亿). Tiers are taken
// from the highest Min down; each tier's count is its own band's units plus
// the surplus of the tiers above it over their plans. 4 parks over 1000 and 1
// between 500 and 1000 against "3个超千亿、2个超500亿" count 4 and 2. A tier
// without a plan passes no surplus on, and an uncapped tier (Max 0) counts
// every unit above its Min itself. The result is in the order of tiers.
func CumulativeTiers(tiers []TierPlan, values []UnitValue) []int {
	order := make([]int, len(tiers))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return tiers[order[a]].Min > tiers[order[b]].Min })
	out := make([]int, len(tiers))
	carry := 0
	for _, i := range order {
		n, _ := TierCount(values, tiers[i].Min, tiers[i].Max)
		avail := n + carry
		if tiers[i].Max == 0 {
			avail = n // an uncapped tier (超10亿元) already counts every unit above it
		}
		out[i] = avail
		carry = 0
		if tiers[i].HasPlan && float64(avail) > tiers[i].Planned {
			carry = avail - int(tiers[i].Planned)
		}
	}
	return out
}

// NewEntrants lists, in input order, the units whose value this year lies in
// [min, max) (max 0: no cap) and whose value last year (prior, by unit) was
// known and below min: the 新增 of “2个超300亿元园区（新增1个）”. A unit
// without last year's value is not counted: it cannot be shown to be new.
func NewEntrants(values, prior []UnitValue, min, max float64) []string {
	before := map[string]UnitValue{}
	for _, p := range prior {
		before[p.Unit] = p
	}
	var out []string
	for _, v := range values {
		p := before[v.Unit]
		if v.OK && v.Value >= min && (max == 0 || v.Value < max) && p.OK && p.Value < min {
			out = append(out, v.Unit)
		}
	}
	return out
}
