package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// Contract details of Accounts, Submissions and Audit the suite pins down:
//
//   - Every time field round-trips to at least the microsecond, in UTC; a
//     zero time stays zero (User.LockedUntil, Submission.SubmittedAt).
//   - PutUser is an upsert by ID where the greatest UpdatedAt wins: a put
//     with an older UpdatedAt than the stored one changes nothing; with an
//     equal UpdatedAt the later put wins. PasswordHash is stored (it is only
//     hidden from JSON). UserByName matches the login name exactly (case
//     sensitive) among current users, so a rename frees the old name. A
//     name held by another current user is refused with an error wrapping
//     store.ErrConflict. Users are ordered by Name.
//   - PutSession and PutToken are upserts by ID where the later put wins,
//     whatever the times inside; revocation is a put with Revoked set.
//     SessionsOfUser and TokensOfUser return the current version of each of
//     one user's sessions/tokens (revoked ones too), ordered by ID; none
//     (nil error) for a user without any.
//   - PutSubmission needs Version == stored version + 1 (1 for a new ID);
//     otherwise the error wraps store.ErrConflict and nothing changes. Every
//     version is kept. Values (nil and empty are equivalent) round-trip with
//     every observation field. ListSubmissions filters the current versions
//     (Month matches Period.To) and orders by period as
//     domain.Period.Before, then org unit, then ID.
//   - SubmissionEvents are oldest first by At (equal At: the order added);
//     an unknown submission has no events (nil error).
//   - AppendAudit stores entries as AuditEntry.Bounded returns them (no
//     field longer than AuditTextLimit characters).
//   - AuditLog is newest first by At (equal At: the later appended first);
//     From and To are inclusive; Limit 0 means all. AppendAudit of nothing
//     is a no-op; a call is all or nothing.
//   - ApplySubmission commits the version, the event, the audit entries and
//     (Publish) an outbox entry together, or nothing (ErrConflict on a stale
//     version). The outbox hands an entry to one owner at a time, oldest
//     first, until its lease runs out or it is released or published.
//   - No write of these kinds changes DataVersion: only fact writes do, so
//     a login, a session or an audit entry never empties the view caches.
//     RunCombined checks it on a store that is both (the embedded store).

// RunWorkflow runs the workflow-store conformance suite. open must return a
// fresh, empty, migrated store for each call and arrange (with t.Cleanup) to
// close and discard it.
func RunWorkflow(t *testing.T, open func(t *testing.T) store.Workflow) {
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("SessionsAndTokens", func(t *testing.T) { testSessionsAndTokens(t, open) })
	t.Run("Submissions", func(t *testing.T) { testSubmissions(t, open) })
	t.Run("SubmissionList", func(t *testing.T) { testSubmissionList(t, open) })
	t.Run("SubmissionEvents", func(t *testing.T) { testSubmissionEvents(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("AuditChain", func(t *testing.T) { testAuditChain(t, open) })
	t.Run("ApplySubmission", func(t *testing.T) { testApplySubmission(t, open) })
	t.Run("Outbox", func(t *testing.T) { testOutbox(t, open) })
	t.Run("PurgeSessions", func(t *testing.T) { testPurgeSessions(t, open) })
	t.Run("Notifications", func(t *testing.T) { testNotifications(t, open) })
}

func normUser(u store.User) store.User {
	u.LockedUntil, u.CreatedAt, u.UpdatedAt = normTime(u.LockedUntil), normTime(u.CreatedAt), normTime(u.UpdatedAt)
	u.PasswordChangedAt = normTime(u.PasswordChangedAt)
	if len(u.PasswordHistory) == 0 {
		u.PasswordHistory = nil
	}
	return u
}

func equalUsers(t *testing.T, what string, got, want []store.User) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d users, want %d\ngot:  %+v\nwant: %+v", what, len(got), len(want), got, want)
	}
	for i := range got {
		if g, w := normUser(got[i]), normUser(want[i]); !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: user %d differs\ngot:  %+v\nwant: %+v", what, i, g, w)
		}
	}
}

func isNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("%s: error %v, want store.ErrNotFound", what, err)
	}
}

func isConflict(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("%s: error %v, want store.ErrConflict", what, err)
	}
}

func mkUser(id, name string, upd int) store.User {
	return store.User{
		ID: id, Name: name, DisplayName: "用户" + id, Role: store.RoleReporter, OrgUnit: "150203",
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA",
		FailedLogins: 2, LockedUntil: at(upd + 30), CreatedAt: at(1), UpdatedAt: at(upd),
		PasswordChangedAt: at(upd), MustChangePassword: true, AuditReader: true,
		PasswordHistory: []string{"$argon2id$v=19$m=65536,t=3,p=2$b2xk$b25l", "$argon2id$v=19$m=65536,t=3,p=2$b2xk$dHdv"},
	}
}

