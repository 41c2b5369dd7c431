package load

import (
	"sort"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/parse"
	"industrydash/seeds"
)

// Catalogue resolves what a file says to the reference data: indicators by
// code, Chinese name or alias, org units by code, name or short name.
//
// Names match through the alias rules of the statistics bureau's writing
// (see CanonicalName): 规上 = 规模以上, 增速 = 增长 = 增长率 = 增幅 at the end
// of a name, full-width = half-width, spaces ignored. A rule never crosses
// a scope: 工业总产值 is not 规上工业总产值 and 固定资产投资 is not
// 工业固定资产投资, because only these spellings are equated, never a
// shorter name with a longer one. Analysts add further aliases (AddAlias).
type Catalogue struct {
	byCode  map[string]domain.Indicator
	byName  map[string]domain.Indicator
	aliases map[string]string // canonical alias → indicator code
	inds    []domain.Indicator
	units   *domain.UnitIndex
	// measures is the table of units of measure figures are read with.
	measures domain.Units
	// refs holds one shared copy of each indicator by exact code, so that
	// a validated row refers to its indicator instead of copying it.
	refs map[string]*domain.Indicator
}

// NewCatalogue indexes indicators and org units; figures are read with
// the base units of measure (seeds.BaseUnits).
func NewCatalogue(inds []domain.Indicator, units []domain.OrgUnit) *Catalogue {
	return newCatalogue(inds, units, seeds.BaseUnits())
}

func newCatalogue(inds []domain.Indicator, units []domain.OrgUnit, measures domain.Units) *Catalogue {
	c := &Catalogue{
		byCode:   make(map[string]domain.Indicator, len(inds)),
		byName:   make(map[string]domain.Indicator, len(inds)),
		aliases:  map[string]string{},
		inds:     inds,
		units:    domain.NewUnitIndex(units),
		measures: measures,
		refs:     make(map[string]*domain.Indicator, len(inds)),
	}
	own := append([]domain.Indicator(nil), inds...)
	for k := range own {
		c.refs[own[k].Code] = &own[k]
	}
	for _, ind := range inds {
		c.byCode[strings.ToLower(strings.TrimSpace(ind.Code))] = ind
		c.byName[CanonicalName(ind.Name)] = ind
	}
	return c
}

// Measures returns the table of units of measure figures are read with.
func (c *Catalogue) Measures() domain.Units { return c.measures }

// ParseFile parses the file at path within parse.DefaultLimits, reading
// units of measure with the catalogue's table.
func (c *Catalogue) ParseFile(path string) (*parse.Result, error) {
	lim := parse.DefaultLimits
	lim.Units = c.measures
	return parse.FileWith(path, lim)
}

// ref returns the shared copy of the indicator with exact code code.
func (c *Catalogue) ref(code string) *domain.Indicator { return c.refs[code] }

// OrgUnits returns the catalogue's org units.
func (c *Catalogue) OrgUnits() []domain.OrgUnit { return c.units.All() }

// Indicators returns the catalogue's indicators.
func (c *Catalogue) Indicators() []domain.Indicator { return c.inds }

// AddAlias makes alias another name of the indicator code. It returns
// false when the code is unknown or the alias already names a different
// indicator (an alias never overrides a catalogue name).
func (c *Catalogue) AddAlias(alias, code string) bool {
	ind, ok := c.byCode[strings.ToLower(strings.TrimSpace(code))]
	k := CanonicalName(alias)
	if !ok || k == "" {
		return false
	}
	if other, has := c.byName[k]; has && other.Code != ind.Code {
		return false
	}
	c.aliases[k] = ind.Code
	return true
}

// nameKey normalises an indicator name: spaces dropped, full-width
// brackets narrowed, a trailing unit in brackets removed ("稀土产业产值（亿元）").
func nameKey(s string) string {
	name, _ := parse.SplitHeaderUnit(s, domain.BuiltinUnits())
	return strings.ToLower(strings.Join(strings.Fields(parse.Narrow(name)), ""))
}

// growthSuffixes are the ways a name ends in "growth rate"; all read 增速.
var growthSuffixes = []string{"同比增长率", "同比增长", "同比增速", "同比增幅", "增长率", "增长", "增幅", "增速"}

// CanonicalName is the form names are compared in: nameKey, 规模以上 → 规上,
// and a trailing 增长/增长率/增幅/同比增长 → 增速.
func CanonicalName(s string) string {
	k := nameKey(s)
	k = strings.ReplaceAll(k, "规模以上", "规上")
	k = strings.TrimSuffix(k, "(%)")
	for _, suf := range growthSuffixes {
		if strings.HasSuffix(k, suf) && k != suf {
			return strings.TrimSuffix(k, suf) + "增速"
		}
	}
	return k
}

// Indicator finds an indicator by code, by Chinese name or by alias.
func (c *Catalogue) Indicator(s string) (domain.Indicator, bool) {
	if ind, ok := c.byCode[strings.ToLower(strings.TrimSpace(s))]; ok {
		return ind, true
	}
	k := CanonicalName(s)
	if ind, ok := c.byName[k]; ok {
		return ind, true
	}
	if code, ok := c.aliases[k]; ok {
		return c.byCode[strings.ToLower(code)], true
	}
	return domain.Indicator{}, false
}

