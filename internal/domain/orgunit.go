package domain

import (
	"strings"
)

// UnitKind classifies org units. Districts are children of the city; parks and
// functional zones overlap districts and are never summed with them.
type UnitKind string

// The org unit kinds.
const (
	KindCity       UnitKind = "city"       // 市
	KindDistrict   UnitKind = "district"   // 旗县区
	KindZone       UnitKind = "zone"       // 功能区 (稀土高新区)
	KindPark       UnitKind = "park"       // 园区
	KindEnterprise UnitKind = "enterprise" // 企业
	// KindBenchmark units (全国, 内蒙古自治区) publish figures the city is
	// compared with; they are never summed into, ranked with or shown as
	// districts.
	KindBenchmark UnitKind = "benchmark" // 对标地区
	// KindProject units are the projects of a project list (重点项目, 节能
	// 改造项目), loaded from a project register; Parent is the hosting
	// district or park. They report their stage, never summed as districts.
	KindProject UnitKind = "project" // 项目
)

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool {
	switch k {
	case KindCity, KindDistrict, KindZone, KindPark, KindEnterprise, KindBenchmark, KindProject:
		return true
	}
	return false
}

// Label is the Chinese name of the kind.
func (k UnitKind) Label() string {
	switch k {
	case KindCity:
		return "市"
	case KindDistrict:
		return "旗县区"
	case KindZone:
		return "功能区"
	case KindPark:
		return "园区"
	case KindEnterprise:
		return "企业"
	case KindBenchmark:
		return "对标地区"
	case KindProject:
		return "项目"
	}
	return string(k)
}

// OrgUnit is a reporting unit: the city, a district (GB/T 2260 code), a
// functional zone or park (project code), or an enterprise.
type OrgUnit struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	ShortName string   `json:"short_name,omitempty"`
	Kind      UnitKind `json:"kind"`
	Parent    string   `json:"parent,omitempty"` // containing unit's code; parks name the district they lie in
	Order     int      `json:"order"`
	// Aliases are further names people type for the unit (内蒙古自治区: 全区, 自治区).
	Aliases []string `json:"aliases,omitempty"`
}

// PrintName is the name a comparison prints: the short name when there is
// one (全区 for 内蒙古自治区), else the name.
func (u OrgUnit) PrintName() string {
	if u.ShortName != "" {
		return u.ShortName
	}
	return u.Name
}

// Benchmark codes: 全国 has no GB/T 2260 code and takes 100000, the code
// statistical databases use for the country; 内蒙古自治区 is 150000.
const (
	NationCode = "100000"
	RegionCode = "150000"
)

// CityCode is the GB/T 2260 code of 包头市, the default unit of every target.
const CityCode = "150200"

// Validate checks the fields a unit must have.
func (u OrgUnit) Validate() error {
	switch {
	case strings.TrimSpace(u.Code) == "":
		return NewError("domain.NoUnitCode")
	case strings.TrimSpace(u.Name) == "":
		return NewError("domain.UnitNoName", u.Code)
	case !u.Kind.Valid():
		return NewError("domain.BadUnitKind", u.Code, u.Kind)
	}
	return nil
}

// UnitIndex resolves what a person types (a code, a full name or a short
// name) to an org unit.
type UnitIndex struct {
	byKey map[string]OrgUnit
	list  []OrgUnit
}

// NewUnitIndex indexes units by code, name and short name.
func NewUnitIndex(list []OrgUnit) *UnitIndex {
	ix := &UnitIndex{byKey: make(map[string]OrgUnit, 3*len(list)), list: list}
	for _, u := range list {
		for _, k := range append([]string{u.Code, u.Name, u.ShortName}, u.Aliases...) {
			if k = normKey(k); k != "" {
				ix.byKey[k] = u
			}
		}
	}
	return ix
}

// Lookup finds a unit by code or Chinese name.
func (ix *UnitIndex) Lookup(s string) (OrgUnit, bool) {
	u, ok := ix.byKey[normKey(s)]
	return u, ok
}

// All returns the indexed units in their given order.
func (ix *UnitIndex) All() []OrgUnit { return ix.list }

func normKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}