func testUsers(t *testing.T, open func(t *testing.T) store.Workflow) {
	t.Run("every field round-trips, found by id and by name", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		u := mkUser("u1", "zhangsan", 2)
		u.LockedUntil = u.LockedUntil.In(domain.Beijing) // stored as UTC
		must(t, s.PutUser(ctx, u), "PutUser")
		admin := store.User{ID: "u2", Name: "admin", DisplayName: "管理员", Role: store.RoleAdmin,
			PasswordHash: "h", Disabled: true, CreatedAt: at(1), UpdatedAt: at(1)} // zero LockedUntil
		must(t, s.PutUser(ctx, admin), "PutUser admin")
		got, err := s.UserByID(ctx, "u1")
		must(t, err, "UserByID")
		equalUsers(t, "UserByID", []store.User{got}, []store.User{u})
		if got.LockedUntil.Location() != time.UTC || got.UpdatedAt.Location() != time.UTC {
			t.Errorf("times not in UTC: %v, %v", got.LockedUntil, got.UpdatedAt)
		}
		got, err = s.UserByName(ctx, "admin")
		must(t, err, "UserByName")
		equalUsers(t, "UserByName", []store.User{got}, []store.User{admin})
		if !got.LockedUntil.IsZero() {
			t.Errorf("zero LockedUntil came back as %v", got.LockedUntil)
		}
	})
	t.Run("unknown id or name is ErrNotFound", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		_, err := s.UserByID(ctx, "nobody")
		isNotFound(t, "UserByID on an empty store", err)
		must(t, s.PutUser(ctx, mkUser("u1", "lisi", 1)), "PutUser")
		_, err = s.UserByID(ctx, "u9")
		isNotFound(t, "UserByID", err)
		_, err = s.UserByName(ctx, "wangwu")
		isNotFound(t, "UserByName", err)
		_, err = s.UserByName(ctx, "LiSi")
		isNotFound(t, "UserByName is case-sensitive", err)
		_, err = s.UserByName(ctx, "lis")
		isNotFound(t, "UserByName matches exactly", err)
		users, err := s.Users(ctx)
		must(t, err, "Users")
		if len(users) != 1 {
			t.Fatalf("Users = %+v, want only lisi", users)
		}
	})
	t.Run("ordered by name", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		c, a, b := mkUser("u1", "carol", 1), mkUser("u2", "alice", 1), mkUser("u3", "bob", 1)
		for _, u := range []store.User{c, a, b} {
			must(t, s.PutUser(ctx, u), "PutUser "+u.Name)
		}
		got, err := s.Users(ctx)
		must(t, err, "Users")
		equalUsers(t, "Users", got, []store.User{a, b, c})
	})
	t.Run("latest UpdatedAt wins, ties go to the later put", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		v2 := mkUser("u1", "zhao", 2)
		v2.Role = store.RoleAnalyst
		must(t, s.PutUser(ctx, v2), "PutUser v2")
		v1 := mkUser("u1", "zhao", 1)
		v1.Disabled = true
		must(t, s.PutUser(ctx, v1), "PutUser older v1")
		got, err := s.UserByID(ctx, "u1")
		must(t, err, "UserByID")
		equalUsers(t, "after an older put", []store.User{got}, []store.User{v2})

		tie := v2
		tie.FailedLogins, tie.PasswordHash = 5, "new-hash"
		must(t, s.PutUser(ctx, tie), "PutUser same UpdatedAt")
		got, err = s.UserByID(ctx, "u1")
		must(t, err, "UserByID")
		equalUsers(t, "after a put with the same UpdatedAt", []store.User{got}, []store.User{tie})

		v3 := mkUser("u1", "zhao", 3)
		v3.Disabled = true
		must(t, s.PutUser(ctx, v3), "PutUser v3")
		users, err := s.Users(ctx)
		must(t, err, "Users")
		equalUsers(t, "Users after three versions", users, []store.User{v3})
	})
	t.Run("rename frees the old name", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		must(t, s.PutUser(ctx, mkUser("u1", "old", 1)), "PutUser")
		renamed := mkUser("u1", "new", 2)
		must(t, s.PutUser(ctx, renamed), "PutUser renamed")
		_, err := s.UserByName(ctx, "old")
		isNotFound(t, "UserByName of the old name", err)
		got, err := s.UserByName(ctx, "new")
		must(t, err, "UserByName new")
		equalUsers(t, "renamed", []store.User{got}, []store.User{renamed})
		other := mkUser("u2", "old", 3)
		must(t, s.PutUser(ctx, other), "another user takes the freed name")
		got, err = s.UserByName(ctx, "old")
		must(t, err, "UserByName old")
		if got.ID != "u2" {
			t.Fatalf("UserByName(old) = %s, want u2", got.ID)
		}
	})
	t.Run("a name held by another user is a conflict", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		first := mkUser("u1", "same", 1)
		must(t, s.PutUser(ctx, first), "PutUser")
		isConflict(t, "PutUser with a taken name", s.PutUser(ctx, mkUser("u2", "same", 2)))
		_, err := s.UserByID(ctx, "u2")
		isNotFound(t, "the refused user", err)
		got, err := s.UserByName(ctx, "same")
		must(t, err, "UserByName")
		equalUsers(t, "holder of the name", []store.User{got}, []store.User{first})
	})
	t.Run("a user without id or name is refused", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		if err := s.PutUser(ctx, mkUser("", "x", 1)); err == nil {
			t.Error("user without ID accepted")
		}
		if err := s.PutUser(ctx, mkUser("u1", "", 1)); err == nil {
			t.Error("user without name accepted")
		}
		users, err := s.Users(ctx)
		must(t, err, "Users")
		if len(users) != 0 {
			t.Fatalf("refused users were stored: %+v", users)
		}
	})
}