// RateFor finds the rate indicator of a name that publishes only its
// growth: 规模以上工业增加值 → 规模以上工业增加值增速.
func (c *Catalogue) RateFor(s string) (domain.Indicator, bool) {
	if ind, ok := c.Indicator(s); ok && ind.Kind == domain.Rate {
		return ind, true
	}
	ind, ok := c.Indicator(nameKey(s) + "增速")
	if ok && ind.Kind == domain.Rate {
		return ind, true
	}
	return domain.Indicator{}, false
}

// cityWords are what statistics tables write for the city's own row.
var cityWords = map[string]bool{"全市": true, "全市合计": true, "合计": true, "总计": true, "全市总计": true, "包头市合计": true, "全市汇总": true, "汇总": true}

// OrgUnit finds an org unit by code, name or short name; also the ways
// tables write them: 全市/全市合计 for the city, a name without its 区/县/旗
// ("九原" for 九原区), with the city's name in front ("包头市九原区").
func (c *Catalogue) OrgUnit(s string) (domain.OrgUnit, bool) {
	if u, ok := c.units.Lookup(s); ok {
		return u, true
	}
	n := strings.Join(strings.Fields(parse.Narrow(s)), "")
	if n == "" {
		return domain.OrgUnit{}, false
	}
	if cityWords[n] {
		for _, u := range c.units.All() {
			if u.Kind == domain.KindCity {
				return u, true
			}
		}
	}
	for _, u := range c.units.All() {
		if u.Kind == domain.KindCity {
			if rest, ok := strings.CutPrefix(n, u.Name); ok && rest != "" {
				if v, ok := c.units.Lookup(rest); ok {
					return v, true
				}
				n = rest
			}
		}
	}
	for _, suf := range []string{"区", "县", "旗"} {
		if u, ok := c.units.Lookup(n + suf); ok {
			return u, true
		}
	}
	// A contraction: the name's characters in order, the first one the
	// same (白云矿区 for 白云鄂博矿区), or the end of a name (高新区 for
	// 稀土高新区), when exactly one district, zone or park fits.
	var found domain.OrgUnit
	hits := 0
	for _, u := range c.units.All() {
		switch u.Kind {
		case domain.KindDistrict, domain.KindZone, domain.KindPark:
		default:
			continue
		}
		for _, name := range []string{u.Name, u.ShortName} {
			if contraction(n, name) || len([]rune(n)) >= 3 && strings.HasSuffix(name, n) && name != n {
				if found.Code != u.Code {
					hits++
				}
				found = u
				break
			}
		}
	}
	if hits == 1 {
		return found, true
	}
	return domain.OrgUnit{}, false
}

// contraction reports whether short is long with characters left out,
// starting with the same character and at least two characters long.
func contraction(short, long string) bool {
	s, l := []rune(short), []rune(long)
	if len(s) < 2 || len(s) >= len(l) || s[0] != l[0] {
		return false
	}
	i := 0
	for _, r := range l {
		if i < len(s) && s[i] == r {
			i++
		}
	}
	return i == len(s)
}

// UnitInText finds the org unit a title names ("…包头市规模以上工业主要指标"
// → 包头市), the longest name found; the city when none is.
func (c *Catalogue) UnitInText(s string) (domain.OrgUnit, bool) {
	n := strings.Join(strings.Fields(parse.Narrow(s)), "")
	var best domain.OrgUnit
	bestLen := 0
	var city domain.OrgUnit
	hasCity := false
	for _, u := range c.units.All() {
		if u.Kind == domain.KindCity && !hasCity {
			city, hasCity = u, true
		}
		if u.Kind == domain.KindBenchmark || u.Kind == domain.KindProject {
			continue
		}
		for _, name := range []string{u.Name, u.ShortName} {
			if len([]rune(name)) >= 2 && strings.Contains(n, name) && len(name) > bestLen {
				best, bestLen = u, len(name)
			}
		}
	}
	if bestLen > 0 {
		return best, true
	}
	return city, hasCity
}

// similarIndicators suggests up to three indicators for an unknown name:
// only indicators of the same quantity (the same last two characters:
// 产值, 增速, 产能 …, or the same code prefix) whose names are close, nearest
// first, so that a suggestion is never a different quantity.
func (c *Catalogue) similarIndicators(s string) []string {
	k := CanonicalName(s)
	if k == "" {
		return nil
	}
	kr := []rune(k)
	type cand struct {
		d    int
		text string
	}
	var cs []cand
	for _, ind := range c.inds {
		n, code := CanonicalName(ind.Name), strings.ToLower(ind.Code)
		if len(k) >= 3 && (strings.HasPrefix(code, strings.ToLower(k)) || strings.HasPrefix(strings.ToLower(k), code)) {
			cs = append(cs, cand{0, ind.Name + "（" + ind.Code + "）"})
			continue
		}
		nr := []rune(n)
		if len(kr) < 2 || len(nr) < 2 || string(kr[len(kr)-2:]) != string(nr[len(nr)-2:]) {
			continue
		}
		d := editDistance(kr, nr)
		if d <= max(2, min(len(kr), len(nr))/3) {
			cs = append(cs, cand{d, ind.Name + "（" + ind.Code + "）"})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].d < cs[b].d })
	var out []string
	for _, c := range cs {
		out = append(out, c.text)
		if len(out) == 3 {
			break
		}
	}
	return out
}

// editDistance is the Levenshtein distance of two rune strings.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
