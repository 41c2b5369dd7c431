package domain

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
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

// unitsMu guards units: a catalogue's units table (units.csv) adds units
// while requests convert values.
var unitsMu sync.RWMutex

// UnitDef defines a unit: Base is the unit it is a multiple of (empty: a new
// kind of quantity, of which Name is the base), Factor how many Base one
// Name is (万人: Base 人, Factor 10000).
type UnitDef struct {
	Name   string  `json:"name"`
	Base   string  `json:"base,omitempty"`
	Factor float64 `json:"factor"`
}

// AddUnits adds units to the table every parser and converter uses. A unit
// already known must be defined the same way (same quantity, same factor);
// a new one joins its base's quantity. It adds all or none.
func AddUnits(defs []UnitDef) error {
	unitsMu.Lock()
	defer unitsMu.Unlock()
	pending := map[string]unitInfo{}
	lookup := func(n string) (unitInfo, bool) {
		if u, ok := pending[n]; ok {
			return u, true
		}
		u, ok := units[n]
		return u, ok
	}
	for _, d := range defs {
		name, base := strings.TrimSpace(d.Name), strings.TrimSpace(d.Base)
		if name == "" {
			return fmt.Errorf("单位名称为空")
		}
		if !(d.Factor > 0) || math.IsInf(d.Factor, 0) {
			return fmt.Errorf("单位“%s”的倍数 %v 无效，应为正数", name, d.Factor)
		}
		var info unitInfo
		if base == "" || base == name {
			if d.Factor != 1 {
				return fmt.Errorf("单位“%s”没有换算基准，倍数应为 1", name)
			}
			info = unitInfo{dimension: "custom:" + name, factor: 1}
			if cur, ok := lookup(name); ok {
				info = cur // a base unit already known stays what it is
			}
		} else {
			b, ok := lookup(base)
			if !ok {
				return fmt.Errorf("单位“%s”的换算基准“%s”未知，请先定义“%s”", name, base, base)
			}
			info = unitInfo{dimension: b.dimension, factor: b.factor * d.Factor}
		}
		if cur, ok := lookup(name); ok && (cur.dimension != info.dimension || math.Abs(cur.factor-info.factor) > 1e-9*cur.factor) {
			return fmt.Errorf("单位“%s”已有不同的定义，不能改变它的换算关系", name)
		}
		pending[name] = info
	}
	for n, u := range pending {
		units[n] = u
	}
	return nil
}

// KnownUnit reports whether u is a unit the product understands.
func KnownUnit(u string) bool {
	unitsMu.RLock()
	defer unitsMu.RUnlock()
	_, ok := units[strings.TrimSpace(u)]
	return ok
}

// KnownUnits returns every accepted unit, sorted, for help texts.
func KnownUnits() []string {
	unitsMu.RLock()
	defer unitsMu.RUnlock()
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
	unitsMu.RLock()
	defer unitsMu.RUnlock()
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

// IsCountUnit reports whether u counts things (户, 个, 家, 台…): a whole
// count prints without decimals, a measured amount with its one decimal.
func IsCountUnit(u string) bool {
	unitsMu.RLock()
	defer unitsMu.RUnlock()
	info, ok := units[strings.TrimSpace(u)]
	return ok && strings.HasPrefix(info.dimension, "count_")
}