func testSessionsAndTokens(t *testing.T, open func(t *testing.T) store.Workflow) {
	t.Run("sessions round-trip, later put wins, revoke", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		_, err := s.SessionByID(ctx, "none")
		isNotFound(t, "SessionByID on an empty store", err)
		sess := store.Session{ID: strings.Repeat("ab", 32), UserID: "u1", CSRF: "csrf-token",
			CreatedAt: at(1), ExpiresAt: at(1).Add(12 * time.Hour)}
		other := store.Session{ID: strings.Repeat("cd", 32), UserID: "u2", CSRF: "x", CreatedAt: at(2), ExpiresAt: at(3)}
		must(t, s.PutSession(ctx, sess), "PutSession")
		must(t, s.PutSession(ctx, other), "PutSession other")
		got, err := s.SessionByID(ctx, sess.ID)
		must(t, err, "SessionByID")
		norm := func(x store.Session) store.Session {
			x.CreatedAt, x.ExpiresAt = normTime(x.CreatedAt), normTime(x.ExpiresAt)
			return x
		}
		if !reflect.DeepEqual(norm(got), norm(sess)) {
			t.Fatalf("SessionByID = %+v, want %+v", got, sess)
		}
		// Several puts of the same session in quick succession, times
		// unchanged: each one replaces the last.
		for i := range 5 {
			upd := sess
			upd.CSRF = fmt.Sprintf("rotated-%d", i)
			upd.Revoked = i == 4
			must(t, s.PutSession(ctx, upd), "PutSession again")
		}
		got, err = s.SessionByID(ctx, sess.ID)
		must(t, err, "SessionByID")
		if !got.Revoked || got.CSRF != "rotated-4" {
			t.Fatalf("after revocation: %+v, want the last put (revoked, rotated-4)", got)
		}
		got, err = s.SessionByID(ctx, other.ID)
		must(t, err, "SessionByID other")
		if !reflect.DeepEqual(norm(got), norm(other)) {
			t.Fatalf("other session changed: %+v", got)
		}
		_, err = s.SessionByID(ctx, "ef")
		isNotFound(t, "SessionByID unknown", err)
	})
	t.Run("sessions and tokens of a user", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		got, err := s.SessionsOfUser(ctx, "u1")
		must(t, err, "SessionsOfUser on an empty store")
		toks, err := s.TokensOfUser(ctx, "u1")
		must(t, err, "TokensOfUser on an empty store")
		if len(got) != 0 || len(toks) != 0 {
			t.Fatalf("empty store: %d sessions, %d tokens", len(got), len(toks))
		}
		norm := func(x store.Session) store.Session {
			x.CreatedAt, x.ExpiresAt = normTime(x.CreatedAt), normTime(x.ExpiresAt)
			return x
		}
		a := store.Session{ID: strings.Repeat("b2", 32), UserID: "u1", CSRF: "a", CreatedAt: at(1), ExpiresAt: at(2)}
		b := store.Session{ID: strings.Repeat("a1", 32), UserID: "u1", CSRF: "b", CreatedAt: at(3), ExpiresAt: at(4)}
		c := store.Session{ID: strings.Repeat("c3", 32), UserID: "u2", CSRF: "c", CreatedAt: at(3), ExpiresAt: at(4)}
		for _, x := range []store.Session{a, b, c} {
			must(t, s.PutSession(ctx, x), "PutSession")
		}
		a.Revoked = true
		must(t, s.PutSession(ctx, a), "PutSession revoked")
		got, err = s.SessionsOfUser(ctx, "u1")
		must(t, err, "SessionsOfUser")
		want := []store.Session{b, a} // by ID; the revoked version is current
		if len(got) != len(want) {
			t.Fatalf("SessionsOfUser = %+v, want %+v", got, want)
		}
		for i := range got {
			if !reflect.DeepEqual(norm(got[i]), norm(want[i])) {
				t.Fatalf("SessionsOfUser[%d] = %+v, want %+v", i, got[i], want[i])
			}
		}
		t1 := store.Token{ID: strings.Repeat("f1", 32), UserID: "u1", Name: "一", CreatedAt: at(1)}
		t2 := store.Token{ID: strings.Repeat("e2", 32), UserID: "u2", Name: "二", CreatedAt: at(1)}
		t3 := store.Token{ID: strings.Repeat("d3", 32), UserID: "u1", Name: "三", CreatedAt: at(2)}
		for _, x := range []store.Token{t1, t2, t3} {
			must(t, s.PutToken(ctx, x), "PutToken")
		}
		t1.Revoked = true
		must(t, s.PutToken(ctx, t1), "PutToken revoked")
		toks, err = s.TokensOfUser(ctx, "u1")
		must(t, err, "TokensOfUser")
		wantT := []store.Token{t3, t1}
		if len(toks) != len(wantT) {
			t.Fatalf("TokensOfUser = %+v, want %+v", toks, wantT)
		}
		for i := range toks {
			toks[i].CreatedAt, wantT[i].CreatedAt = normTime(toks[i].CreatedAt), normTime(wantT[i].CreatedAt)
			if !reflect.DeepEqual(toks[i], wantT[i]) {
				t.Fatalf("TokensOfUser[%d] = %+v, want %+v", i, toks[i], wantT[i])
			}
		}
		none, err := s.SessionsOfUser(ctx, "u9")
		must(t, err, "SessionsOfUser unknown user")
		if len(none) != 0 {
			t.Fatalf("unknown user has sessions: %+v", none)
		}
	})
	t.Run("tokens round-trip, later put wins, revoke", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		_, err := s.TokenByID(ctx, "none")
		isNotFound(t, "TokenByID on an empty store", err)
		tok := store.Token{ID: strings.Repeat("01", 32), UserID: "u1", Name: "数据接口", CreatedAt: at(4), ExpiresAt: at(90), LastUsedAt: at(5)}
		must(t, s.PutToken(ctx, tok), "PutToken")
		got, err := s.TokenByID(ctx, tok.ID)
		must(t, err, "TokenByID")
		got.CreatedAt, got.ExpiresAt, got.LastUsedAt = normTime(got.CreatedAt), normTime(got.ExpiresAt), normTime(got.LastUsedAt)
		want := tok
		want.CreatedAt, want.ExpiresAt, want.LastUsedAt = normTime(want.CreatedAt), normTime(want.ExpiresAt), normTime(want.LastUsedAt)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("TokenByID = %+v, want %+v", got, want)
		}
		tok.Revoked = true
		must(t, s.PutToken(ctx, tok), "PutToken revoked")
		got, err = s.TokenByID(ctx, tok.ID)
		must(t, err, "TokenByID")
		if !got.Revoked {
			t.Fatalf("token not revoked: %+v", got)
		}
		_, err = s.TokenByID(ctx, "02")
		isNotFound(t, "TokenByID unknown", err)
	})
}

