package clickhouse

import (
	"reflect"
	"testing"
)

func TestAccountQueriesSQL(t *testing.T) {
	userAgg := "argMax(name, (updated_ns, seq)) AS cur_name, argMax(display_name, (updated_ns, seq)), " +
		"argMax(role, (updated_ns, seq)), argMax(org_unit, (updated_ns, seq)), argMax(password_hash, (updated_ns, seq)), " +
		"argMax(disabled, (updated_ns, seq)), argMax(failed_logins, (updated_ns, seq)), " +
		"argMax(locked_until_ns, (updated_ns, seq)), argMax(created_ns, (updated_ns, seq)), argMax(updated_ns, (updated_ns, seq))"
	subAgg := "argMax(org_unit, (version, seq)) AS cur_unit, argMax(year, (version, seq)) AS cur_year, " +
		"argMax(month_from, (version, seq)) AS cur_from, argMax(month_to, (version, seq)) AS cur_to, " +
		"argMax(status, (version, seq)) AS cur_status, argMax(values_json, (version, seq)), " +
		"argMax(created_by, (version, seq)), argMax(created_ns, (version, seq)), argMax(updated_by, (version, seq)), " +
		"argMax(updated_ns, (version, seq)), argMax(submitted_ns, (version, seq)), argMax(reason, (version, seq))"
	subHead := "SELECT id, max(version), " + subAgg + " FROM submissions_v2"
	subOrder := " ORDER BY cur_year, cur_to, cur_from, cur_unit, id"
	auditHead := "SELECT at_ns, actor, role, action, object, old_value, new_value, ip, request_id FROM audit_log"

	tests := []struct {
		name     string
		q        sqlQuery
		wantSQL  string
		wantArgs []any
	}{
		{"all users", usersQuery{}, "SELECT id, " + userAgg + " FROM users GROUP BY id ORDER BY cur_name, id", nil},
		{"user by id", usersQuery{ID: "u1"},
			"SELECT id, " + userAgg + " FROM users WHERE id = ? GROUP BY id ORDER BY cur_name, id", []any{"u1"}},
		// The name is matched on the current version (HAVING), so a rename frees the old name.
		{"user by name", usersQuery{Name: "admin"},
			"SELECT id, " + userAgg + " FROM users GROUP BY id HAVING cur_name = ? ORDER BY cur_name, id", []any{"admin"}},
		{"session", latestByIDQuery{Table: "sessions", Columns: sessionColumns, ID: "ab"},
			"SELECT argMax(user_id, seq), argMax(csrf, seq), argMax(created_ns, seq), argMax(expires_ns, seq), " +
				"argMax(revoked, seq) FROM sessions WHERE id = ? GROUP BY id", []any{"ab"}},
		{"token", latestByIDQuery{Table: "api_tokens", Columns: tokenColumns, ID: "cd"},
			"SELECT argMax(user_id, seq), argMax(name, seq), argMax(created_ns, seq), argMax(revoked, seq) " +
				"FROM api_tokens WHERE id = ? GROUP BY id", []any{"cd"}},
		{"sessions of a user", ofUserQuery{Table: "sessions", Columns: sessionColumns, UserID: "u1"},
			"SELECT id, argMax(user_id, seq), argMax(csrf, seq), argMax(created_ns, seq), argMax(expires_ns, seq), " +
				"argMax(revoked, seq) FROM sessions WHERE user_id = ? GROUP BY id ORDER BY id", []any{"u1"}},
		{"tokens of a user", ofUserQuery{Table: "api_tokens", Columns: tokenColumns, UserID: "u1"},
			"SELECT id, argMax(user_id, seq), argMax(name, seq), argMax(created_ns, seq), argMax(revoked, seq) " +
				"FROM api_tokens WHERE user_id = ? GROUP BY id ORDER BY id", []any{"u1"}},
		{"submission version", submissionVersionQuery{ID: "s1"},
			"SELECT max(version) FROM submissions_v2 WHERE id = ?", []any{"s1"}},
		{"submissions, no filter", submissionsQuery{}, subHead + " GROUP BY id" + subOrder, nil},
		{"submission by id", submissionsQuery{ID: "s1"}, subHead + " WHERE id = ? GROUP BY id" + subOrder, []any{"s1"}},
		// Filters apply to the current version: HAVING, not WHERE.
		{"submissions, every filter", submissionsQuery{OrgUnit: "150203", Year: 2024, Month: 3, Status: "submitted"},
			subHead + " GROUP BY id HAVING cur_unit = ? AND cur_year = ? AND cur_to = ? AND cur_status = ?" + subOrder,
			[]any{"150203", 2024, 3, "submitted"}},
		{"events", eventsQuery{ID: "s1"},
			"SELECT submission_id, action, from_status, to_status, actor, reason, at_ns FROM submission_events_v2 " +
				"WHERE submission_id = ? ORDER BY at_ns, seq", []any{"s1"}},
		{"audit, no filter", auditQuery{}, auditHead + " ORDER BY at_ns DESC, seq DESC", nil},
		{"audit, every filter", auditQuery{FromNS: 10, ToNS: 20, Actor: "admin", Action: "user.add", Limit: 50},
			auditHead + " WHERE at_ns >= ? AND at_ns <= ? AND actor = ? AND action = ? ORDER BY at_ns DESC, seq DESC LIMIT 50",
			[]any{uint64(10), uint64(20), "admin", "user.add"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sql, args := tc.q.SQL()
			if got := norm(sql); got != norm(tc.wantSQL) {
				t.Errorf("SQL:\ngot  %s\nwant %s", got, norm(tc.wantSQL))
			}
			if !reflect.DeepEqual(args, tc.wantArgs) {
				t.Errorf("args = %#v, want %#v", args, tc.wantArgs)
			}
		})
	}
}
