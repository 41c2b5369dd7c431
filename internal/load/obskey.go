package load

import "industrydash/internal/domain"

// packedKeys numbers the indicator and unit codes met in one validation so
// that an observation's key (indicator, unit, period, 口径) packs into one
// uint64: the maps of the file checks hash a word, not three strings.
// Layout from the high bits: indicator (20), unit (20), year (12), first
// month (4), last month (4), 口径 (2). Valid periods (1900–2200, months
// 1–12) and the catalogue's codes fit; fits reports when they do not.
type packedKeys struct {
	inds, units map[string]uint64
}

func newPackedKeys() *packedKeys {
	return &packedKeys{inds: map[string]uint64{}, units: map[string]uint64{}}
}

const (
	keyIndShift  = 42
	keyUnitShift = 22
	keyYearShift = 10
	keyFromShift = 6
	keyToShift   = 2
	keyCodeMax   = 1 << 20
	keyYearMax   = 1 << 12
)

// key returns the key of an observation of ind and unit; add numbers codes
// not met before (else ok is false for them).
func (k *packedKeys) key(ind, unit string, p domain.Period, vt domain.ValueType, add bool) (uint64, bool) {
	i, ok := k.inds[ind]
	if !ok {
		if !add || len(k.inds) >= keyCodeMax {
			return 0, false
		}
		i = uint64(len(k.inds))
		k.inds[ind] = i
	}
	u, ok := k.units[unit]
	if !ok {
		if !add || len(k.units) >= keyCodeMax {
			return 0, false
		}
		u = uint64(len(k.units))
		k.units[unit] = u
	}
	v, ok := valueTypeBits(vt)
	if !ok || p.Year < 0 || p.Year >= keyYearMax || p.From < 0 || p.From > 15 || p.To < 0 || p.To > 15 {
		return 0, false
	}
	return i<<keyIndShift | u<<keyUnitShift | withPeriod(0, p) | v, true
}

// withPeriod replaces the period of key (which must fit: see key).
func withPeriod(key uint64, p domain.Period) uint64 {
	const periodBits = (keyYearMax-1)<<keyYearShift | 15<<keyFromShift | 15<<keyToShift
	return key&^periodBits | uint64(p.Year)<<keyYearShift | uint64(p.From)<<keyFromShift | uint64(p.To)<<keyToShift
}

func valueTypeBits(vt domain.ValueType) (uint64, bool) {
	switch vt {
	case domain.ValuePeriod:
		return 1, true
	case domain.ValueYTD:
		return 2, true
	}
	return 0, false
}