// mkSub builds a submission with every field filled in.
func mkSub(id, unit string, p domain.Period, status string, version int) store.Submission {
	vals := []domain.Observation{
		mk("rare_earth.output_value", unit, p, domain.ValuePeriod, 12.5, at(version)),
		mk("silicon.output_value", unit, p, domain.ValueYTD, 40.25, time.Time{}),
	}
	vals[1].Period.From = 1
	vals[0].SubmissionID, vals[0].Note, vals[0].Demo = id, "受检修影响，环比下降", true
	return store.Submission{
		ID: id, OrgUnit: unit, Period: p, Status: status, Values: vals,
		CreatedBy: "reporter-" + unit, CreatedAt: at(1), UpdatedBy: "analyst1", UpdatedAt: at(version),
		SubmittedAt: at(2), Version: version, Reason: "第" + fmt.Sprint(version) + "版",
	}
}

func normSub(x store.Submission) store.Submission {
	x.CreatedAt, x.UpdatedAt, x.SubmittedAt = normTime(x.CreatedAt), normTime(x.UpdatedAt), normTime(x.SubmittedAt)
	x.Values = normObs(x.Values)
	if len(x.Values) == 0 {
		x.Values = nil
	}
	return x
}

func equalSubs(t *testing.T, what string, got, want []store.Submission) {
	t.Helper()
	if len(got) != len(want) {
		ids := func(l []store.Submission) (out []string) {
			for _, x := range l {
				out = append(out, fmt.Sprintf("%s v%d %s %s %s", x.ID, x.Version, x.OrgUnit, x.Period, x.Status))
			}
			return out
		}
		t.Fatalf("%s: got %d submissions, want %d\ngot:  %v\nwant: %v", what, len(got), len(want), ids(got), ids(want))
	}
	for i := range got {
		if g, w := normSub(got[i]), normSub(want[i]); !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: submission %d differs\ngot:  %+v\nwant: %+v", what, i, g, w)
		}
	}
}

