package progress_test

import (
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// cell is an expected month value; ok false means it must be missing.
type cell struct {
	m       int
	v       float64
	ok      bool
	derived bool
}

func checkCells(t *testing.T, what string, arr [12]progress.Num, want []cell) {
	t.Helper()
	for _, c := range want {
		got := arr[c.m-1]
		if got.OK != c.ok {
			t.Errorf("%s[%d月] ok = %v, want %v (value %v)", what, c.m, got.OK, c.ok, got.Value)
			continue
		}
		if c.ok && (!near(got.Value, c.v) || got.Derived != c.derived) {
			t.Errorf("%s[%d月] = %v (derived %v), want %v (derived %v)", what, c.m, got.Value, got.Derived, c.v, c.derived)
		}
	}
}

func TestBuildSeriesFlow(t *testing.T) {
	f := flowInd()
	tests := []struct {
		name      string
		rows      []domain.Observation
		wantYTD   []cell
		wantMonth []cell
		wantWarn  progress.WarningCode
	}{
		{
			name:      "month amounts add up to year-to-date",
			rows:      []domain.Observation{month(f, 1, 10), month(f, 2, 12), month(f, 3, 15)},
			wantYTD:   []cell{{1, 10, true, true}, {2, 22, true, true}, {3, 37, true, true}, {4, 0, false, false}},
			wantMonth: []cell{{1, 10, true, false}, {3, 15, true, false}},
		},
		{
			name:      "year-to-date values give month amounts",
			rows:      []domain.Observation{ytd(f, 1, 10), ytd(f, 2, 22), ytd(f, 3, 37)},
			wantYTD:   []cell{{3, 37, true, false}},
			wantMonth: []cell{{1, 10, true, true}, {2, 12, true, true}, {3, 15, true, true}},
		},
		{
			name:      "1-2月 combined: February YTD known, January and February amounts unknown",
			rows:      []domain.Observation{obs(f, 1, 2, domain.ValuePeriod, 22), month(f, 3, 15)},
			wantYTD:   []cell{{1, 0, false, false}, {2, 22, true, true}, {3, 37, true, true}},
			wantMonth: []cell{{1, 0, false, false}, {2, 0, false, false}, {3, 15, true, false}},
		},
		{
			name:      "1-2月 combined published as YTD, then monthly YTD",
			rows:      []domain.Observation{ytd(f, 2, 22), ytd(f, 3, 37)},
			wantYTD:   []cell{{1, 0, false, false}, {2, 22, true, false}},
			wantMonth: []cell{{2, 0, false, false}, {3, 15, true, true}},
		},
		{
			name:      "quarters chain into half-year YTD",
			rows:      []domain.Observation{obs(f, 1, 3, domain.ValuePeriod, 30), obs(f, 4, 6, domain.ValuePeriod, 40)},
			wantYTD:   []cell{{3, 30, true, true}, {5, 0, false, false}, {6, 70, true, true}},
			wantMonth: []cell{{3, 0, false, false}, {6, 0, false, false}},
		},
		{
			name:      "a missing month breaks the chain instead of being invented",
			rows:      []domain.Observation{month(f, 1, 10), month(f, 2, 12), month(f, 4, 9)},
			wantYTD:   []cell{{2, 22, true, true}, {3, 0, false, false}, {4, 0, false, false}},
			wantMonth: []cell{{3, 0, false, false}, {4, 9, true, false}},
		},
		{
			name:      "mixed: YTD to March then a month amount in April",
			rows:      []domain.Observation{ytd(f, 3, 37), month(f, 4, 13)},
			wantYTD:   []cell{{4, 50, true, true}},
			wantMonth: []cell{{3, 0, false, false}, {4, 13, true, false}},
		},
		{
			name:      "a YTD that goes down is flagged",
			rows:      []domain.Observation{ytd(f, 4, 50), ytd(f, 5, 45)},
			wantYTD:   []cell{{5, 45, true, false}},
			wantMonth: []cell{{5, 0, false, false}},
			wantWarn:  progress.WarnYTDDecrease,
		},
		{
			name:      "a negative month derived from falling YTDs is a warning, never a month",
			rows:      []domain.Observation{ytd(f, 4, 50), ytd(f, 5, 45)},
			wantYTD:   []cell{{4, 50, true, false}},
			wantMonth: []cell{{5, 0, false, false}},
			wantWarn:  progress.WarnNegativeMonth,
		},
		{
			name:      "a YTD that disagrees with its month amounts is flagged, published YTD kept",
			rows:      []domain.Observation{ytd(f, 1, 10), month(f, 2, 12), ytd(f, 2, 30)},
			wantYTD:   []cell{{2, 30, true, false}},
			wantMonth: []cell{{2, 12, true, false}},
			wantWarn:  progress.WarnYTDMismatch,
		},
		{
			name:     "a YTD not starting in January is ignored and flagged",
			rows:     []domain.Observation{obs(f, 2, 3, domain.ValueYTD, 30)},
			wantYTD:  []cell{{3, 0, false, false}},
			wantWarn: progress.WarnBadRow,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := progress.BuildSeries(f, city, year, tt.rows)
			checkCells(t, "YTD", s.YTD, tt.wantYTD)
			checkCells(t, "Month", s.Month, tt.wantMonth)
			if tt.wantWarn != "" && !s.HasWarning(tt.wantWarn) {
				t.Errorf("warnings %v lack %s", s.Warnings, tt.wantWarn)
			}
			if tt.wantWarn == "" && len(s.Warnings) > 0 {
				t.Errorf("unexpected warnings %v", s.Warnings)
			}
		})
	}
}

