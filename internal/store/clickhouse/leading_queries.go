package clickhouse

import (
	"strings"
	"time"

	"industrydash/internal/leading"
)

// Queries of the 先行指标 tables (sql/clickhouse/0003_leading.sql). Like the
// other queries they are small values whose SQL method returns the
// statement and its '?' arguments; leading_queries_test.go checks the SQL.

// leadingPowerColumns is the insert column list of leading_power.
var leadingPowerColumns = []string{"date", "enterprise", "district", "chain", "wh", "sign", "batch_id", "recorded_at", "recorded_ns"}

// leadingPriceColumns is the insert column list of leading_prices.
var leadingPriceColumns = []string{"commodity", "date", "price", "batch_id", "recorded_at", "recorded_ns"}

// openBatches is the subquery of the batches still open: their rows are
// not visible yet (0012_leading_batch_visibility.sql). GLOBAL, so that on a
// cluster the list is computed once and sent to every shard.
const openBatches = "(SELECT batch_id FROM leading_open_batches GROUP BY batch_id HAVING sum(state) > 0)"

// visible is the condition that keeps only rows of committed (or never
// opened) batches.
const visible = "batch_id GLOBAL NOT IN " + openBatches

// chDate formats a date for binding: clickhouse-go binds a time.Time as a
// DateTime, which 18.16 will not compare with a Date column, so dates are
// bound as 'YYYY-MM-DD' strings inside toDate().
func chDate(t time.Time) string { return t.Format("2006-01-02") }

// powerCurrentQuery reads the current value and attribution of every key
// of a load block: keys within the block's date and enterprise ranges.
// The attribution is that of the latest +1 row (a correction inserts the
// cancelling and the new row with the same recorded_ns).
type powerCurrentQuery struct {
	From, To       time.Time
	MinEnt, MaxEnt string
	// Batch is the batch being written: its own earlier blocks count
	// although it is still open.
	Batch string
}

// SQL returns the statement and its arguments.
func (q powerCurrentQuery) SQL() (string, []any) {
	return "SELECT enterprise, date, sum(wh * sign) AS cur," +
		" argMax(district, (recorded_ns, sign)), argMax(chain, (recorded_ns, sign))" +
		"\nFROM leading_power" +
		"\nWHERE date >= toDate(?) AND date <= toDate(?) AND enterprise >= ? AND enterprise <= ?" +
		"\n  AND (batch_id = ? OR " + visible + ")" +
		"\nGROUP BY enterprise, date" +
		"\nHAVING sum(sign) > 0", []any{chDate(q.From), chDate(q.To), q.MinEnt, q.MaxEnt, q.Batch}
}

// powerFilter appends the district and chain filters of q.
func powerFilter(where []string, args []any, q leading.PowerQuery) ([]string, []any) {
	where, args = inList(where, args, "district", q.Districts)
	where, args = inList(where, args, "chain", q.Chains)
	return where, args
}

// yoyUnion is the inner query of the 同比 queries: the daily view's rows of
// [From, To] as (cur, rc) and those of the same period a year earlier,
// shifted forward one year, as (prev, rp). keyExpr names the grouping
// column of the two halves ("date" for series, district or chain for
// groups). A UNION ALL rather than one range with if(): when the period is
// longer than a year, a day belongs to both halves.
func yoyUnion(q leading.PowerQuery, keyExpr, priorKeyExpr string) (string, []any) {
	pf, pt := q.PriorYear()
	half := func(key string, thisYear bool, from, to time.Time) (string, []any) {
		where := []string{"date >= toDate(?)", "date <= toDate(?)", visible}
		args := []any{chDate(from), chDate(to)}
		where, args = powerFilter(where, args, q)
		cols := "wh AS cur, toInt64(0) AS prev, readings AS rc, toInt64(0) AS rp"
		if !thisYear {
			cols = "toInt64(0) AS cur, wh AS prev, toInt64(0) AS rc, readings AS rp"
		}
		return "SELECT " + key + " AS k, " + cols + "\n  FROM leading_power_daily_batch" +
			strings.ReplaceAll(whereClause(where), "\n", "\n  "), args
	}
	a, aa := half(keyExpr, true, q.From, q.To)
	b, ba := half(priorKeyExpr, false, pf, pt)
	return "(\n  " + a + "\n  UNION ALL\n  " + b + "\n)", append(aa, ba...)
}