func testSubmissions(t *testing.T, open func(t *testing.T) store.Workflow) {
	t.Run("every field and value round-trips", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		sub := mkSub("s1", "150203", domain.Month(2024, 3), store.StatusSubmitted, 1)
		must(t, s.PutSubmission(ctx, sub), "PutSubmission")
		got, err := s.SubmissionByID(ctx, "s1")
		must(t, err, "SubmissionByID")
		equalSubs(t, "SubmissionByID", []store.Submission{got}, []store.Submission{sub})
		if !got.Values[1].RecordedAt.IsZero() {
			t.Errorf("zero RecordedAt of a value came back as %v", got.Values[1].RecordedAt)
		}
		// The result does not alias the store.
		got.Values[0].Value = -1
		again, err := s.SubmissionByID(ctx, "s1")
		must(t, err, "SubmissionByID")
		equalSubs(t, "after changing a returned value", []store.Submission{again}, []store.Submission{sub})
	})
	t.Run("no values and a zero SubmittedAt", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		sub := mkSub("s1", "150203", domain.Period{Year: 2024, From: 1, To: 2}, store.StatusDraft, 1)
		sub.Values, sub.SubmittedAt, sub.Reason = []domain.Observation{}, time.Time{}, ""
		must(t, s.PutSubmission(ctx, sub), "PutSubmission")
		got, err := s.SubmissionByID(ctx, "s1")
		must(t, err, "SubmissionByID")
		equalSubs(t, "empty draft", []store.Submission{got}, []store.Submission{sub})
		if !got.SubmittedAt.IsZero() {
			t.Errorf("zero SubmittedAt came back as %v", got.SubmittedAt)
		}
	})
	t.Run("unknown id is ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.SubmissionByID(ctxOf(t), "nope")
		isNotFound(t, "SubmissionByID", err)
	})
	t.Run("versions: each put is stored version + 1, else ErrConflict", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		p := domain.Month(2024, 4)
		isConflict(t, "a new submission at version 2", s.PutSubmission(ctx, mkSub("s1", "150202", p, store.StatusDraft, 2)))
		_, err := s.SubmissionByID(ctx, "s1")
		isNotFound(t, "after the refused first put", err)

		v1 := mkSub("s1", "150202", p, store.StatusDraft, 1)
		must(t, s.PutSubmission(ctx, v1), "PutSubmission v1")
		isConflict(t, "version 1 again", s.PutSubmission(ctx, mkSub("s1", "150202", p, store.StatusSubmitted, 1)))
		isConflict(t, "skipping to version 3", s.PutSubmission(ctx, mkSub("s1", "150202", p, store.StatusSubmitted, 3)))

		v2 := mkSub("s1", "150202", p, store.StatusSubmitted, 2)
		v2.Values = v2.Values[:1] // fewer values: replaced, not merged
		must(t, s.PutSubmission(ctx, v2), "PutSubmission v2")
		// Two editors both loaded v2; the first save wins, the second conflicts.
		a := mkSub("s1", "150202", p, store.StatusApproved, 3)
		b := mkSub("s1", "150202", p, store.StatusReturned, 3)
		must(t, s.PutSubmission(ctx, a), "PutSubmission first editor")
		isConflict(t, "PutSubmission second editor", s.PutSubmission(ctx, b))
		got, err := s.SubmissionByID(ctx, "s1")
		must(t, err, "SubmissionByID")
		equalSubs(t, "current after the conflict", []store.Submission{got}, []store.Submission{a})

		// Versions are per submission.
		must(t, s.PutSubmission(ctx, mkSub("s2", "150202", p, store.StatusDraft, 1)), "PutSubmission s2 v1")
	})
	t.Run("version 2 replaces the values of version 1", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		p := domain.Month(2024, 4)
		must(t, s.PutSubmission(ctx, mkSub("s1", "150202", p, store.StatusDraft, 1)), "v1")
		v2 := mkSub("s1", "150202", p, store.StatusSubmitted, 2)
		v2.Values = v2.Values[1:]
		must(t, s.PutSubmission(ctx, v2), "v2")
		got, err := s.SubmissionByID(ctx, "s1")
		must(t, err, "SubmissionByID")
		equalSubs(t, "v2", []store.Submission{got}, []store.Submission{v2})
	})
	t.Run("invalid submissions are refused", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		p := domain.Month(2024, 4)
		bad := map[string]store.Submission{}
		bad["no id"] = mkSub("", "150202", p, store.StatusDraft, 1)
		bad["no org unit"] = mkSub("s1", "", p, store.StatusDraft, 1)
		bad["invalid period"] = mkSub("s1", "150202", domain.Period{Year: 2024, From: 5, To: 4}, store.StatusDraft, 1)
		bad["unknown status"] = mkSub("s1", "150202", p, "pending", 1)
		bad["version 0"] = mkSub("s1", "150202", p, store.StatusDraft, 0)
		for name, sub := range bad {
			if err := s.PutSubmission(ctx, sub); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		list, err := s.ListSubmissions(ctx, store.SubmissionFilter{})
		must(t, err, "ListSubmissions")
		if len(list) != 0 {
			t.Fatalf("refused submissions were stored: %+v", list)
		}
	})
}