func TestBuildSeriesSelectsRows(t *testing.T) {
	f := flowInd()
	old := ytd(f, 1, 99)
	corrected := ytd(f, 1, 10)
	corrected.RecordedAt = t0.Add(time.Hour)
	otherUnit := ytd(f, 1, 500)
	otherUnit.OrgUnit = "150202"
	otherYear := ytd(f, 1, 700)
	otherYear.Period.Year = year - 1
	otherInd := ytd(rateInd(), 1, 5)
	s := progress.BuildSeries(f, city, year, []domain.Observation{corrected, old, otherUnit, otherYear, otherInd})
	t.Run("a correction recorded later wins", func(t *testing.T) {
		if v, ok := s.YTDAt(1); !ok || v != 10 {
			t.Errorf("YTD at 1月 = %v, %v; want 10", v, ok)
		}
	})
	t.Run("rows of other units, years and indicators are ignored", func(t *testing.T) {
		if s.LastMonth() != 1 || len(s.Spans) != 0 {
			t.Errorf("series %+v picked up foreign rows", s)
		}
	})
	t.Run("an empty series has no last month", func(t *testing.T) {
		e := progress.BuildSeries(f, "150203", year, []domain.Observation{corrected})
		if !e.Empty() || e.LastMonth() != 0 {
			t.Errorf("series for a unit without rows is not empty: %+v", e)
		}
	})
}

func TestBuildSeriesLevels(t *testing.T) {
	r, st := rateInd(), stockInd()
	t.Run("rates are never summed or differenced", func(t *testing.T) {
		s := progress.BuildSeries(r, city, year, []domain.Observation{ytd(r, 2, 8), ytd(r, 3, 9), month(r, 3, 11), month(r, 4, 12)})
		checkCells(t, "YTD", s.YTD, []cell{{1, 0, false, false}, {2, 8, true, false}, {3, 9, true, false}, {4, 0, false, false}})
		checkCells(t, "Month", s.Month, []cell{{2, 0, false, false}, {3, 11, true, false}, {4, 12, true, false}})
		v, m, ok := s.Latest(12)
		if !ok || v != 9 || m != 3 {
			t.Errorf("Latest = %v (%d月) %v; want the cumulative rate 9 of 3月, not the monthly 12", v, m, ok)
		}
	})
	t.Run("1-2月 rate published as one period is the cumulative rate", func(t *testing.T) {
		s := progress.BuildSeries(r, city, year, []domain.Observation{obs(r, 1, 2, domain.ValuePeriod, 7.5)})
		checkCells(t, "YTD", s.YTD, []cell{{2, 7.5, true, false}})
	})
	t.Run("stocks keep the latest level and never add up", func(t *testing.T) {
		s := progress.BuildSeries(st, city, year, []domain.Observation{ytd(st, 3, 40), month(st, 6, 52)})
		checkCells(t, "YTD", s.YTD, []cell{{3, 40, true, false}, {4, 0, false, false}, {6, 52, true, false}})
		if v, m, ok := s.Latest(5); !ok || v != 40 || m != 3 {
			t.Errorf("Latest(5) = %v (%d月) %v; want 40 of 3月", v, m, ok)
		}
		if v, m, ok := s.Latest(12); !ok || v != 52 || m != 6 {
			t.Errorf("Latest(12) = %v (%d月) %v; want 52 of 6月", v, m, ok)
		}
	})
}
