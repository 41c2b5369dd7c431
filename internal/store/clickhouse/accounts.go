package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// Accounts, submissions and the audit log on the tables of
// sql/clickhouse/0004_accounts.sql. Every write is an appended row; the
// current user, session, token and submission come from argMax queries.
//
// ClickHouse has no transactions, so the two read-check-append writes
// (PutUser's unique login name, PutSubmission's version check) are
// serialised by a mutex in this process. Two server processes writing the
// same submission at the same instant could both pass the check; the later
// row (by seq) is then current. Run one server per database, or accept that.

var (
	_ store.Accounts    = (*Store)(nil)
	_ store.Submissions = (*Store)(nil)
	_ store.Audit       = (*Store)(nil)
)

// ---- users, sessions, tokens ----

// PutUser appends a version of u. The current version is the one with the
// latest UpdatedAt (equal times: the later put). A login name held by
// another current user is refused with an error wrapping store.ErrConflict.
func (s *Store) PutUser(ctx context.Context, u store.User) error {
	const op, what = "PutUser", "保存用户"
	if strings.TrimSpace(u.ID) == "" {
		return &Error{Op: op, Msg: "用户缺少编号（ID），未保存。"}
	}
	if strings.TrimSpace(u.Name) == "" {
		return &Error{Op: op, Msg: fmt.Sprintf("用户 %s 缺少登录名，未保存。", u.ID)}
	}
	s.accountsMu.Lock()
	defer s.accountsMu.Unlock()
	old, err := s.queryUsers(ctx, usersQuery{ID: u.ID})
	if err != nil {
		return s.failure(op, what, err)
	}
	// A put older than the stored version is appended but never current,
	// so only a put that becomes current can take a name.
	if len(old) == 0 || !old[0].UpdatedAt.After(u.UpdatedAt) {
		holders, err := s.queryUsers(ctx, usersQuery{Name: u.Name})
		if err != nil {
			return s.failure(op, what, err)
		}
		for _, h := range holders {
			if h.ID != u.ID {
				return &Error{Op: op, Err: store.ErrConflict, Msg: fmt.Sprintf("登录名“%s”已被其他用户使用，请换一个。", u.Name)}
			}
		}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	seq := s.tick(1)
	cols := append(append([]string{"id"}, userColumns...), "updated_at", "seq")
	err = s.insert(ctx, "users", cols, 1, func(int) []any {
		return []any{u.ID, u.Name, u.DisplayName, u.Role, u.OrgUnit, u.PasswordHash, b2u(u.Disabled),
			int64(u.FailedLogins), nanos(u.LockedUntil), nanos(u.CreatedAt), nanos(u.UpdatedAt),
			dateTime(u.UpdatedAt), seq}
	})
	return s.failure(op, what, err)
}

// UserByID returns store.ErrNotFound when there is no such user.
func (s *Store) UserByID(ctx context.Context, id string) (store.User, error) {
	return s.oneUser(ctx, "UserByID", usersQuery{ID: id}, "用户 "+id)
}

// UserByName returns the current user whose login name is exactly name, or
// store.ErrNotFound.
func (s *Store) UserByName(ctx context.Context, name string) (store.User, error) {
	return s.oneUser(ctx, "UserByName", usersQuery{Name: name}, "登录名为“"+name+"”的用户")
}

func (s *Store) oneUser(ctx context.Context, op string, q usersQuery, who string) (store.User, error) {
	if q.ID == "" && q.Name == "" {
		return store.User{}, &Error{Op: op, Err: store.ErrNotFound, Msg: who + "不存在。"}
	}
	users, err := s.queryUsers(ctx, q)
	if err != nil {
		return store.User{}, s.failure(op, "读取用户", err)
	}
	if len(users) == 0 {
		return store.User{}, &Error{Op: op, Err: store.ErrNotFound, Msg: who + "不存在。"}
	}
	// Two processes could give one name to two users at once: the latest
	// updated holds it.
	best := users[0]
	for _, u := range users[1:] {
		if u.UpdatedAt.After(best.UpdatedAt) {
			best = u
		}
	}
	return best, nil
}

// Users returns every user ordered by Name (then ID).
func (s *Store) Users(ctx context.Context) ([]store.User, error) {
	out, err := s.queryUsers(ctx, usersQuery{})
	return out, s.failure("Users", "读取用户", err)
}

func (s *Store) queryUsers(ctx context.Context, q usersQuery) ([]store.User, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("query users: %w", err)
	}
	defer rows.Close()
	var out []store.User
	for rows.Next() {
		var (
			u                         store.User
			disabled                  uint8
			failed                    int64
			locked, created, uUpdated uint64
		)
		if err := rows.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Role, &u.OrgUnit, &u.PasswordHash, &disabled,
			&failed, &locked, &created, &uUpdated); err != nil {
			return nil, fmt.Errorf("scan user: %w", err)
		}
		u.Disabled, u.FailedLogins = disabled != 0, int(failed)
		u.LockedUntil, u.CreatedAt, u.UpdatedAt = fromNanos(locked), fromNanos(created), fromNanos(uUpdated)
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	return out, nil
}

