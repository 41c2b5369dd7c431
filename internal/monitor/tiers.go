package monitor

import (
	"sort"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// tierUnits lists the units that report the indicator a tier counts over:
// only units of the kinds it breaks down to (parks and zones for park
// output, enterprises for enterprise output), never the city or a benchmark.
func (sn *snapshot) tierUnits(of string) []string {
	ind := sn.indByCode[of]
	seen := map[string]bool{}
	var out []string
	for _, src := range []map[seriesKey][]domain.Observation{sn.cur, sn.last} {
		for k := range src {
			if k.indicator != of || seen[k.unit] {
				continue
			}
			u, ok := sn.unitByCode[k.unit]
			if !ok || u.Kind == domain.KindCity || u.Kind == domain.KindBenchmark || !ind.ReportedBy(u.Kind) {
				continue
			}
			seen[k.unit] = true
			out = append(out, k.unit)
		}
	}
	sort.Strings(out)
	return out
}

// tierValues returns every unit's value of the counted indicator at month m:
// for a flow, the run-rate projection of its year-to-date value (at December
// the year itself); a stock's or milestone's level as it stands, never
// annualised.
func (sn *snapshot) tierValues(of domain.Indicator, units []string, m int, lastYear bool) (vals []progress.UnitValue, any bool) {
	for _, u := range units {
		v, ok := sn.series(of.Code, u, lastYear).YTDAt(m)
		if ok {
			any = true
			if of.Kind == domain.Flow {
				v = progress.RunRate(v, m)
			}
		}
		vals = append(vals, progress.UnitValue{Unit: u, Value: v, OK: ok})
	}
	return vals, any
}

// tierSeries derives the tier counts of one plan (tier indicators over the
// same indicator) by month: at each month end, how many units are in each
// tier — for a flow, on course for an annual value in it (tierValues) —
// counted cumulatively (progress.CumulativeTiers: a park over 1000亿 also
// counts toward the 超500亿 plan once the 超千亿 plan is met). A new-entrant
// tier (TierNew) counts the units in its band whose annual value last year was
// below it, and names them; it needs the year before, so it has no
// last-year series.
func (sn *snapshot) tierSeries(tiers []domain.Indicator, lastYear bool) map[string]progress.Series {
	year := sn.q.Year
	if lastYear {
		year--
	}
	of := sn.indByCode[tiers[0].TierOf]
	var plain, entrant []int
	for i, ind := range tiers {
		if ind.TierNew {
			entrant = append(entrant, i)
		} else {
			plain = append(plain, i)
		}
	}
	plans := make([]progress.TierPlan, len(plain))
	for j, i := range plain {
		plans[j] = progress.TierPlan{Min: tiers[i].TierMin, Max: tiers[i].TierMax}
		if t := sn.targetFor(tiers[i].Code, domain.CityCode); t != nil {
			plans[j].Planned, plans[j].HasPlan = t.Value, true
		}
	}
	levels := make([]map[int]float64, len(tiers))
	counted := make([][][]string, len(tiers))
	for i := range tiers {
		levels[i] = map[int]float64{}
	}
	units := sn.tierUnits(of.Code)
	var prior []progress.UnitValue
	if len(entrant) > 0 && !lastYear {
		prior, _ = sn.tierValues(of, units, 12, true)
		for _, i := range entrant {
			counted[i] = make([][]string, 12)
		}
	}
	for m := 1; m <= 12; m++ {
		vals, any := sn.tierValues(of, units, m, lastYear)
		if !any {
			continue
		}
		for j, n := range progress.CumulativeTiers(plans, vals) {
			levels[plain[j]][m] = float64(n)
		}
		if lastYear {
			continue
		}
		for _, i := range entrant {
			codes := progress.NewEntrants(vals, prior, tiers[i].TierMin, tiers[i].TierMax)
			levels[i][m] = float64(len(codes))
			for _, c := range codes {
				counted[i][m-1] = append(counted[i][m-1], sn.unitName(c))
			}
		}
	}
	out := make(map[string]progress.Series, len(tiers))
	for i, ind := range tiers {
		s := progress.NewLevelSeries(ind, domain.CityCode, year, levels[i])
		s.Projected = of.Kind == domain.Flow
		s.Counted = counted[i]
		out[ind.Code] = s
	}
	return out
}

// parkTiers returns the tier indicators of the park plan: those over the
// first counted indicator that parks report (园区工业总产值), in catalogue
// order; enterprise-output tiers and others are left to their own targets.
func (sn *snapshot) parkTiers() []domain.Indicator {
	var out []domain.Indicator
	for _, ind := range sn.inds {
		if ind.Kind != domain.TierCount {
			continue
		}
		of, ok := sn.indByCode[ind.TierOf]
		if !ok || !of.ReportedBy(domain.KindPark) || (len(out) > 0 && out[0].TierOf != ind.TierOf) {
			continue
		}
		out = append(out, ind)
	}
	return out
}
