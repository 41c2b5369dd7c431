package domain

import (
	"math"
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

// builtinUnits lists the units every catalogue starts from. Counts (户, 个,
// 家…) are their own dimension each: "个" and "家" are not the same thing and
// never convert. The map is read-only: a catalogue's own units live in its
// Units value (see Units.Extend), never here.
var builtinUnits = map[string]unitInfo{
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

// UnitDef defines a unit: Base is the unit it is a multiple of (empty: a new
// kind of quantity, of which Name is the base), Factor how many Base one
// Name is (万人: Base 人, Factor 10000).
type UnitDef struct {
	Name   string  `json:"name"`
	Base   string  `json:"base,omitempty"`
	Factor float64 `json:"factor"`
}

// Units is a table of units of measure: the built-in ones plus those a
// catalogue defines (units.csv) or analysts added. It is a value: Extend
// returns a new table and never changes the one it is called on, so a
// rejected catalogue changes nothing. The zero value is the built-in table.
type Units struct {
	m map[string]unitInfo // nil: builtinUnits
}

// BuiltinUnits returns the built-in table.
func BuiltinUnits() Units { return Units{} }

func (u Units) table() map[string]unitInfo {
	if u.m == nil {
		return builtinUnits
	}
	return u.m
}

// Extend returns the table with defs added. A unit already known must be
// defined the same way (same quantity, same factor); a new one joins its
// base's quantity, and may build on a unit defined earlier in defs. It
// adds all or none: on error the result is u unchanged.
func (u Units) Extend(defs []UnitDef) (Units, error) {
	cur := u.table()
	next := make(map[string]unitInfo, len(cur)+len(defs))
	for n, i := range cur {
		next[n] = i
	}
	for _, d := range defs {
		info, err := define(next, d)
		if err != nil {
			return u, err
		}
		next[strings.TrimSpace(d.Name)] = info
	}
	return Units{m: next}, nil
}

// define works out what d means given the units in table.
func define(table map[string]unitInfo, d UnitDef) (unitInfo, error) {
	name, base := strings.TrimSpace(d.Name), strings.TrimSpace(d.Base)
	if name == "" {
		return unitInfo{}, NewError("unit.EmptyName")
	}
	if !(d.Factor > 0) || math.IsInf(d.Factor, 0) {
		return unitInfo{}, NewError("unit.BadFactor", name, d.Factor)
	}
	var info unitInfo
	if base == "" || base == name {
		if d.Factor != 1 {
			return unitInfo{}, NewError("unit.BaseFactor", name)
		}
		info = unitInfo{dimension: "custom:" + name, factor: 1}
		if cur, ok := table[name]; ok {
			info = cur // a base unit already known stays what it is
		}
	} else {
		b, ok := table[base]
		if !ok {
			return unitInfo{}, NewError("unit.UnknownBase", name, base, base)
		}
		info = unitInfo{dimension: b.dimension, factor: b.factor * d.Factor}
	}
	if cur, ok := table[name]; ok && (cur.dimension != info.dimension || math.Abs(cur.factor-info.factor) > 1e-9*cur.factor) {
		return unitInfo{}, NewError("unit.Redefined", name)
	}
	return info, nil
}

// Known reports whether name is a unit of the table.
func (u Units) Known(name string) bool {
	_, ok := u.table()[strings.TrimSpace(name)]
	return ok
}

// Names returns every unit of the table, sorted, for help texts.
func (u Units) Names() []string {
	t := u.table()
	out := make([]string, 0, len(t))
	for n := range t {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Convert converts v from unit from to unit to. It fails with a
// *Error when either unit is unknown or the two measure different
// things (亿元 and 吨, 个 and 家).
func (u Units) Convert(v float64, from, to string) (float64, error) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if from == to {
		return v, nil
	}
	t := u.table()
	fi, ok := t[from]
	if !ok {
		return 0, NewError("unit.Unknown", from)
	}
	ti, ok := t[to]
	if !ok {
		return 0, NewError("unit.Unknown", to)
	}
	if fi.dimension != ti.dimension {
		return 0, NewError("unit.Incompatible", from, to)
	}
	return v * fi.factor / ti.factor, nil
}

// IsCountUnit reports whether u counts things (户, 个, 家, 台…, and their
// multiples such as 万个 or a catalogue's 万人): a whole count prints without
// decimals, a measured amount with its one decimal.
func IsCountUnit(u string) bool {
	u = strings.TrimSpace(u)
	if isCountBase(u) {
		return true
	}
	for _, p := range []string{"万", "亿", "千", "百"} {
		if rest, ok := strings.CutPrefix(u, p); ok && isCountBase(rest) {
			return true
		}
	}
	return false
}

// isCountBase reports whether u is a built-in unit that counts things.
func isCountBase(u string) bool {
	info, ok := builtinUnits[u]
	return ok && strings.HasPrefix(info.dimension, "count_") && info.factor == 1
}