// PutSession stores sess, replacing any session with its ID (revoke by
// putting it again with Revoked set).
func (s *Store) PutSession(ctx context.Context, sess store.Session) error {
	if strings.TrimSpace(sess.ID) == "" {
		return &Error{Op: "PutSession", Msg: "会话缺少编号（ID），未保存。"}
	}
	return s.putLatest(ctx, "PutSession", "保存会话", "sessions", sessionColumns, sess.ID,
		sess.UserID, sess.CSRF, nanos(sess.CreatedAt), nanos(sess.ExpiresAt), b2u(sess.Revoked))
}

// SessionByID returns store.ErrNotFound when there is no such session.
func (s *Store) SessionByID(ctx context.Context, id string) (store.Session, error) {
	sess := store.Session{ID: id}
	var created, expires uint64
	var revoked uint8
	found, err := s.getLatest(ctx, latestByIDQuery{Table: "sessions", Columns: sessionColumns, ID: id},
		&sess.UserID, &sess.CSRF, &created, &expires, &revoked)
	if err != nil {
		return store.Session{}, s.failure("SessionByID", "读取会话", err)
	}
	if !found {
		return store.Session{}, &Error{Op: "SessionByID", Err: store.ErrNotFound, Msg: "会话不存在或已失效，请重新登录。"}
	}
	sess.CreatedAt, sess.ExpiresAt, sess.Revoked = fromNanos(created), fromNanos(expires), revoked != 0
	return sess, nil
}

// PutToken stores t, replacing any token with its ID.
func (s *Store) PutToken(ctx context.Context, t store.Token) error {
	if strings.TrimSpace(t.ID) == "" {
		return &Error{Op: "PutToken", Msg: "令牌缺少编号（ID），未保存。"}
	}
	return s.putLatest(ctx, "PutToken", "保存令牌", "api_tokens", tokenColumns, t.ID,
		t.UserID, t.Name, nanos(t.CreatedAt), b2u(t.Revoked))
}

// TokenByID returns store.ErrNotFound when there is no such token.
func (s *Store) TokenByID(ctx context.Context, id string) (store.Token, error) {
	t := store.Token{ID: id}
	var created uint64
	var revoked uint8
	found, err := s.getLatest(ctx, latestByIDQuery{Table: "api_tokens", Columns: tokenColumns, ID: id},
		&t.UserID, &t.Name, &created, &revoked)
	if err != nil {
		return store.Token{}, s.failure("TokenByID", "读取令牌", err)
	}
	if !found {
		return store.Token{}, &Error{Op: "TokenByID", Err: store.ErrNotFound, Msg: "令牌不存在或已撤销。"}
	}
	t.CreatedAt, t.Revoked = fromNanos(created), revoked != 0
	return t, nil
}

// SessionsOfUser returns every session of userID, ordered by ID.
func (s *Store) SessionsOfUser(ctx context.Context, userID string) ([]store.Session, error) {
	var out []store.Session
	err := s.queryOfUser(ctx, ofUserQuery{Table: "sessions", Columns: sessionColumns, UserID: userID}, func(scan func(...any) error) error {
		sess := store.Session{}
		var created, expires uint64
		var revoked uint8
		if err := scan(&sess.ID, &sess.UserID, &sess.CSRF, &created, &expires, &revoked); err != nil {
			return err
		}
		sess.CreatedAt, sess.ExpiresAt, sess.Revoked = fromNanos(created), fromNanos(expires), revoked != 0
		out = append(out, sess)
		return nil
	})
	return out, s.failure("SessionsOfUser", "读取用户的会话", err)
}

