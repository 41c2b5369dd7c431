package extract

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"industrydash/internal/domain"
)

// tokens cuts s into comparable pieces: a run of ASCII digits/letters is one
// token ("500", "MW"), every other letter is its own; punctuation is dropped.
func tokens(s string) []string {
	var out []string
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			out = append(out, run.String())
			run.Reset()
		}
	}
	for _, r := range s {
		switch {
		case isASCIIAlnum(r) || r == '.':
			run.WriteRune(r)
		case unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r):
			flush()
		default:
			flush()
			out = append(out, string(r))
		}
	}
	flush()
	return out
}

func bigrams(s string) map[string]int {
	ts := tokens(s)
	out := map[string]int{}
	if len(ts) == 1 {
		out[ts[0]]++
	}
	for i := 0; i+1 < len(ts); i++ {
		out[ts[i]+"\x00"+ts[i+1]]++
	}
	return out
}

func overlap(a, b map[string]int) int {
	n := 0
	for k, c := range a {
		if d := b[k]; d > 0 {
			n += min(c, d)
		}
	}
	return n
}

func size(a map[string]int) int {
	n := 0
	for _, c := range a {
		n += c
	}
	return n
}

// similarity scores how well an indicator's name fits a proposal: the Dice
// coefficient of the names' bigrams, or, when higher, the mean of how much of
// the name as written the indicator's name contains and how much of the
// indicator's name the sentence up to the proposal contains (the name as
// written is often short: "产值达到600亿元" after "形成先进金属材料800万吨产能").
func similarity(name, context, indicatorName string) float64 {
	ib := bigrams(indicatorName)
	nb := bigrams(name)
	if size(ib) == 0 {
		return 0
	}
	dice := 0.0
	if size(nb) > 0 {
		dice = 2 * float64(overlap(nb, ib)) / float64(size(nb)+size(ib))
	}
	if size(nb) > 0 && overlap(nb, ib) == 0 {
		// The sentence before a name lists other targets ("固定资产投资增长
		// 18%；城镇登记失业率控制在4%"): a name that shares nothing with the
		// indicator's is another quantity, however much the sentence does.
		return dice
	}
	coverage := float64(overlap(ib, bigrams(context))) / float64(size(ib))
	contained := 0.0
	if size(nb) > 0 {
		contained = float64(overlap(nb, ib)) / float64(size(nb))
	}
	return math.Max(dice, 0.5*contained+0.5*coverage)
}

// compatible reports whether a proposal can be a target of ind: the units
// convert (万 stands for 万个/万次…), a milestone is a milestone, a rate is
// in percent or 百分点.
func compatible(p Proposal, ind domain.Indicator, units domain.Units) bool {
	if p.Unit == "阶段" || ind.Kind == domain.Milestone {
		return p.Unit == "阶段" && ind.Kind == domain.Milestone
	}
	if p.Comparator == domain.DeltaPP {
		return ind.Unit == "%"
	}
	_, err := ConvertToIndicator(units, p.Value, p.Unit, ind.Unit)
	return err == nil
}

// ConvertToIndicator converts v written in unit (as the plan writes it) into
// the indicator's unit. A bare 万/亿 scales the indicator's own counted
// thing: 650万 with an indicator in 万个 is 650.
func ConvertToIndicator(units domain.Units, v float64, unit, indicatorUnit string) (float64, error) {
	switch unit {
	case "万", "亿":
		factor := 1e4
		if unit == "亿" {
			factor = 1e8
		}
		base := strings.TrimPrefix(strings.TrimPrefix(indicatorUnit, "万"), "亿")
		if base == indicatorUnit || base == "" || base == "元" {
			return 0, errUnit(unit, indicatorUnit)
		}
		scale := 1e4
		if strings.HasPrefix(indicatorUnit, "亿") {
			scale = 1e8
		}
		return v * factor / scale, nil
	case "个百分点":
		unit = "百分点"
	}
	out, err := units.Convert(v, unit, indicatorUnit)
	if err == nil {
		return out, nil
	}
	// 万/亿 before a unit the catalogue knows (万家, 亿千瓦, 万kW, 万P).
	fu, ff := scaled(unit)
	tu, tf := scaled(indicatorUnit)
	if ff == 1 && tf == 1 && fu == unit && tu == indicatorUnit {
		return 0, err
	}
	if fu == tu {
		return v * ff / tf, nil
	}
	if base, err2 := units.Convert(1, fu, tu); err2 == nil {
		return v * ff / tf * base, nil
	}
	return 0, err
}

// unitAliases are the Latin forms of units written in plans.
var unitAliases = map[string]string{"kW": "千瓦", "kWh": "千瓦时", "kVA": "千伏安", "PFLOPS": "P", "度": "千瓦时", "瓩": "千瓦", "公吨": "吨", "吨标准煤": "吨标煤"}