func testSubmissionList(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	put := func(sub store.Submission) store.Submission {
		t.Helper()
		must(t, s.PutSubmission(ctx, sub), "PutSubmission "+sub.ID)
		return sub
	}
	mar, apr := domain.Month(2024, 3), domain.Month(2024, 4)
	janFeb := domain.Period{Year: 2024, From: 1, To: 2}
	dec23 := domain.Month(2023, 12)
	// Put in an order unlike the expected listing.
	kunApr := put(mkSub("k-04", "150203", apr, store.StatusSubmitted, 1))
	dongApr := put(mkSub("d-04", "150202", apr, store.StatusDraft, 1))
	dongMar := put(mkSub("d-03", "150202", mar, store.StatusSubmitted, 1))
	dongMar = put(mkSub("d-03", "150202", mar, store.StatusApproved, 2)) // was submitted
	kunMar := put(mkSub("k-03", "150203", mar, store.StatusSubmitted, 1))
	kunMar = put(mkSub("k-03", "150203", mar, store.StatusReturned, 2))
	kunMar = put(mkSub("k-03", "150203", mar, store.StatusSubmitted, 3)) // resubmitted
	kunJF := put(mkSub("k-0102", "150203", janFeb, store.StatusApproved, 1))
	dongDec := put(mkSub("d-2312", "150202", dec23, store.StatusApproved, 1))
	cases := []struct {
		name string
		f    store.SubmissionFilter
		want []store.Submission
	}{
		{"all, by period then org unit", store.SubmissionFilter{}, []store.Submission{dongDec, kunJF, dongMar, kunMar, dongApr, kunApr}},
		{"org unit", store.SubmissionFilter{OrgUnit: "150202"}, []store.Submission{dongDec, dongMar, dongApr}},
		{"year", store.SubmissionFilter{Year: 2024}, []store.Submission{kunJF, dongMar, kunMar, dongApr, kunApr}},
		{"year and month", store.SubmissionFilter{Year: 2024, Month: 3}, []store.Submission{dongMar, kunMar}},
		{"month matches the period's end", store.SubmissionFilter{Year: 2024, Month: 2}, []store.Submission{kunJF}},
		{"month 1 does not match 1-2月", store.SubmissionFilter{Year: 2024, Month: 1}, nil},
		{"month in every year", store.SubmissionFilter{Month: 12}, []store.Submission{dongDec}},
		{"status of the current version", store.SubmissionFilter{Status: store.StatusSubmitted}, []store.Submission{kunMar, kunApr}},
		{"a past status does not match", store.SubmissionFilter{Status: store.StatusReturned}, nil},
		{"approved", store.SubmissionFilter{Status: store.StatusApproved}, []store.Submission{dongDec, kunJF, dongMar}},
		{"every field", store.SubmissionFilter{OrgUnit: "150203", Year: 2024, Month: 3, Status: store.StatusSubmitted}, []store.Submission{kunMar}},
		{"unknown org unit", store.SubmissionFilter{OrgUnit: "150299"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.ListSubmissions(ctx, c.f)
			must(t, err, "ListSubmissions")
			equalSubs(t, fmt.Sprintf("%+v", c.f), got, c.want)
		})
	}
}

func normEvents(list []store.SubmissionEvent) []store.SubmissionEvent {
	out := slices.Clone(list)
	for i := range out {
		out[i].At = normTime(out[i].At)
	}
	return out
}

func testSubmissionEvents(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	ev := func(id, action, from, to, actor string, min int) store.SubmissionEvent {
		return store.SubmissionEvent{SubmissionID: id, Action: action, FromStatus: from, ToStatus: to,
			Actor: actor, At: at(min)}
	}
	save := ev("s1", "save", "", store.StatusDraft, "reporter", 1)
	submit := ev("s1", "submit", store.StatusDraft, store.StatusSubmitted, "reporter", 2)
	ret := ev("s1", "return", store.StatusSubmitted, store.StatusReturned, "analyst", 3)
	ret.Reason = "规上工业产值累计值小于上月，请核实"
	resubmit := ev("s1", "submit", store.StatusReturned, store.StatusSubmitted, "reporter", 5)
	// Same time as resubmit: kept in the order added.
	approve := ev("s1", "approve", store.StatusSubmitted, store.StatusApproved, "analyst", 5)
	other := ev("s2", "save", "", store.StatusDraft, "reporter2", 4)
	// ret is added last although it happened before resubmit: order is by At.
	for _, e := range []store.SubmissionEvent{save, submit, other, resubmit, approve, ret} {
		must(t, s.AddSubmissionEvent(ctx, e), "AddSubmissionEvent "+e.Action)
	}
	t.Run("oldest first, every field kept", func(t *testing.T) {
		got, err := s.SubmissionEvents(ctx, "s1")
		must(t, err, "SubmissionEvents")
		want := []store.SubmissionEvent{save, submit, ret, resubmit, approve}
		if g, w := normEvents(got), normEvents(want); !reflect.DeepEqual(g, w) {
			t.Fatalf("SubmissionEvents:\ngot  %+v\nwant %+v", g, w)
		}
	})
	t.Run("only the submission's own", func(t *testing.T) {
		got, err := s.SubmissionEvents(ctx, "s2")
		must(t, err, "SubmissionEvents")
		if g, w := normEvents(got), normEvents([]store.SubmissionEvent{other}); !reflect.DeepEqual(g, w) {
			t.Fatalf("SubmissionEvents(s2):\ngot  %+v\nwant %+v", g, w)
		}
	})
	t.Run("unknown submission has none", func(t *testing.T) {
		got, err := s.SubmissionEvents(ctx, "s")
		must(t, err, "SubmissionEvents")
		if len(got) != 0 {
			t.Fatalf("SubmissionEvents(s) = %+v, want none", got)
		}
	})
}