// TokensOfUser returns every API token of userID, ordered by ID.
func (s *Store) TokensOfUser(ctx context.Context, userID string) ([]store.Token, error) {
	var out []store.Token
	err := s.queryOfUser(ctx, ofUserQuery{Table: "api_tokens", Columns: tokenColumns, UserID: userID}, func(scan func(...any) error) error {
		t := store.Token{}
		var created uint64
		var revoked uint8
		if err := scan(&t.ID, &t.UserID, &t.Name, &created, &revoked); err != nil {
			return err
		}
		t.CreatedAt, t.Revoked = fromNanos(created), revoked != 0
		out = append(out, t)
		return nil
	})
	return out, s.failure("TokensOfUser", "读取用户的令牌", err)
}

func (s *Store) queryOfUser(ctx context.Context, q ofUserQuery, row func(scan func(...any) error) error) error {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("query %s: %w", q.Table, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return fmt.Errorf("scan %s: %w", q.Table, err)
		}
	}
	return rows.Err()
}

// putLatest appends one row (id, values…, written_at, seq) to a
// replaced-by-id table.
func (s *Store) putLatest(ctx context.Context, op, what, table string, columns []string, id string, values ...any) error {
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	seq := s.tick(1)
	cols := append(append([]string{"id"}, columns...), "written_at", "seq")
	row := append(append([]any{id}, values...), dateTime(time.Unix(0, int64(seq))), seq)
	err := s.insert(ctx, table, cols, 1, func(int) []any { return row })
	return s.failure(op, what, err)
}

