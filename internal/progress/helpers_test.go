package progress_test

import (
	"math"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

const (
	city = domain.CityCode
	year = 2024
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func flowInd() domain.Indicator {
	return domain.Indicator{Code: "rare_earth.output_value", Name: "稀土产业产值", Unit: "亿元",
		Kind: domain.Flow, Direction: domain.HigherBetter, Reporting: domain.ValueYTD}
}

func energyInd() domain.Indicator {
	return domain.Indicator{Code: "green.energy_use", Name: "规上工业能源消费量", Unit: "万吨标煤",
		Kind: domain.Flow, Direction: domain.LowerBetter, Reporting: domain.ValueYTD}
}

func rateInd() domain.Indicator {
	return domain.Indicator{Code: "industry.value_added_growth", Name: "规上工业增加值增速", Unit: "%",
		Kind: domain.Rate, Direction: domain.HigherBetter, Reporting: domain.ValueYTD}
}

func stockInd() domain.Indicator {
	return domain.Indicator{Code: "ev.swap_stations", Name: "换电站数量", Unit: "座",
		Kind: domain.Stock, Direction: domain.HigherBetter, Reporting: domain.ValueYTD}
}

func obs(ind domain.Indicator, from, to int, vt domain.ValueType, v float64) domain.Observation {
	return domain.Observation{Indicator: ind.Code, OrgUnit: city, Period: domain.Period{Year: year, From: from, To: to},
		ValueType: vt, Value: v, RecordedAt: t0}
}

func ytd(ind domain.Indicator, m int, v float64) domain.Observation {
	return obs(ind, 1, m, domain.ValueYTD, v)
}

func month(ind domain.Indicator, m int, v float64) domain.Observation {
	return obs(ind, m, m, domain.ValuePeriod, v)
}

// ytdSeries builds this year's flow series from YTD values of months 1..len(vals).
func ytdSeries(ind domain.Indicator, vals ...float64) progress.Series {
	var rows []domain.Observation
	for i, v := range vals {
		rows = append(rows, ytd(ind, i+1, v))
	}
	return progress.BuildSeries(ind, city, year, rows)
}

// lastYear builds last year's flow series from 12 YTD values.
func lastYear(ind domain.Indicator, vals ...float64) *progress.Series {
	var rows []domain.Observation
	for i, v := range vals {
		o := ytd(ind, i+1, v)
		o.Period.Year = year - 1
		rows = append(rows, o)
	}
	s := progress.BuildSeries(ind, city, year-1, rows)
	return &s
}

func target(ind domain.Indicator, c domain.Comparator, v float64) *domain.Target {
	return &domain.Target{Year: year, Indicator: ind.Code, OrgUnit: city, Comparator: c, Value: v, SourceQuote: "test"}
}

func fp(v float64) *float64 { return &v }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func wantNum(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil, want %v", name, want)
		return
	}
	if !near(*got, want) {
		t.Errorf("%s = %v, want %v", name, *got, want)
	}
}

func wantNil(t *testing.T, name string, got *float64) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %v, want nil", name, *got)
	}
}

func hasWarning(ws []progress.Warning, c progress.WarningCode) bool {
	for _, w := range ws {
		if w.Code == c {
			return true
		}
	}
	return false
}