// scaled splits a unit into its base and the 万/亿 factor before it.
func scaled(u string) (string, float64) {
	f := 1.0
	switch {
	case strings.HasPrefix(u, "万") && len([]rune(u)) > 1:
		u, f = strings.TrimPrefix(u, "万"), 1e4
	case strings.HasPrefix(u, "亿") && len([]rune(u)) > 1:
		u, f = strings.TrimPrefix(u, "亿"), 1e8
	}
	if a, ok := unitAliases[u]; ok {
		u = a
	}
	if m, ok := powerMultiples[u]; ok {
		u, f = m.base, f*m.factor // 4GW is 400万千瓦
	}
	return u, f
}

// powerMultiples are the power units written as multiples of 千瓦.
var powerMultiples = map[string]struct {
	base   string
	factor float64
}{
	"GW": {"千瓦", 1e6}, "吉瓦": {"千瓦", 1e6}, "MW": {"千瓦", 1e3}, "兆瓦": {"千瓦", 1e3},
	"GWh": {"千瓦时", 1e6}, "MWh": {"千瓦时", 1e3},
}

type unitError struct{ from, to string }

func (e unitError) Error() string {
	return "单位“" + e.from + "”不能换算为“" + e.to + "”"
}

func errUnit(from, to string) error { return unitError{from, to} }

// scopeQualifiers are the words that set an indicator's scope (口径) when
// they stand right before the quantity: 工业固定资产投资 is not 固定资产投资
// (city-wide), 规上工业增加值 is not 工业增加值 (全口径).
var scopeQualifiers = []string{"规上", "工业", "制造业", "全社会", "全口径", "限额以上", "城镇", "民间", "社会"}

// cityWide are quantities of the whole economy: a name with one of them is
// never an industrial indicator whose name lacks it (地区生产总值 is not
// 规上工业总产值).
var cityWide = []string{"地区生产总值", "生产总值", "GDP", "经济增长", "社会消费品零售总额", "社零", "一般公共预算收入", "财政收入", "人均可支配收入", "居民收入",
	"失业率", "城镇新增就业", "新增城镇就业", "居民消费价格", "粮食", "进出口", "外贸", "限额以上固定资产投资", "研发经费投入强度", "常住人口", "城镇化率"}

// scopeConflict reports whether a name as the plan writes it and an
// indicator's name differ in scope: the quantity the name ends with is in
// the indicator's name, but the scope qualifiers right before it differ; or
// the name is a quantity of the whole economy the indicator is not.
// 规模以上 is read as 规上; 全市 and the like are no scope.
func scopeConflict(name, indicatorName string) bool {
	for _, w := range cityWide {
		if strings.Contains(name, w) && !strings.Contains(indicatorName, w) {
			return true
		}
	}
	norm := func(s string) string { return strings.ReplaceAll(s, "规模以上", "规上") }
	n, in := norm(name), norm(indicatorName)
	for _, p := range []string{"全市", "全区", "全旗", "全盟", "全省"} {
		n = strings.TrimPrefix(n, p)
	}
	quals := func(s string) (set map[string]bool, rest string) {
		set = map[string]bool{}
		for again := true; again; {
			again = false
			for _, q := range scopeQualifiers {
				if strings.HasPrefix(s, q) {
					set[q], s, again = true, s[len(q):], true
				}
			}
		}
		return set, s
	}
	if qualifiersDiffer(n, in) {
		return true
	}
	have, core := quals(n)
	if len([]rune(core)) < 2 {
		return false
	}
	at := strings.Index(in, core)
	if at < 0 {
		return false // the quantities differ: similarity decides
	}
	// The run of qualifiers right before the quantity in the indicator's name.
	before := in[:at]
	want := map[string]bool{}
	for again := true; again; {
		again = false
		for _, q := range scopeQualifiers {
			if strings.HasSuffix(before, q) {
				want[q], before, again = true, before[:len(before)-len(q)], true
			}
		}
	}
	if len(want) != len(have) {
		return true
	}
	for q := range want {
		if !have[q] {
			return true
		}
	}
	return false
}

// qualifiersDiffer looks for the start of the indicator's quantity (after
// its scope qualifiers: 固定资产投资 of 工业固定资产投资增长) in the name and
// reports whether the qualifiers right before it differ ("支撑固定资产投资
// 提高11%" is city-wide).
func qualifiersDiffer(name, indicatorName string) bool {
	leading := func(s string) (map[string]bool, string) {
		set := map[string]bool{}
		for again := true; again; {
			again = false
			for _, q := range scopeQualifiers {
				if strings.HasPrefix(s, q) {
					set[q], s, again = true, s[len(q):], true
				}
			}
		}
		return set, s
	}
	want, core := leading(indicatorName)
	cr := []rune(core)
	if len(want) == 0 || len(cr) < coreProbeRunes {
		return false
	}
	at := strings.Index(name, string(cr[:coreProbeRunes]))
	if at < 0 {
		return false
	}
	before := name[:at]
	have := map[string]bool{}
	for again := true; again; {
		again = false
		for _, q := range scopeQualifiers {
			if strings.HasSuffix(before, q) {
				have[q], before, again = true, before[:len(before)-len(q)], true
			}
		}
	}
	if len(have) != len(want) {
		return true
	}
	for q := range want {
		if !have[q] {
			return true
		}
	}
	return false
}