// getLatest scans the latest write of one id into dest; false when none.
func (s *Store) getLatest(ctx context.Context, q latestByIDQuery, dest ...any) (bool, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return false, fmt.Errorf("query %s: %w", q.Table, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rows.Scan(dest...); err != nil {
		return false, fmt.Errorf("scan %s: %w", q.Table, err)
	}
	return true, rows.Err()
}

// ---- submissions ----

var statuses = []string{store.StatusDraft, store.StatusSubmitted, store.StatusApproved, store.StatusReturned}

// validSubmission checks what the store relies on; the workflow rules are
// the caller's.
func validSubmission(sub store.Submission) string {
	switch {
	case strings.TrimSpace(sub.ID) == "":
		return "填报缺少编号（ID），未保存。"
	case strings.TrimSpace(sub.OrgUnit) == "":
		return fmt.Sprintf("填报 %s 缺少单位，未保存。", sub.ID)
	case !sub.Period.Valid():
		return fmt.Sprintf("填报 %s 的期间 %v 无效，未保存。", sub.ID, sub.Period)
	case !slices.Contains(statuses, sub.Status):
		return fmt.Sprintf("填报 %s 的状态“%s”无效，未保存。", sub.ID, sub.Status)
	case sub.Version < 1:
		return fmt.Sprintf("填报 %s 的版本号 %d 无效（应从 1 开始），未保存。", sub.ID, sub.Version)
	}
	return ""
}

// PutSubmission appends sub as a new version: sub.Version must be the
// stored version plus one (1 for a new ID), otherwise the error wraps
// store.ErrConflict and nothing is written.
func (s *Store) PutSubmission(ctx context.Context, sub store.Submission) error {
	const op, what = "PutSubmission", "保存填报"
	if msg := validSubmission(sub); msg != "" {
		return &Error{Op: op, Msg: msg}
	}
	values := slices.Clone(sub.Values)
	for i := range values {
		if !values[i].RecordedAt.IsZero() {
			values[i].RecordedAt = values[i].RecordedAt.UTC()
		}
	}
	if values == nil {
		values = []domain.Observation{}
	}
	valuesJSON, err := json.Marshal(values)
	if err != nil {
		return &Error{Op: op, Err: err, Msg: fmt.Sprintf("填报 %s 的数据无法保存（含有无效数值），请检查后重试。", sub.ID)}
	}
	s.submissionsMu.Lock()
	defer s.submissionsMu.Unlock()
	stored, err := s.submissionVersion(ctx, sub.ID)
	if err != nil {
		return s.failure(op, what, err)
	}
	if sub.Version != stored+1 {
		return &Error{Op: op, Err: store.ErrConflict, Msg: fmt.Sprintf(
			"填报 %s 已被其他人修改（已保存第 %d 版，本次保存为第 %d 版），请刷新后重试。", sub.ID, stored, sub.Version)}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	seq := s.tick(1)
	cols := append(append([]string{"id", "version"}, submissionColumns...), "updated_at", "seq")
	err = s.insert(ctx, "submissions_v2", cols, 1, func(int) []any {
		p := sub.Period
		return []any{sub.ID, uint32(sub.Version), sub.OrgUnit, uint16(p.Year), uint8(p.From), uint8(p.To), sub.Status,
			string(valuesJSON), sub.CreatedBy, nanos(sub.CreatedAt), sub.UpdatedBy, nanos(sub.UpdatedAt),
			nanos(sub.SubmittedAt), sub.Reason, dateTime(sub.UpdatedAt), seq}
	})
	return s.failure(op, what, err)
}

func (s *Store) submissionVersion(ctx context.Context, id string) (int, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := submissionVersionQuery{ID: id}.SQL()
	var v uint32
	if err := s.conn.QueryRow(ctx, q, args...).Scan(&v); err != nil {
		return 0, fmt.Errorf("submission version: %w", err)
	}
	return int(v), nil
}

// SubmissionByID returns the current version, or store.ErrNotFound.
func (s *Store) SubmissionByID(ctx context.Context, id string) (store.Submission, error) {
	if id == "" {
		return store.Submission{}, &Error{Op: "SubmissionByID", Err: store.ErrNotFound, Msg: "填报不存在。"}
	}
	subs, err := s.querySubmissions(ctx, submissionsQuery{ID: id})
	if err != nil {
		return store.Submission{}, s.failure("SubmissionByID", "读取填报", err)
	}
	if len(subs) == 0 {
		return store.Submission{}, &Error{Op: "SubmissionByID", Err: store.ErrNotFound, Msg: "填报 " + id + " 不存在。"}
	}
	return subs[0], nil
}

// ListSubmissions returns the current versions matching f (Month matches
// Period.To), ordered by period, org unit, then ID.
func (s *Store) ListSubmissions(ctx context.Context, f store.SubmissionFilter) ([]store.Submission, error) {
	out, err := s.querySubmissions(ctx, submissionsQuery{OrgUnit: f.OrgUnit, Year: f.Year, Month: f.Month, Status: f.Status})
	return out, s.failure("ListSubmissions", "读取填报", err)
}

func (s *Store) querySubmissions(ctx context.Context, q submissionsQuery) ([]store.Submission, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("query submissions: %w", err)
	}
	defer rows.Close()
	var out []store.Submission
	for rows.Next() {
		var (
			sub                         store.Submission
			version                     uint32
			year                        uint16
			from, to                    uint8
			valuesJSON                  string
			created, updated, submitted uint64
		)
		if err := rows.Scan(&sub.ID, &version, &sub.OrgUnit, &year, &from, &to, &sub.Status, &valuesJSON,
			&sub.CreatedBy, &created, &sub.UpdatedBy, &updated, &submitted, &sub.Reason); err != nil {
			return nil, fmt.Errorf("scan submission: %w", err)
		}
		if err := json.Unmarshal([]byte(valuesJSON), &sub.Values); err != nil {
			return nil, fmt.Errorf("decode values of submission %s: %w", sub.ID, err)
		}
		if len(sub.Values) == 0 {
			sub.Values = nil
		}
		sub.Version = int(version)
		sub.Period = domain.Period{Year: int(year), From: int(from), To: int(to)}
		sub.CreatedAt, sub.UpdatedAt, sub.SubmittedAt = fromNanos(created), fromNanos(updated), fromNanos(submitted)
		out = append(out, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read submissions: %w", err)
	}
	return out, nil
}

// checkAt defaults a zero time to now and refuses times the *_ns columns
// cannot hold.
func checkAt(t time.Time, what string) (time.Time, string) {
	if t.IsZero() {
		t = time.Now()
	}
	t = t.UTC()
	if t.Before(epoch) || t.After(dateTimeMax) {
		return t, fmt.Sprintf("%s的时间 %s 超出范围（1970—2105 年），未保存；请检查系统时间。", what, t.Format(time.RFC3339))
	}
	return t, ""
}

// AddSubmissionEvent appends e (At defaults to now).
func (s *Store) AddSubmissionEvent(ctx context.Context, e store.SubmissionEvent) error {
	const op, what = "AddSubmissionEvent", "记录填报操作"
	if strings.TrimSpace(e.SubmissionID) == "" {
		return &Error{Op: op, Msg: "填报操作记录缺少填报编号，未保存。"}
	}
	if strings.TrimSpace(e.Action) == "" {
		return &Error{Op: op, Msg: fmt.Sprintf("填报 %s 的操作记录缺少操作类型，未保存。", e.SubmissionID)}
	}
	at, msg := checkAt(e.At, "填报操作记录")
	if msg != "" {
		return &Error{Op: op, Msg: msg}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	seq := s.tick(1)
	cols := append(slices.Clone(eventColumns), "at", "seq")
	err := s.insert(ctx, "submission_events_v2", cols, 1, func(int) []any {
		return []any{e.SubmissionID, e.Action, e.FromStatus, e.ToStatus, e.Actor, e.Reason, nanos(at), dateTime(at), seq}
	})
	return s.failure(op, what, err)
}

// SubmissionEvents returns a submission's events, oldest first (same time:
// in the order added); none for an unknown submission.
func (s *Store) SubmissionEvents(ctx context.Context, id string) ([]store.SubmissionEvent, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := eventsQuery{ID: id}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("SubmissionEvents", "读取填报操作记录", fmt.Errorf("query submission events: %w", err))
	}
	defer rows.Close()
	var out []store.SubmissionEvent
	for rows.Next() {
		var e store.SubmissionEvent
		var at uint64
		if err := rows.Scan(&e.SubmissionID, &e.Action, &e.FromStatus, &e.ToStatus, &e.Actor, &e.Reason, &at); err != nil {
			return nil, s.failure("SubmissionEvents", "读取填报操作记录", fmt.Errorf("scan submission event: %w", err))
		}
		e.At = fromNanos(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure("SubmissionEvents", "读取填报操作记录", fmt.Errorf("read submission events: %w", err))
	}
	return out, nil
}

// ---- audit ----

// AppendAudit appends entries in one insert (all or none). A zero At
// becomes now.
func (s *Store) AppendAudit(ctx context.Context, entries ...store.AuditEntry) error {
	const op, what = "AppendAudit", "写入审计日志"
	if len(entries) == 0 {
		return nil
	}
	ats := make([]time.Time, len(entries))
	for i, e := range entries {
		if strings.TrimSpace(e.Action) == "" {
			return &Error{Op: op, Msg: fmt.Sprintf("第 %d 条审计记录缺少操作类型，整批未写入。", i+1)}
		}
		var msg string
		if ats[i], msg = checkAt(e.At, fmt.Sprintf("第 %d 条审计记录", i+1)); msg != "" {
			return &Error{Op: op, Msg: msg}
		}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	seq := s.tick(len(entries))
	cols := append(slices.Clone(auditColumns), "at", "seq")
	err := s.insert(ctx, "audit_log", cols, len(entries), func(i int) []any {
		e := entries[i].Bounded()
		return []any{nanos(ats[i]), e.Actor, e.Role, e.Action, e.Object, e.Old, e.New, e.IP, e.RequestID,
			dateTime(ats[i]), seq + uint64(i)}
	})
	return s.failure(op, what, err)
}

// AuditLog returns matching entries, newest first (same time: the later
// appended first), at most f.Limit (0: all). From and To are inclusive.
func (s *Store) AuditLog(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	const op, what = "AuditLog", "读取审计日志"
	q := auditQuery{Actor: f.Actor, Action: f.Action, Limit: max(f.Limit, 0), ToNS: asOfNS(f.To)}
	if !f.From.IsZero() && f.From.After(epoch) {
		q.FromNS = uint64(f.From.UnixNano())
	}
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, s.failure(op, what, fmt.Errorf("query audit log: %w", err))
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		var at uint64
		if err := rows.Scan(&at, &e.Actor, &e.Role, &e.Action, &e.Object, &e.Old, &e.New, &e.IP, &e.RequestID); err != nil {
			return nil, s.failure(op, what, fmt.Errorf("scan audit entry: %w", err))
		}
		e.At = fromNanos(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure(op, what, fmt.Errorf("read audit log: %w", err))
	}
	return out, nil
}