func normAudit(list []store.AuditEntry) []store.AuditEntry {
	out := slices.Clone(list)
	for i := range out {
		out[i].At = normTime(out[i].At)
		out[i].Seq, out[i].PrevHash, out[i].Hash = 0, "", "" // the chain: testAuditChain
	}
	return out
}

func testAudit(t *testing.T, open func(t *testing.T) store.Workflow) {
	t.Run("long text is stored bounded", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		long := strings.Repeat("长", 3*store.AuditTextLimit)
		must(t, s.AppendAudit(ctx, store.AuditEntry{At: at(1), Actor: "a", Action: "submission.save", Object: "o", New: long}), "AppendAudit")
		got, err := s.AuditLog(ctx, store.AuditFilter{})
		must(t, err, "AuditLog")
		if len(got) != 1 {
			t.Fatalf("%d entries", len(got))
		}
		if n := len([]rune(got[0].New)); n > store.AuditTextLimit || !strings.Contains(got[0].New, "已截断") {
			t.Fatalf("stored %d characters of a %d-character text", n, 3*store.AuditTextLimit)
		}
		if got[0] != got[0].Bounded() {
			t.Fatal("Bounded of a bounded entry changed it")
		}
	})
	s := open(t)
	ctx := ctxOf(t)
	got, err := s.AuditLog(ctx, store.AuditFilter{})
	must(t, err, "AuditLog on an empty store")
	if len(got) != 0 {
		t.Fatalf("empty store has audit entries: %+v", got)
	}
	must(t, s.AppendAudit(ctx), "AppendAudit of nothing")
	en := func(min int, actor, role, action, object string) store.AuditEntry {
		return store.AuditEntry{At: at(min), Actor: actor, Role: role, Action: action, Object: object,
			IP: "10.0.0.7", RequestID: fmt.Sprintf("req-%d", min)}
	}
	login := en(1, "admin", store.RoleAdmin, "user.login", "admin")
	add := en(2, "admin", store.RoleAdmin, "user.add", "u7")
	add.New = `{"name":"zhangsan","role":"reporter"}`
	load := en(3, "analyst1", store.RoleAnalyst, "actuals.load", "2024年4月月报.xlsx")
	approve := en(4, "analyst1", store.RoleAnalyst, "submission.approve", "s1")
	approve.Old, approve.New = store.StatusSubmitted, store.StatusApproved
	ret := en(4, "analyst2", store.RoleAnalyst, "submission.return", "s2") // same time as approve, appended later
	edit := en(6, "admin", store.RoleAdmin, "user.edit", "u7")
	// Appended out of time order, several per call.
	must(t, s.AppendAudit(ctx, load, approve, ret), "AppendAudit")
	must(t, s.AppendAudit(ctx, edit), "AppendAudit")
	must(t, s.AppendAudit(ctx, login, add), "AppendAudit")
	cases := []struct {
		name string
		f    store.AuditFilter
		want []store.AuditEntry
	}{
		{"all, newest first", store.AuditFilter{}, []store.AuditEntry{edit, ret, approve, load, add, login}},
		{"limit", store.AuditFilter{Limit: 2}, []store.AuditEntry{edit, ret}},
		{"limit above the count", store.AuditFilter{Limit: 100}, []store.AuditEntry{edit, ret, approve, load, add, login}},
		{"from, inclusive", store.AuditFilter{From: at(3)}, []store.AuditEntry{edit, ret, approve, load}},
		{"to, inclusive", store.AuditFilter{To: at(4)}, []store.AuditEntry{ret, approve, load, add, login}},
		{"from and to", store.AuditFilter{From: at(2), To: at(3)}, []store.AuditEntry{load, add}},
		{"between entries", store.AuditFilter{From: at(3).Add(time.Microsecond), To: at(4).Add(-time.Microsecond)}, nil},
		{"to before everything", store.AuditFilter{To: at(0)}, nil},
		{"from after everything", store.AuditFilter{From: at(7)}, nil},
		{"actor", store.AuditFilter{Actor: "admin"}, []store.AuditEntry{edit, add, login}},
		{"action", store.AuditFilter{Action: "submission.approve"}, []store.AuditEntry{approve}},
		{"actor, time and limit", store.AuditFilter{Actor: "admin", To: at(5), Limit: 1}, []store.AuditEntry{add}},
		{"unknown actor", store.AuditFilter{Actor: "nobody"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.AuditLog(ctx, c.f)
			must(t, err, "AuditLog")
			if g, w := normAudit(got), normAudit(c.want); !reflect.DeepEqual(g, w) && len(g)+len(w) > 0 {
				t.Fatalf("AuditLog(%+v):\ngot  %+v\nwant %+v", c.f, g, w)
			}
		})
	}
	t.Run("times in UTC", func(t *testing.T) {
		got, err := s.AuditLog(ctx, store.AuditFilter{Limit: 1})
		must(t, err, "AuditLog")
		if len(got) != 1 || got[0].At.Location() != time.UTC {
			t.Fatalf("AuditLog = %+v, want one entry in UTC", got)
		}
	})
}