// powerSeriesQuery returns per day (or month) of [From, To] the sums this
// year and the same days a year earlier. addYears maps 29 February to 28
// February.
type powerSeriesQuery struct {
	Q       leading.PowerQuery
	Monthly bool
}

// SQL returns the statement and its arguments.
func (q powerSeriesQuery) SQL() (string, []any) {
	inner, args := yoyUnion(q.Q, "date", "addYears(date, 1)")
	period := "k"
	if q.Monthly {
		period = "toStartOfMonth(k)"
	}
	return "SELECT " + period + " AS p, sum(cur), sum(prev), sum(rc), sum(rp)" +
		"\nFROM " + inner +
		"\nGROUP BY p" +
		"\nHAVING sum(rc) != 0 OR sum(rp) != 0" +
		"\nORDER BY p", args
}

// powerByQuery returns totals per district or chain over [From, To] and a
// year earlier.
type powerByQuery struct {
	Q   leading.PowerQuery
	Dim leading.Dimension
}

// SQL returns the statement and its arguments.
func (q powerByQuery) SQL() (string, []any) {
	col := "district"
	if q.Dim == leading.ByChain {
		col = "chain"
	}
	inner, args := yoyUnion(q.Q, col, col)
	return "SELECT k, sum(cur) AS total, sum(prev), sum(rc)" +
		"\nFROM " + inner +
		"\nGROUP BY k" +
		"\nHAVING sum(rc) != 0 OR sum(rp) != 0" +
		"\nORDER BY total DESC, k", args
}

// powerSpanQuery returns the first and last dates with consumption.
type powerSpanQuery struct{}

// SQL returns the statement and its arguments.
func (powerSpanQuery) SQL() (string, []any) {
	return "SELECT count(), min(date), max(date) FROM leading_power_daily_batch WHERE " + visible, nil
}

// pricesQuery returns the current price per commodity and day.
type pricesQuery struct{ Q leading.PriceQuery }

// SQL returns the statement and its arguments.
func (q pricesQuery) SQL() (string, []any) {
	var where []string
	var args []any
	if !q.Q.From.IsZero() {
		where = append(where, "date >= toDate(?)")
		args = append(args, chDate(q.Q.From))
	}
	if !q.Q.To.IsZero() {
		where = append(where, "date <= toDate(?)")
		args = append(args, chDate(q.Q.To))
	}
	where, args = inList(where, args, "commodity", q.Q.Commodities)
	return "SELECT commodity, date, argMax(price, recorded_ns)" +
		"\nFROM leading_prices" + whereClause(where) +
		"\nGROUP BY commodity, date" +
		"\nORDER BY commodity, date", args
}

// enterprisesQuery reads the latest version of every enterprise.
type enterprisesQuery struct{}

// SQL returns the statement and its arguments.
func (enterprisesQuery) SQL() (string, []any) {
	return "SELECT code, argMax(name, version), argMax(district, version), argMax(chain, version)" +
		"\nFROM leading_enterprises\nGROUP BY code\nORDER BY code", nil
}

// leadingBatchQuery reads the batch of one kind and checksum.
type leadingBatchQuery struct{ Kind, Checksum string }

// SQL returns the statement and its arguments.
func (q leadingBatchQuery) SQL() (string, []any) {
	return "SELECT argMax(id, ended_ns), argMax(source, ended_ns), argMax(rows, ended_ns), argMax(added, ended_ns)," +
		" argMax(changed, ended_ns), argMax(unchanged, ended_ns), argMax(started_ns, ended_ns), max(ended_ns)" +
		"\nFROM leading_batches\nWHERE kind = ? AND checksum = ?\nGROUP BY kind, checksum", []any{q.Kind, q.Checksum}
}
