package briefing_test

import (
	"context"
	"testing"
	"time"

	"industrydash/internal/briefing"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/seeded"
)

// composedAt is the fixed clock of the tests: 15 June 2024, 10:30 Beijing time.
var composedAt = time.Date(2024, 6, 15, 10, 30, 0, 0, domain.Beijing)

// openStore returns an embedded store in a temp dir with the 2024 catalogue.
func openStore(t *testing.T) embedded.Combined { return seeded.Store(t, false) }

func ytd(code, unit string, month int, v float64, at time.Time, note string) domain.Observation {
	return domain.Observation{Indicator: code, OrgUnit: unit, Period: domain.YTD(2024, month), ValueType: domain.ValueYTD,
		Value: v, SubmittedValue: v, SubmittedUnit: "亿元", Source: "test", BatchID: "b-test",
		RecordedAt: at, RecordedBy: "tester", Note: note}
}

func appendObs(t *testing.T, st embedded.Combined, obs ...domain.Observation) {
	t.Helper()
	if err := st.AppendObservations(context.Background(), obs); err != nil {
		t.Fatal(err)
	}
}

// rareEarthMay is the key acceptance case: the 2024 catalogue and only
// rare_earth.output_value 1—5月累计 452亿元.
func rareEarthMay(t *testing.T) (embedded.Combined, *monitor.Service, *briefing.Briefing) {
	t.Helper()
	st := openStore(t)
	appendObs(t, st, ytd("rare_earth.output_value", domain.CityCode, 5, 452,
		time.Date(2024, 6, 10, 9, 0, 0, 0, domain.Beijing), "含新投产企业产值，已与统计局核对"))
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	b, err := briefing.Compose(context.Background(), svc, monitor.Query{Year: 2024, Month: 5},
		briefing.Options{Observations: st, Now: func() time.Time { return composedAt }})
	if err != nil {
		t.Fatal(err)
	}
	return st, svc, b
}
