package clickhouse

import (
	"strconv"
	"strings"
	"time"
)

// Each non-trivial query is a small value whose SQL method returns the
// statement and its arguments; queries_test.go checks the SQL without a
// server and the integration tests run it. Arguments are bound client-side
// with '?' (18.16 has no server-side parameters). Slices become IN (?, ?, …)
// lists: 18.16 rejects an array literal on the right of IN.

// inList appends "col IN (?, …)" for vals to where and their values to args.
func inList[T any](where []string, args []any, col string, vals []T) ([]string, []any) {
	if len(vals) == 0 {
		return where, args
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")
	where = append(where, col+" IN ("+marks+")")
	for _, v := range vals {
		args = append(args, v)
	}
	return where, args
}

func whereClause(where []string) string {
	if len(where) == 0 {
		return ""
	}
	return "\nWHERE " + strings.Join(where, "\n  AND ")
}

// obsColumns is the column list of observations, in insert and scan order.
var obsColumns = []string{
	"indicator", "org_unit", "year", "month_from", "month_to", "value_type",
	"value", "submitted_value", "submitted_unit", "source", "batch_id", "submission_id",
	"recorded_at", "recorded_ns", "seq", "recorded_by", "note", "demo", "yoy_pct", "has_yoy_pct",
}

// obsKeyColumns identify a series position (domain.ObsKey).
var obsKeyColumns = []string{"indicator", "org_unit", "year", "month_from", "month_to", "value_type"}

// obsOrder is the order the store interface promises: indicator, unit,
// period (year, end month, start month), value type.
const obsOrder = "indicator, org_unit, year, month_to, month_from, value_type"

// currentObsQuery selects the latest row (greatest recorded_ns, then seq)
// per series key among the rows the filter keeps.
type currentObsQuery struct {
	Indicators []string
	OrgUnits   []string
	Years      []int
	ToMonth    int
	AsOfNS     uint64 // 0: no limit
}

// SQL returns the statement and its arguments.
func (q currentObsQuery) SQL() (string, []any) {
	var where []string
	var args []any
	where, args = inList(where, args, "indicator", q.Indicators)
	where, args = inList(where, args, "org_unit", q.OrgUnits)
	where, args = inList(where, args, "year", q.Years)
	if q.ToMonth > 0 {
		where = append(where, "month_to <= ?")
		args = append(args, q.ToMonth)
	}
	if q.AsOfNS > 0 {
		where = append(where, "recorded_ns <= ?")
		args = append(args, q.AsOfNS)
	}
	cols := make([]string, len(obsColumns))
	for i, c := range obsColumns {
		if i < len(obsKeyColumns) {
			cols[i] = c
		} else {
			cols[i] = "argMax(" + c + ", (recorded_ns, seq))"
		}
	}
	return "SELECT " + strings.Join(cols, ", ") +
		"\nFROM observation_rows" + whereClause(where) +
		"\nGROUP BY " + strings.Join(obsKeyColumns, ", ") +
		"\nORDER BY " + obsOrder, args
}

// historyQuery selects every row of one indicator and unit, optionally of
// one year, oldest recorded first; ties follow period, then value type.
type historyQuery struct {
	Indicator, OrgUnit string
	Year               int // 0: every year
}

// SQL returns the statement and its arguments.
func (q historyQuery) SQL() (string, []any) {
	where := []string{"indicator = ?", "org_unit = ?"}
	args := []any{q.Indicator, q.OrgUnit}
	if q.Year != 0 {
		where = append(where, "year = ?")
		args = append(args, q.Year)
	}
	return "SELECT " + strings.Join(obsColumns, ", ") +
		"\nFROM observation_rows" + whereClause(where) +
		"\nORDER BY recorded_ns, year, month_to, month_from, value_type, seq", args
}

// latestPeriodQuery finds the latest end month with data in a year.
type latestPeriodQuery struct{ Year int }

// SQL returns the statement and its arguments.
func (q latestPeriodQuery) SQL() (string, []any) {
	return "SELECT max(month_to) FROM observation_rows WHERE year = ?", []any{q.Year}
}

// yearsQuery lists the distinct years of a table, ascending.
type yearsQuery struct{ Table string } // observations or targets

// SQL returns the statement and its arguments.
func (q yearsQuery) SQL() (string, []any) {
	return "SELECT DISTINCT year FROM " + q.Table + " ORDER BY year", nil
}

// orgUnitsQuery reads the latest version of every org unit.
type orgUnitsQuery struct{}

// SQL returns the statement and its arguments.
func (orgUnitsQuery) SQL() (string, []any) {
	return "SELECT code, argMax(name, version), argMax(short_name, version), argMax(kind, version)," +
		" argMax(parent, version), argMax(ord, version) AS cur_ord, argMax(aliases, version)" +
		"\nFROM org_units\nGROUP BY code\nORDER BY cur_ord, code", nil
}

// indicatorColumns is the column list of indicators after code, in insert
// and scan order.
var indicatorColumns = []string{
	"name", "unit", "kind", "direction", "chain", "section", "source_organ", "scope",
	"price_basis", "reporting", "breakdown", "tier_of", "tier_min", "tier_max", "stages", "annual", "tier_new", "ord",
}

// indicatorsQuery reads the latest version of every indicator.
type indicatorsQuery struct{}

// SQL returns the statement and its arguments.
func (indicatorsQuery) SQL() (string, []any) {
	cols := make([]string, len(indicatorColumns))
	for i, c := range indicatorColumns {
		cols[i] = "argMax(" + c + ", version)"
	}
	cols[len(cols)-1] += " AS cur_ord"
	return "SELECT code, " + strings.Join(cols, ", ") +
		"\nFROM indicators\nGROUP BY code\nORDER BY cur_ord, code", nil
}

// targetColumns is the column list of targets, in insert and scan order;
// the first three identify the target, the fourth is the revision.
var targetColumns = []string{
	"year", "indicator", "org_unit", "revision", "revision_kind", "comparator", "value",
	"value_high", "has_value_high", "tolerance", "has_tolerance", "baseline", "has_baseline",
	"aspiration", "source_quote", "section", "phasing", "due_month", "recorded_at", "recorded_ns", "recorded_by", "note", "document",
}

// targetsQuery reads the current revision (highest revision number, among
// those recorded by AsOfNS when set) of every target of the given years.
type targetsQuery struct {
	Years  []int
	AsOfNS uint64 // 0: no limit
}

// SQL returns the statement and its arguments.
func (q targetsQuery) SQL() (string, []any) {
	var where []string
	var args []any
	where, args = inList(where, args, "year", q.Years)
	if q.AsOfNS > 0 {
		where = append(where, "recorded_ns <= ?")
		args = append(args, q.AsOfNS)
	}
	cols := make([]string, len(targetColumns))
	for i, c := range targetColumns {
		switch {
		case i < 3:
			cols[i] = c
		case c == "revision":
			cols[i] = "max(revision)"
		default:
			cols[i] = "argMax(" + c + ", revision)"
		}
	}
	return "SELECT " + strings.Join(cols, ", ") +
		"\nFROM targets" + whereClause(where) +
		"\nGROUP BY year, indicator, org_unit" +
		"\nORDER BY year, indicator, org_unit", args
}

// targetRevisionsQuery reads every revision of one target, oldest first.
type targetRevisionsQuery struct {
	Year               int
	Indicator, OrgUnit string
}

// SQL returns the statement and its arguments.
func (q targetRevisionsQuery) SQL() (string, []any) {
	return "SELECT " + strings.Join(targetColumns, ", ") +
			"\nFROM targets\nWHERE year = ? AND indicator = ? AND org_unit = ?\nORDER BY revision, recorded_ns",
		[]any{q.Year, q.Indicator, q.OrgUnit}
}

// batchColumns is the column list of ingest_batches after id.
var batchColumns = []string{
	"source", "kind", "checksum", "read_rows", "loaded", "unchanged", "rejected",
	"started_ns", "ended_ns", "by_user",
}

// batchesQuery lists the latest version of each batch, newest start first.
type batchesQuery struct{ Limit int } // 0: all

// SQL returns the statement and its arguments.
func (q batchesQuery) SQL() (string, []any) {
	cols := make([]string, len(batchColumns))
	for i, c := range batchColumns {
		cols[i] = "argMax(" + c + ", version)"
		if c == "started_ns" {
			cols[i] += " AS cur_started"
		}
	}
	s := "SELECT id, " + strings.Join(cols, ", ") +
		"\nFROM ingest_batches\nGROUP BY id\nORDER BY cur_started DESC, id DESC"
	if q.Limit > 0 {
		s += "\nLIMIT " + strconv.Itoa(q.Limit)
	}
	return s, nil
}

// asOfNS converts an AsOf time to the recorded_ns bound (0: no bound). A
// time before 1970 keeps nothing, so it maps to 1 (no row has recorded_ns 1
// in practice).
func asOfNS(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	if t.Before(epoch) || t.Equal(epoch) {
		return 1
	}
	return uint64(t.UnixNano())
}
