package progress_test

import (
	"errors"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

func TestTimeProgress(t *testing.T) {
	f := flowInd()
	// Last year: a slow start, 1-2月 published combined (January unknown).
	combined := progress.BuildSeries(f, city, year-1, []domain.Observation{
		{Indicator: f.Code, OrgUnit: city, Period: domain.Period{Year: year - 1, From: 1, To: 2}, ValueType: domain.ValueYTD, Value: 10, RecordedAt: t0},
		{Indicator: f.Code, OrgUnit: city, Period: domain.YTD(year-1, 12), ValueType: domain.ValueYTD, Value: 200, RecordedAt: t0},
	})
	ly := lastYear(f, 5, 10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200)
	tests := []struct {
		name    string
		cfg     progress.Config
		last    *progress.Series
		year, m int
		want    float64
		wantErr error
	}{
		{"months basis: May is 5/12", progress.DefaultConfig(), nil, 2024, 5, 5.0 / 12, nil},
		{"months basis: 1-2月 counts as two months", progress.DefaultConfig(), nil, 2024, 2, 2.0 / 12, nil},
		{"days basis, leap year February", progress.Config{Basis: progress.BasisDays}, nil, 2024, 2, 60.0 / 366, nil},
		{"days basis, common year February", progress.Config{Basis: progress.BasisDays}, nil, 2023, 2, 59.0 / 365, nil},
		{"days basis, June of a leap year", progress.Config{Basis: progress.BasisDays}, nil, 2024, 6, 182.0 / 366, nil},
		{"days basis, December is the whole year", progress.Config{Basis: progress.BasisDays}, nil, 2023, 12, 1, nil},
		{"seasonal from last year's series", progress.Config{Basis: progress.BasisSeasonal}, ly, 2024, 6, 0.25, nil},
		{"seasonal from configured amounts, normalised", progress.Config{Basis: progress.BasisSeasonal,
			Seasonal: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20}}, nil, 2024, 6, 0.3, nil},
		{"configured profile wins over last year", progress.Config{Basis: progress.BasisSeasonal,
			Seasonal: []float64{.05, .1, .15, .2, .3, .4, .5, .6, .7, .8, .9, 1}}, ly, 2024, 6, 0.4, nil},
		{"seasonal with last year's 1-2月 combined knows February", progress.Config{Basis: progress.BasisSeasonal}, &combined, 2024, 2, 0.05, nil},
		{"seasonal with last year's 1-2月 combined does not know January", progress.Config{Basis: progress.BasisSeasonal}, &combined, 2024, 1, 0, progress.ErrNoProfile},
		{"seasonal without any profile", progress.Config{Basis: progress.BasisSeasonal}, nil, 2024, 6, 0, progress.ErrNoProfile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.cfg.TimeProgress(tt.year, tt.m, tt.last)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && !near(got, tt.want) {
				t.Errorf("time progress = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  progress.Config
		ok   bool
	}{
		{"default", progress.DefaultConfig(), true},
		{"unknown basis", progress.Config{Basis: "weeks"}, false},
		{"negative tolerance", progress.Config{FlowTolerancePP: -1}, false},
		{"profile with 11 values", progress.Config{Seasonal: make([]float64, 11)}, false},
		{"decreasing profile", progress.Config{Seasonal: []float64{1, 2, 3, 2, 5, 6, 7, 8, 9, 10, 11, 12}}, false},
		{"zero December", progress.Config{Seasonal: make([]float64, 12)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
	if d := progress.DefaultConfig(); d.FlowTolerancePP != 5 || d.RateTolerancePP != 1 || d.Basis != progress.BasisMonths {
		t.Errorf("DefaultConfig() = %+v, want months basis with 5 and 1 百分点", d)
	}
}
