package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/store"
)

const userCols = `id, name, display_name, role, org_unit, password_hash, disabled, failed_logins, locked_until, created_at, updated_at,
	password_changed_at, must_change_password, password_history, audit_reader`

func scanUser(row pgx.Row) (store.User, error) {
	var u store.User
	var history string
	err := row.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Role, &u.OrgUnit, &u.PasswordHash, &u.Disabled, &u.FailedLogins,
		tm(&u.LockedUntil), tm(&u.CreatedAt), tm(&u.UpdatedAt), tm(&u.PasswordChangedAt), &u.MustChangePassword, &history, &u.AuditReader)
	if history != "" {
		u.PasswordHistory = strings.Split(history, "\n")
	}
	return u, err
}

// PutUser upserts u by ID unless the stored user has a later UpdatedAt
// (equal: u wins). A login name held by another user is store.ErrConflict
// (the unique index decides, whichever process asks).
func (s *Store) PutUser(ctx context.Context, u store.User) error {
	if strings.TrimSpace(u.ID) == "" || strings.TrimSpace(u.Name) == "" {
		return fmt.Errorf("postgres put user: id and name are required")
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO users (`+userCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
		ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, display_name = EXCLUDED.display_name, role = EXCLUDED.role,
			org_unit = EXCLUDED.org_unit, password_hash = EXCLUDED.password_hash, disabled = EXCLUDED.disabled,
			failed_logins = EXCLUDED.failed_logins, locked_until = EXCLUDED.locked_until,
			created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
			password_changed_at = EXCLUDED.password_changed_at, must_change_password = EXCLUDED.must_change_password,
			password_history = EXCLUDED.password_history, audit_reader = EXCLUDED.audit_reader
		WHERE users.updated_at IS NULL OR EXCLUDED.updated_at IS NOT NULL AND users.updated_at <= EXCLUDED.updated_at`,
		u.ID, u.Name, u.DisplayName, u.Role, u.OrgUnit, u.PasswordHash, u.Disabled, u.FailedLogins,
		ts(u.LockedUntil), ts(u.CreatedAt), ts(u.UpdatedAt), ts(u.PasswordChangedAt), u.MustChangePassword,
		strings.Join(u.PasswordHistory, "\n"), u.AuditReader)
	if err != nil {
		err = failure("put user", err)
		if errors.Is(err, store.ErrConflict) {
			return store.Conflict("put", "user", u.Name, err)
		}
	}
	return err
}

func (s *Store) oneUser(ctx context.Context, op, where string, arg any) (store.User, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE `+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.User{}, store.NotFound("read", op, fmt.Sprint(arg))
	}
	return u, failure(op, err)
}

// UserByID returns store.ErrNotFound when there is no such user.
func (s *Store) UserByID(ctx context.Context, id string) (store.User, error) {
	return s.oneUser(ctx, "user", "id = $1", id)
}

// UserByName returns the user with exactly this login name, or store.ErrNotFound.
func (s *Store) UserByName(ctx context.Context, name string) (store.User, error) {
	return s.oneUser(ctx, "user", "name = $1", name)
}

// Users returns every user ordered by Name (bytewise), then ID.
func (s *Store) Users(ctx context.Context) ([]store.User, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT `+userCols+` FROM users ORDER BY name COLLATE "C", id COLLATE "C"`)
	if err != nil {
		return nil, failure("users", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.User, error) { return scanUser(r) })
	return out, failure("users", err)
}

// PutSession upserts a session by ID (the later put wins).
func (s *Store) PutSession(ctx context.Context, x store.Session) error {
	if strings.TrimSpace(x.ID) == "" {
		return fmt.Errorf("postgres put session: id is required")
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (id, user_id, csrf, created_at, expires_at, revoked) VALUES ($1,$2,$3,$4,$5,$6)
		ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, csrf = EXCLUDED.csrf, created_at = EXCLUDED.created_at,
			expires_at = EXCLUDED.expires_at, revoked = EXCLUDED.revoked`,
		x.ID, x.UserID, x.CSRF, ts(x.CreatedAt), ts(x.ExpiresAt), x.Revoked)
	return failure("put session", err)
}

// SessionByID returns store.ErrNotFound when there is no such session.
func (s *Store) SessionByID(ctx context.Context, id string) (store.Session, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	var x store.Session
	err := s.pool.QueryRow(ctx, `SELECT id, user_id, csrf, created_at, expires_at, revoked FROM sessions WHERE id = $1`, id).
		Scan(&x.ID, &x.UserID, &x.CSRF, tm(&x.CreatedAt), tm(&x.ExpiresAt), &x.Revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Session{}, store.NotFound("read", "session", id)
	}
	return x, failure("session", err)
}

const tokenCols = `id, user_id, name, created_at, revoked, expires_at, last_used_at`

func scanToken(row pgx.Row) (store.Token, error) {
	var t store.Token
	err := row.Scan(&t.ID, &t.UserID, &t.Name, tm(&t.CreatedAt), &t.Revoked, tm(&t.ExpiresAt), tm(&t.LastUsedAt))
	return t, err
}

// PutToken upserts a token by ID (the later put wins).
func (s *Store) PutToken(ctx context.Context, t store.Token) error {
	if strings.TrimSpace(t.ID) == "" {
		return fmt.Errorf("postgres put token: id is required")
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO tokens (`+tokenCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7)
		ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, name = EXCLUDED.name, created_at = EXCLUDED.created_at,
			revoked = EXCLUDED.revoked, expires_at = EXCLUDED.expires_at, last_used_at = EXCLUDED.last_used_at`,
		t.ID, t.UserID, t.Name, ts(t.CreatedAt), t.Revoked, ts(t.ExpiresAt), ts(t.LastUsedAt))
	return failure("put token", err)
}

// TokenByID returns store.ErrNotFound when there is no such token.
func (s *Store) TokenByID(ctx context.Context, id string) (store.Token, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	t, err := scanToken(s.pool.QueryRow(ctx, `SELECT `+tokenCols+` FROM tokens WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Token{}, store.NotFound("read", "token", id)
	}
	return t, failure("token", err)
}

// SessionsOfUser returns every session of the user, ordered by ID.
func (s *Store) SessionsOfUser(ctx context.Context, userID string) ([]store.Session, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT id, user_id, csrf, created_at, expires_at, revoked FROM sessions
		WHERE user_id = $1 ORDER BY id COLLATE "C"`, userID)
	if err != nil {
		return nil, failure("sessions of user", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Session, error) {
		var x store.Session
		err := r.Scan(&x.ID, &x.UserID, &x.CSRF, tm(&x.CreatedAt), tm(&x.ExpiresAt), &x.Revoked)
		return x, err
	})
	return out, failure("sessions of user", err)
}

// TokensOfUser returns every API token of the user, ordered by ID.
func (s *Store) TokensOfUser(ctx context.Context, userID string) ([]store.Token, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT `+tokenCols+` FROM tokens
		WHERE user_id = $1 ORDER BY id COLLATE "C"`, userID)
	if err != nil {
		return nil, failure("tokens of user", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Token, error) { return scanToken(r) })
	return out, failure("tokens of user", err)
}

// PurgeSessions deletes the sessions that expired before before.
func (s *Store) PurgeSessions(ctx context.Context, before time.Time) (int, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	ct, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, ts(before))
	if err != nil {
		return 0, failure("purge sessions", err)
	}
	return int(ct.RowsAffected()), nil
}
