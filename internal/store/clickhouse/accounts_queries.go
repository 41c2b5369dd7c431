package clickhouse

import (
	"strconv"
	"strings"
)

// Queries of the account, submission and audit tables
// (sql/clickhouse/0004_accounts.sql); accounts_queries_test.go checks the SQL.

// userColumns is the column list of users after id, in insert and scan order.
var userColumns = []string{
	"name", "display_name", "role", "org_unit", "password_hash", "disabled", "failed_logins",
	"locked_until_ns", "created_ns", "updated_ns",
}

// usersQuery reads the current version (greatest (updated_ns, seq)) of
// every user, or of the one with ID, or of those whose current name is Name.
type usersQuery struct {
	ID   string // "" : any
	Name string // "" : any
}

// SQL returns the statement and its arguments.
func (q usersQuery) SQL() (string, []any) {
	cols := make([]string, len(userColumns))
	for i, c := range userColumns {
		cols[i] = "argMax(" + c + ", (updated_ns, seq))"
	}
	cols[0] += " AS cur_name"
	s := "SELECT id, " + strings.Join(cols, ", ") + "\nFROM users"
	var args []any
	if q.ID != "" {
		s += "\nWHERE id = ?"
		args = append(args, q.ID)
	}
	s += "\nGROUP BY id"
	if q.Name != "" {
		s += "\nHAVING cur_name = ?"
		args = append(args, q.Name)
	}
	return s + "\nORDER BY cur_name, id", args
}

// sessionColumns and tokenColumns are the column lists after id, in insert
// and scan order.
var (
	sessionColumns = []string{"user_id", "csrf", "created_ns", "expires_ns", "revoked"}
	tokenColumns   = []string{"user_id", "name", "created_ns", "revoked"}
)

// latestByIDQuery reads the latest write (greatest seq) of one row of a
// replaced-by-id table (sessions, api_tokens).
type latestByIDQuery struct {
	Table   string
	Columns []string
	ID      string
}

// SQL returns the statement and its arguments.
func (q latestByIDQuery) SQL() (string, []any) {
	cols := make([]string, len(q.Columns))
	for i, c := range q.Columns {
		cols[i] = "argMax(" + c + ", seq)"
	}
	return "SELECT " + strings.Join(cols, ", ") + "\nFROM " + q.Table + "\nWHERE id = ?\nGROUP BY id", []any{q.ID}
}

// ofUserQuery reads the latest write (greatest seq) of every row of a
// replaced-by-id table (sessions, api_tokens) that belongs to one user. A
// row's user_id never changes, so the WHERE may filter before grouping.
type ofUserQuery struct {
	Table   string
	Columns []string // must start with user_id
	UserID  string
}

// SQL returns the statement and its arguments.
func (q ofUserQuery) SQL() (string, []any) {
	cols := make([]string, len(q.Columns))
	for i, c := range q.Columns {
		cols[i] = "argMax(" + c + ", seq)"
	}
	return "SELECT id, " + strings.Join(cols, ", ") + "\nFROM " + q.Table + "\nWHERE user_id = ?\nGROUP BY id\nORDER BY id",
		[]any{q.UserID}
}

// submissionColumns is the column list of submissions_v2 after id and
// version, in insert and scan order.
var submissionColumns = []string{
	"org_unit", "year", "month_from", "month_to", "status", "values_json", "created_by", "created_ns",
	"updated_by", "updated_ns", "submitted_ns", "reason",
}

// submissionVersionQuery reads the stored version of one submission (0 when
// there is none).
type submissionVersionQuery struct{ ID string }

// SQL returns the statement and its arguments.
func (q submissionVersionQuery) SQL() (string, []any) {
	return "SELECT max(version) FROM submissions_v2 WHERE id = ?", []any{q.ID}
}

// submissionsQuery reads the current version (greatest (version, seq)) of
// submissions. The filters apply to the current version, so they are in
// HAVING: a WHERE would pick the latest of the matching versions instead.
type submissionsQuery struct {
	ID      string
	OrgUnit string
	Year    int
	Month   int // matches month_to
	Status  string
}

// SQL returns the statement and its arguments.
func (q submissionsQuery) SQL() (string, []any) {
	alias := map[string]string{"org_unit": "cur_unit", "year": "cur_year", "month_from": "cur_from",
		"month_to": "cur_to", "status": "cur_status"}
	cols := make([]string, len(submissionColumns))
	for i, c := range submissionColumns {
		cols[i] = "argMax(" + c + ", (version, seq))"
		if a := alias[c]; a != "" {
			cols[i] += " AS " + a
		}
	}
	s := "SELECT id, max(version), " + strings.Join(cols, ", ") + "\nFROM submissions_v2"
	var args []any
	if q.ID != "" {
		s += "\nWHERE id = ?"
		args = append(args, q.ID)
	}
	s += "\nGROUP BY id"
	var having []string
	if q.OrgUnit != "" {
		having = append(having, "cur_unit = ?")
		args = append(args, q.OrgUnit)
	}
	if q.Year != 0 {
		having = append(having, "cur_year = ?")
		args = append(args, q.Year)
	}
	if q.Month != 0 {
		having = append(having, "cur_to = ?")
		args = append(args, q.Month)
	}
	if q.Status != "" {
		having = append(having, "cur_status = ?")
		args = append(args, q.Status)
	}
	if len(having) > 0 {
		s += "\nHAVING " + strings.Join(having, "\n  AND ")
	}
	return s + "\nORDER BY cur_year, cur_to, cur_from, cur_unit, id", args
}

// eventColumns is the column list of submission_events_v2, in insert order
// (at and seq are added by the insert).
var eventColumns = []string{"submission_id", "action", "from_status", "to_status", "actor", "reason", "at_ns"}

// eventsQuery reads a submission's events, oldest first.
type eventsQuery struct{ ID string }

// SQL returns the statement and its arguments.
func (q eventsQuery) SQL() (string, []any) {
	return "SELECT " + strings.Join(eventColumns, ", ") +
		"\nFROM submission_events_v2\nWHERE submission_id = ?\nORDER BY at_ns, seq", []any{q.ID}
}

// auditColumns is the column list of audit_log read back, in insert and
// scan order (at and seq are added by the insert).
var auditColumns = []string{"at_ns", "actor", "role", "action", "object", "old_value", "new_value", "ip", "request_id"}

// auditQuery selects audit entries, newest first.
type auditQuery struct {
	FromNS, ToNS  uint64 // 0: no bound
	Actor, Action string // "": any
	Limit         int    // 0: all
}

// SQL returns the statement and its arguments.
func (q auditQuery) SQL() (string, []any) {
	var where []string
	var args []any
	if q.FromNS > 0 {
		where = append(where, "at_ns >= ?")
		args = append(args, q.FromNS)
	}
	if q.ToNS > 0 {
		where = append(where, "at_ns <= ?")
		args = append(args, q.ToNS)
	}
	if q.Actor != "" {
		where = append(where, "actor = ?")
		args = append(args, q.Actor)
	}
	if q.Action != "" {
		where = append(where, "action = ?")
		args = append(args, q.Action)
	}
	s := "SELECT " + strings.Join(auditColumns, ", ") + "\nFROM audit_log" + whereClause(where) +
		"\nORDER BY at_ns DESC, seq DESC"
	if q.Limit > 0 {
		s += "\nLIMIT " + strconv.Itoa(q.Limit)
	}
	return s, args
}
