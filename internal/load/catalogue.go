package load

import (
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/parse"
)

// Catalogue resolves what a file says to the reference data: indicators by
// code or Chinese name, org units by code, name or short name.
type Catalogue struct {
	byCode map[string]domain.Indicator
	byName map[string]domain.Indicator
	inds   []domain.Indicator
	units  *domain.UnitIndex
}

// NewCatalogue indexes indicators and org units.
func NewCatalogue(inds []domain.Indicator, units []domain.OrgUnit) *Catalogue {
	c := &Catalogue{
		byCode: make(map[string]domain.Indicator, len(inds)),
		byName: make(map[string]domain.Indicator, len(inds)),
		inds:   inds,
		units:  domain.NewUnitIndex(units),
	}
	for _, ind := range inds {
		c.byCode[strings.ToLower(strings.TrimSpace(ind.Code))] = ind
		c.byName[nameKey(ind.Name)] = ind
	}
	return c
}

// nameKey normalises an indicator name: spaces dropped, full-width
// brackets narrowed, a trailing unit in brackets removed ("稀土产业产值（亿元）").
func nameKey(s string) string {
	name, _ := parse.SplitHeaderUnit(s)
	return strings.ToLower(strings.Join(strings.Fields(name), ""))
}

// Indicator finds an indicator by code or by Chinese name.
func (c *Catalogue) Indicator(s string) (domain.Indicator, bool) {
	if ind, ok := c.byCode[strings.ToLower(strings.TrimSpace(s))]; ok {
		return ind, true
	}
	ind, ok := c.byName[nameKey(s)]
	return ind, ok
}

// OrgUnit finds an org unit by code, name or short name.
func (c *Catalogue) OrgUnit(s string) (domain.OrgUnit, bool) {
	return c.units.Lookup(s)
}

// similarIndicators suggests up to three indicators whose name shares text
// with s or whose code starts like s, for "did you mean" hints.
func (c *Catalogue) similarIndicators(s string) []string {
	k := nameKey(s)
	if k == "" {
		return nil
	}
	var out []string
	for _, ind := range c.inds {
		n, code := nameKey(ind.Name), strings.ToLower(ind.Code)
		if strings.Contains(n, k) || strings.Contains(k, n) || commonPrefix(n, k) >= 2 ||
			strings.HasPrefix(code, k) || strings.HasPrefix(k, code) {
			out = append(out, ind.Name+"（"+ind.Code+"）")
			if len(out) == 3 {
				break
			}
		}
	}
	return out
}

// commonPrefix counts the runes two strings share at the start.
func commonPrefix(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}