// coreProbeRunes: how much of an indicator's quantity qualifiersDiffer looks for.
const coreProbeRunes = 4

// topicWords name what an indicator is about (an industry, a kind of
// upgrade): an indicator whose name has one is never proposed for a target
// whose sentence lacks it ("新材料产业…产业规模突破1000亿元" is not 稀土新材料
// 产业产值; "5G工厂" is not 绿色工厂; "技术改造项目" not 节能改造项目).
var topicWords = []string{"稀土", "硅", "风电", "光伏", "新能源", "碳纤维", "高分子", "氢", "储能", "铝", "钢", "煤", "重卡", "金属",
	"节能", "节水", "绿色", "数字化", "智能", "首台套", "首批次", "专精特新", "小巨人", "创新型", "园区", "标识"}

// topicMissing reports whether the indicator names a topic the text does not.
func topicMissing(text, indicatorName string) bool {
	for _, w := range topicWords {
		if strings.Contains(indicatorName, w) && !strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// match maps each proposal to at most one indicator and each indicator to at
// most one proposal, best pairs first, and suggests a code for the rest.
func match(ps []Proposal, inds []domain.Indicator, units domain.Units) {
	type pair struct {
		p, i  int
		score float64
	}
	var pairs []pair
	for pi, p := range ps {
		ctx := p.context + p.Name
		for ii, ind := range inds {
			if !compatible(p, ind, units) || scopeConflict(p.Name, ind.Name) || topicMissing(p.topic+ctx, ind.Name) {
				continue
			}
			if s := similarity(p.Name, ctx, ind.Name); s >= MinMatchScore {
				pairs = append(pairs, pair{pi, ii, s})
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].score > pairs[b].score })
	usedP, usedI := map[int]bool{}, map[int]bool{}
	for _, pr := range pairs {
		if usedP[pr.p] || usedI[pr.i] {
			continue
		}
		usedP[pr.p], usedI[pr.i] = true, true
		ps[pr.p].Indicator = inds[pr.i].Code
		ps[pr.p].IndicatorName = inds[pr.i].Name
		ps[pr.p].MatchScore = math.Round(pr.score*100) / 100
	}
	taken := map[string]bool{}
	for _, ind := range inds {
		taken[ind.Code] = true
	}
	for pi := range ps {
		suggest(&ps[pi])
		if ps[pi].Indicator == "" {
			code := suggestCode(ps[pi], inds)
			for n := 2; taken[code]; n++ {
				code = suggestCode(ps[pi], inds) + "_" + strconv.Itoa(n)
			}
			taken[code] = true
			ps[pi].SuggestedCode = code
		}
	}
}

// suggestCode proposes a readable code for a new indicator: the prefix most
// used by the catalogue's indicators of the same section (else "city" for a
// quantity of the whole economy, "plan" for the rest), then the English of
// the name's words (output_value, investment, enterprises…), or a short hash
// of the name when no word is known.
func suggestCode(p Proposal, inds []domain.Indicator) string {
	counts := map[string]int{}
	best, bestN := "plan", 0
	if containsAny(p.Name, cityWide) {
		best = "city"
	}
	for _, ind := range inds {
		if strings.Map(normalizeRune, ind.Section) != strings.Map(normalizeRune, p.Section) || !strings.Contains(ind.Code, ".") {
			continue
		}
		prefix := ind.Code[:strings.Index(ind.Code, ".")]
		counts[prefix]++
		if counts[prefix] > bestN {
			best, bestN = prefix, counts[prefix]
		}
	}
	stem := codeStem(p)
	if stem == "" {
		stem = shortHash(p.SuggestedName)
	}
	return best + "." + stem
}

// proposeUnits sets the org unit of each matched proposal whose name names a
// unit (by name, short name or alias, two letters or more) of a kind its
// indicator breaks down to: “北奔新能源重卡产量” is 北奔's target. Of several,
// the longest name written wins.
func proposeUnits(ps []Proposal, inds []domain.Indicator, units []domain.OrgUnit) {
	byCode := map[string]domain.Indicator{}
	for _, ind := range inds {
		byCode[ind.Code] = ind
	}
	for pi := range ps {
		ind, ok := byCode[ps[pi].Indicator]
		if !ok {
			continue
		}
		best := 0
		for _, u := range units {
			if u.Kind == domain.KindCity || u.Kind == domain.KindBenchmark || !ind.ReportedBy(u.Kind) {
				continue
			}
			for _, n := range append([]string{u.Name, u.ShortName}, u.Aliases...) {
				if l := len([]rune(n)); l >= 2 && l > best && strings.Contains(ps[pi].Name, n) {
					best, ps[pi].OrgUnit = l, u.Code
				}
			}
		}
	}
}
