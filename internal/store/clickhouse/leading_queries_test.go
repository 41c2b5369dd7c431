package clickhouse

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"industrydash/internal/leading"
)

func TestLeadingQueriesSQL(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	q := leading.PowerQuery{From: day(2024, 1, 1), To: day(2024, 2, 29), Districts: []string{"150203", "150204"}, Chains: []string{"稀土"}}
	tests := []struct {
		name     string
		q        sqlQuery
		contains []string
		absent   []string
		args     []any
	}{
		{
			name: "daily series reads the view for both halves and shifts last year forward",
			q:    powerSeriesQuery{Q: q},
			contains: []string{
				"FROM leading_power_daily_batch", "batch_id GLOBAL NOT IN (SELECT batch_id FROM leading_open_batches GROUP BY batch_id HAVING sum(state) > 0)", "UNION ALL", "addYears(date, 1) AS k", "SELECT k AS p",
				"district IN (?, ?)", "chain IN (?)", "HAVING sum(rc) != 0 OR sum(rp) != 0", "ORDER BY p",
			},
			absent: []string{"FINAL", "leading_power\n", "toStartOfMonth"},
			args: []any{"2024-01-01", "2024-02-29", "150203", "150204", "稀土",
				"2023-01-01", "2023-02-28", "150203", "150204", "稀土"},
		},
		{
			name:     "monthly series groups by month start",
			q:        powerSeriesQuery{Q: leading.PowerQuery{From: day(2024, 3, 1), To: day(2024, 3, 31)}, Monthly: true},
			contains: []string{"toStartOfMonth(k) AS p", "GROUP BY p"},
			absent:   []string{"district IN", "chain IN"},
			args:     []any{"2024-03-01", "2024-03-31", "2023-03-01", "2023-03-31"},
		},
		{
			name:     "by chain keeps the chain in both halves",
			q:        powerByQuery{Q: leading.PowerQuery{From: day(2024, 3, 1), To: day(2024, 3, 31)}, Dim: leading.ByChain},
			contains: []string{"SELECT chain AS k", "GROUP BY k", "ORDER BY total DESC, k"},
			absent:   []string{"addYears"},
			args:     []any{"2024-03-01", "2024-03-31", "2023-03-01", "2023-03-31"},
		},
		{
			name:     "current values of a load block net the signs and take the +1 row's attribution",
			q:        powerCurrentQuery{From: day(2024, 1, 1), To: day(2024, 1, 10), MinEnt: "A", MaxEnt: "B", Batch: "load-1"},
			contains: []string{"sum(wh * sign)", "argMax(district, (recorded_ns, sign))", "HAVING sum(sign) > 0", "FROM leading_power\n", "(batch_id = ? OR batch_id GLOBAL NOT IN"},
			args:     []any{"2024-01-01", "2024-01-10", "A", "B", "load-1"},
		},
		{
			name:     "prices take the latest recorded row per commodity and day",
			q:        pricesQuery{Q: leading.PriceQuery{From: day(2024, 1, 1), Commodities: []string{"rebar"}}},
			contains: []string{"argMax(price, recorded_ns)", "GROUP BY commodity, date", "date >= toDate(?)", "commodity IN (?)"},
			absent:   []string{"date <= toDate(?)"},
			args:     []any{"2024-01-01", "rebar"},
		},
		{
			name:     "batches by kind and checksum",
			q:        leadingBatchQuery{Kind: "power", Checksum: "abc"},
			contains: []string{"WHERE kind = ? AND checksum = ?", "max(ended_ns)"},
			args:     []any{"power", "abc"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sql, args := tc.q.SQL()
			for _, c := range tc.contains {
				if !strings.Contains(sql, c) {
					t.Errorf("SQL lacks %q:\n%s", c, sql)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(sql, a) {
					t.Errorf("SQL has %q:\n%s", a, sql)
				}
			}
			if strings.Count(sql, "?") != len(args) {
				t.Errorf("%d placeholders, %d args", strings.Count(sql, "?"), len(args))
			}
			if !reflect.DeepEqual(args, tc.args) {
				t.Errorf("args %v, want %v", args, tc.args)
			}
		})
	}
}