// Combined is a store that serves facts and workflow from one place (the
// embedded store).
type Combined interface {
	store.Store
	store.Workflow
}

// RunCombined checks what only a combined store can show: workflow writes
// never change the fact store's DataVersion.
func RunCombined(t *testing.T, open func(t *testing.T) Combined) {
	t.Run("AccountsDataVersion", func(t *testing.T) { testAccountsDataVersion(t, open) })
}

func testAccountsDataVersion(t *testing.T, open func(t *testing.T) Combined) {
	s := open(t)
	ctx := ctxOf(t)
	// A fact first, so the version is not the empty store's.
	must(t, s.AppendObservations(ctx, []domain.Observation{mk("ind.a", "150200", domain.Month(2024, 1), domain.ValuePeriod, 1, at(1))}),
		"AppendObservations")
	want, err := s.DataVersion(ctx)
	must(t, err, "DataVersion")
	check := func(t *testing.T, step string) {
		t.Helper()
		v, err := s.DataVersion(ctx)
		must(t, err, "DataVersion")
		if v != want {
			t.Fatalf("DataVersion changed after %s: %q then %q; only fact writes may change it (a login must not empty the dashboard caches)", step, want, v)
		}
	}
	p := domain.Month(2024, 5)
	steps := []struct {
		name  string
		write func() error
	}{
		{"PutUser", func() error { return s.PutUser(ctx, mkUser("u1", "a", 1)) }},
		{"PutUser again", func() error { return s.PutUser(ctx, mkUser("u1", "a", 2)) }},
		{"PutSession", func() error { return s.PutSession(ctx, store.Session{ID: "s", UserID: "u1", CreatedAt: at(1)}) }},
		{"PutSession revoked", func() error {
			return s.PutSession(ctx, store.Session{ID: "s", UserID: "u1", CreatedAt: at(1), Revoked: true})
		}},
		{"PutToken", func() error { return s.PutToken(ctx, store.Token{ID: "t", UserID: "u1", CreatedAt: at(1)}) }},
		{"PutSubmission", func() error { return s.PutSubmission(ctx, mkSub("x", "150202", p, store.StatusDraft, 1)) }},
		{"PutSubmission v2", func() error { return s.PutSubmission(ctx, mkSub("x", "150202", p, store.StatusSubmitted, 2)) }},
		{"AddSubmissionEvent", func() error {
			return s.AddSubmissionEvent(ctx, store.SubmissionEvent{SubmissionID: "x", Action: "submit", At: at(2)})
		}},
		{"AppendAudit", func() error {
			return s.AppendAudit(ctx, store.AuditEntry{At: at(3), Actor: "a", Action: "submission.submit", Object: "x"})
		}},
		{"ApplySubmission with an outbox entry", func() error {
			c := change(mkSub("x", "150202", p, store.StatusApproved, 3), "approve", store.StatusSubmitted)
			c.Publish, c.PublishAt = true, at(4)
			return s.ApplySubmission(ctx, c)
		}},
		{"ClaimOutbox and MarkPublished", func() error {
			got, err := s.ClaimOutbox(ctx, "p", at(5), time.Minute, 10)
			if err != nil || len(got) != 1 {
				return fmt.Errorf("claimed %d entries: %v", len(got), err)
			}
			return s.MarkPublished(ctx, got[0].Seq, at(6))
		}},
	}
	for _, st := range steps {
		t.Run("stays after "+st.name, func(t *testing.T) {
			must(t, st.write(), st.name)
			check(t, st.name)
		})
	}
	// A fact write after them still changes it.
	must(t, s.AppendObservations(ctx, []domain.Observation{mk("ind.a", "150200", domain.Month(2024, 1), domain.ValuePeriod, 2, at(4))}),
		"AppendObservations")
	if v, err := s.DataVersion(ctx); err != nil || v == want {
		t.Fatalf("DataVersion after a fact write = %q, %v; want a new version", v, err)
	}
}
