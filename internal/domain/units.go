package domain

import (
	"fmt"
	"sort"
	"strings"
)

// unitInfo describes one unit of measure: the dimension it belongs to and its
// factor to that dimension's base unit. Units of one dimension convert into
// each other; units of different dimensions never do.
type unitInfo struct {
	dimension string
	factor    float64
}

// units lists every unit the product accepts. Counts (户, 个, 家…) are their own
// dimension each: "个" and "家" are not the same thing and never convert.
var units = map[string]unitInfo{
	"元":     {"money", 1},
	"万元":    {"money", 1e4},
	"亿元":    {"money", 1e8},
	"%":     {"percent", 1},
	"百分点":   {"pp", 1},
	"吨":     {"mass", 1},
	"万吨":    {"mass", 1e4},
	"户":     {"count_hu", 1},
	"个":     {"count_ge", 1},
	"万个":    {"count_ge", 1e4},
	"家":     {"count_jia", 1},
	"台":     {"count_tai", 1},
	"座":     {"count_zuo", 1},
	"项":     {"count_xiang", 1},
	"辆":     {"count_liang", 1},
	"人":     {"count_ren", 1},
	"次":     {"count_ci", 1},
	"万次":    {"count_ci", 1e4},
	"亿次":    {"count_ci", 1e8},
	"吨标煤":   {"energy", 1},
	"万吨标煤":  {"energy", 1e4},
	"立方米":   {"volume", 1},
	"万立方米":  {"volume", 1e4},
	"亩":     {"area_mu", 1},
	"千瓦时":   {"electricity", 1},
	"万千瓦时":  {"electricity", 1e4},
	"亿千瓦时":  {"electricity", 1e8},
	"千瓦":    {"power", 1},
	"万千瓦":   {"power", 1e4},
	"兆瓦":    {"power", 1e3},
	"吉瓦":    {"power", 1e6},
	"元/吨":   {"price_t", 1},
	"阶段":    {"stage", 1},
	"条":     {"count_tiao", 1},
	"起":     {"count_qi", 1}, // incidents (安全生产事故零发生)
	"件":     {"count_jian", 1},
	"GW":    {"power", 1e6},
	"MW":    {"power", 1e3},
	"万千伏安":  {"apparent_power", 1e4},
	"千伏安":   {"apparent_power", 1},
	"万平方米":  {"floor_area", 1e4},
	"平方米":   {"floor_area", 1},
	"倍":     {"ratio", 1},
	"元/千瓦时": {"price_kwh", 1},
}

// KnownUnit reports whether u is a unit the product understands.
func KnownUnit(u string) bool {
	_, ok := units[strings.TrimSpace(u)]
	return ok
}

// KnownUnits returns every accepted unit, sorted, for help texts.
func KnownUnits() []string {
	out := make([]string, 0, len(units))
	for u := range units {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// ConvertUnit converts v from unit from to unit to. It fails when either unit is
// unknown or the two measure different things (亿元 and 吨, 个 and 家).
func ConvertUnit(v float64, from, to string) (float64, error) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if from == to {
		return v, nil
	}
	fi, ok := units[from]
	if !ok {
		return 0, fmt.Errorf("未知单位“%s”", from)
	}
	ti, ok := units[to]
	if !ok {
		return 0, fmt.Errorf("未知单位“%s”", to)
	}
	if fi.dimension != ti.dimension {
		return 0, fmt.Errorf("单位“%s”不能换算为“%s”", from, to)
	}
	return v * fi.factor / ti.factor, nil
}
