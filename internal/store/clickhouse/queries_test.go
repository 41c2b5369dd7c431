package clickhouse

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// norm collapses whitespace so expectations can be written on one line.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestQueriesSQL(t *testing.T) {
	obsAgg := "argMax(value, (recorded_ns, seq)), argMax(submitted_value, (recorded_ns, seq)), " +
		"argMax(submitted_unit, (recorded_ns, seq)), argMax(source, (recorded_ns, seq)), " +
		"argMax(batch_id, (recorded_ns, seq)), argMax(submission_id, (recorded_ns, seq)), " +
		"argMax(recorded_at, (recorded_ns, seq)), argMax(recorded_ns, (recorded_ns, seq)), " +
		"argMax(seq, (recorded_ns, seq)), argMax(recorded_by, (recorded_ns, seq)), " +
		"argMax(note, (recorded_ns, seq)), argMax(demo, (recorded_ns, seq)), " +
		"argMax(yoy_pct, (recorded_ns, seq)), argMax(has_yoy_pct, (recorded_ns, seq))"
	obsHead := "SELECT indicator, org_unit, year, month_from, month_to, value_type, " + obsAgg + " FROM observation_rows"
	obsTail := " GROUP BY indicator, org_unit, year, month_from, month_to, value_type" +
		" ORDER BY indicator, org_unit, year, month_to, month_from, value_type"
	obsCols := "indicator, org_unit, year, month_from, month_to, value_type, value, submitted_value, " +
		"submitted_unit, source, batch_id, submission_id, recorded_at, recorded_ns, seq, recorded_by, note, demo, yoy_pct, has_yoy_pct"
	tgAgg := "year, indicator, org_unit, max(revision), argMax(revision_kind, revision), argMax(comparator, revision), " +
		"argMax(value, revision), argMax(value_high, revision), argMax(has_value_high, revision), " +
		"argMax(tolerance, revision), argMax(has_tolerance, revision), argMax(baseline, revision), " +
		"argMax(has_baseline, revision), argMax(aspiration, revision), argMax(source_quote, revision), " +
		"argMax(section, revision), argMax(phasing, revision), argMax(due_month, revision), " +
		"argMax(recorded_at, revision), argMax(recorded_ns, revision), argMax(recorded_by, revision), " +
		"argMax(note, revision), argMax(document, revision)"
	asOf := time.Date(2024, 5, 1, 8, 0, 0, 5, time.UTC)

	tests := []struct {
		name     string
		q        sqlQuery
		wantSQL  string
		wantArgs []any
	}{
		{"current, no filter", currentObsQuery{}, obsHead + obsTail, nil},
		{"current, every filter", currentObsQuery{
			Indicators: []string{"a.x", "b.y"}, OrgUnits: []string{"150202"}, Years: []int{2023, 2024},
			ToMonth: 6, AsOfNS: asOfNS(asOf)},
			obsHead + " WHERE indicator IN (?, ?) AND org_unit IN (?) AND year IN (?, ?) AND month_to <= ? AND recorded_ns <= ?" + obsTail,
			[]any{"a.x", "b.y", "150202", 2023, 2024, 6, uint64(asOf.UnixNano())}},
		{"current, as of only", currentObsQuery{AsOfNS: 42},
			obsHead + " WHERE recorded_ns <= ?" + obsTail, []any{uint64(42)}},
		{"history, all years", historyQuery{Indicator: "a.x", OrgUnit: "150200"},
			"SELECT " + obsCols + " FROM observation_rows WHERE indicator = ? AND org_unit = ?" +
				" ORDER BY recorded_ns, year, month_to, month_from, value_type, seq",
			[]any{"a.x", "150200"}},
		{"history, one year", historyQuery{Indicator: "a.x", OrgUnit: "150200", Year: 2024},
			"SELECT " + obsCols + " FROM observation_rows WHERE indicator = ? AND org_unit = ? AND year = ?" +
				" ORDER BY recorded_ns, year, month_to, month_from, value_type, seq",
			[]any{"a.x", "150200", 2024}},
		{"latest period", latestPeriodQuery{Year: 2024},
			"SELECT max(month_to) FROM observation_rows WHERE year = ?", []any{2024}},
		{"target years", yearsQuery{Table: "targets"}, "SELECT DISTINCT year FROM targets ORDER BY year", nil},
		{"org units", orgUnitsQuery{},
			"SELECT code, argMax(name, version), argMax(short_name, version), argMax(kind, version), " +
				"argMax(parent, version), argMax(ord, version) AS cur_ord, argMax(aliases, version) FROM org_units GROUP BY code ORDER BY cur_ord, code", nil},
		{"indicators", indicatorsQuery{},
			"SELECT code, argMax(name, version), argMax(unit, version), argMax(kind, version), argMax(direction, version), " +
				"argMax(chain, version), argMax(section, version), argMax(source_organ, version), argMax(scope, version), " +
				"argMax(price_basis, version), argMax(reporting, version), argMax(breakdown, version), argMax(tier_of, version), " +
				"argMax(tier_min, version), argMax(tier_max, version), argMax(stages, version), argMax(annual, version), argMax(tier_new, version), argMax(ord, version) AS cur_ord " +
				"FROM indicators GROUP BY code ORDER BY cur_ord, code", nil},
		{"targets of a year", targetsQuery{Years: []int{2024}},
			"SELECT " + tgAgg + " FROM targets WHERE year IN (?) GROUP BY year, indicator, org_unit ORDER BY year, indicator, org_unit",
			[]any{2024}},
		{"targets as of", targetsQuery{Years: []int{2024, 2025}, AsOfNS: 7},
			"SELECT " + tgAgg + " FROM targets WHERE year IN (?, ?) AND recorded_ns <= ? GROUP BY year, indicator, org_unit ORDER BY year, indicator, org_unit",
			[]any{2024, 2025, uint64(7)}},
		{"target revisions", targetRevisionsQuery{Year: 2024, Indicator: "a.x", OrgUnit: "150200"},
			"SELECT year, indicator, org_unit, revision, revision_kind, comparator, value, value_high, has_value_high, " +
				"tolerance, has_tolerance, baseline, has_baseline, aspiration, source_quote, section, phasing, due_month, " +
				"recorded_at, recorded_ns, recorded_by, note, document FROM targets WHERE year = ? AND indicator = ? AND org_unit = ? " +
				"ORDER BY revision, recorded_ns",
			[]any{2024, "a.x", "150200"}},
		{"batches, all", batchesQuery{},
			"SELECT id, argMax(source, version), argMax(kind, version), argMax(checksum, version), argMax(read_rows, version), " +
				"argMax(loaded, version), argMax(unchanged, version), argMax(rejected, version), " +
				"argMax(started_ns, version) AS cur_started, argMax(ended_ns, version), argMax(by_user, version) " +
				"FROM ingest_batches GROUP BY id ORDER BY cur_started DESC, id DESC", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sql, args := tc.q.SQL()
			if got, want := norm(sql), norm(tc.wantSQL); got != want {
				t.Errorf("SQL:\ngot  %s\nwant %s", got, want)
			}
			if !reflect.DeepEqual(args, tc.wantArgs) {
				t.Errorf("args = %#v, want %#v", args, tc.wantArgs)
			}
			if n := strings.Count(sql, "?"); n != len(args) {
				t.Errorf("%d placeholders but %d args", n, len(args))
			}
		})
	}
}

func TestBatchesQueryLimit(t *testing.T) {
	tests := []struct {
		limit     int
		wantLimit string
	}{
		{0, ""},
		{1, "LIMIT 1"},
		{25, "LIMIT 25"},
	}
	for _, tc := range tests {
		t.Run(tc.wantLimit, func(t *testing.T) {
			sql, _ := batchesQuery{Limit: tc.limit}.SQL()
			hasLimit := strings.Contains(sql, "LIMIT")
			if tc.wantLimit == "" && hasLimit || tc.wantLimit != "" && !strings.HasSuffix(sql, tc.wantLimit) {
				t.Errorf("limit %d: SQL ends %q", tc.limit, sql[max(0, len(sql)-20):])
			}
		})
	}
}

func TestAsOfNS(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want uint64
	}{
		{"zero means no bound", time.Time{}, 0},
		{"nanoseconds kept", time.Unix(1700000000, 123456789), 1700000000123456789},
		{"before 1970 keeps nothing", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := asOfNS(tc.t); got != tc.want {
				t.Errorf("asOfNS = %d, want %d", got, tc.want)
			}
		})
	}
}
