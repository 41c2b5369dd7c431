package load

import (
	"math/rand"
	"testing"

	"industrydash/internal/domain"
)

// TestPackedKeysAreObsKeys: two observations get the same packed key
// exactly when their domain.ObsKey is the same, and withPeriod gives the
// key of the same series in another period.
func TestPackedKeysAreObsKeys(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	k := newPackedKeys()
	seen := map[uint64]domain.ObsKey{}
	byObs := map[domain.ObsKey]uint64{}
	inds := []string{"industry.output_value", "a", "b", "rare_earth.output"}
	units := []string{"150200", "150202", "150203", "E0001"}
	vts := []domain.ValueType{domain.ValuePeriod, domain.ValueYTD}
	for n := 0; n < 20000; n++ {
		from := 1 + rng.Intn(12)
		o := domain.ObsKey{Indicator: inds[rng.Intn(len(inds))], OrgUnit: units[rng.Intn(len(units))],
			Period: domain.Period{Year: 1900 + rng.Intn(301), From: from, To: from + rng.Intn(13-from)}, ValueType: vts[rng.Intn(2)]}
		key, ok := k.key(o.Indicator, o.OrgUnit, o.Period, o.ValueType, true)
		if !ok {
			t.Fatalf("%+v does not fit", o)
		}
		if prev, dup := seen[key]; dup && prev != o {
			t.Fatalf("%+v and %+v share key %x", prev, o, key)
		}
		if prev, dup := byObs[o]; dup && prev != key {
			t.Fatalf("%+v has keys %x and %x", o, prev, key)
		}
		seen[key], byObs[o] = o, key
		other := domain.Period{Year: 1899 + rng.Intn(302), From: 1, To: 12}
		o2 := o
		o2.Period = other
		want, _ := k.key(o2.Indicator, o2.OrgUnit, o2.Period, o2.ValueType, true)
		if got := withPeriod(key, other); got != want {
			t.Fatalf("withPeriod(%+v, %+v) = %x, want %x", o, other, got, want)
		}
	}
	if _, ok := k.key("unknown", "150200", domain.Period{Year: 2024, From: 1, To: 1}, domain.ValuePeriod, false); ok {
		t.Fatal("an unknown code got a key without add")
	}
}
