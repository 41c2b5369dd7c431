// Package postgres is the workflow store (store.Workflow) on PostgreSQL
// through pgx: accounts, sessions, tokens, submissions with every version
// and event, the audit log and the outbox. Uniqueness (login names, one
// version per submission) and atomic workflow steps rest on the database's
// constraints and transactions, so any number of server processes may share
// it. The schema is the numbered files in sql/postgres, applied by Migrate.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	sqlfiles "industrydash/sql"

	"industrydash/internal/store"
)

var _ store.Workflow = (*Store)(nil)

// Config configures the store.
type Config struct {
	// DSN is a PostgreSQL URL, postgres://user:pass@host:5432/db.
	DSN string
	// QueryTimeout bounds one operation (default 30 s).
	QueryTimeout time.Duration
	// MaxConns caps the connection pool (default 10).
	MaxConns int32
}

// Validate checks the config.
func (c Config) Validate() error {
	u, err := url.Parse(c.DSN)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return fmt.Errorf("postgres: DSN %q is not a postgres://user:pass@host:5432/db URL", Redact(c.DSN))
	}
	if c.QueryTimeout < 0 || c.MaxConns < 0 {
		return errors.New("postgres: negative QueryTimeout or MaxConns")
	}
	return nil
}

// Redact hides the password of a DSN for logs.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return u.String()
}

// Store is the PostgreSQL workflow store. It is safe for concurrent use, by
// several processes too.
type Store struct {
	pool    *pgxpool.Pool
	timeout time.Duration
}

// Open connects (lazily: an unreachable server fails the first operation,
// not Open) and returns the store. Call Migrate before use.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	pc, err := pgxpool.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse DSN %s: %w", Redact(cfg.DSN), err)
	}
	pc.MaxConns = 10
	if cfg.MaxConns > 0 {
		pc.MaxConns = cfg.MaxConns
	}
	if pc.ConnConfig.ConnectTimeout == 0 {
		pc.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("postgres: open pool: %w", err)
	}
	s := &Store{pool: pool, timeout: 30 * time.Second}
	if cfg.QueryTimeout > 0 {
		s.timeout = cfg.QueryTimeout
	}
	return s, nil
}

// Close releases the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

func (s *Store) ctx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout)
}

// Ping checks that the server answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return failure("ping", s.pool.Ping(ctx))
}

// failure wraps err from op. Failures to reach the server (network,
// start-up, shutdown, too many connections) also match store.ErrUnavailable
// so callers may retry; a unique violation matches store.ErrConflict.
func failure(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrUnavailable) {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("postgres %s: %w", op, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return &store.Error{Code: store.CodeConflict, Op: "postgres " + op, Err: err}
		case pe.Code == "53100": // disk_full
			return &store.Error{Code: store.CodeUnknown, Op: "postgres " + op, Err: errors.Join(store.ErrDiskFull, err)}
		case strings.HasPrefix(pe.Code, "08"), pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", pe.Code == "53300":
			return &store.Error{Code: store.CodeUnavailable, Op: "postgres " + op, Err: err}
		}
		return &store.Error{Code: store.CodeUnknown, Op: "postgres " + op, Err: err}
	}
	// No server error: the connection failed or timed out.
	return &store.Error{Code: store.CodeUnavailable, Op: "postgres " + op, Err: err}
}

// tx runs fn in a transaction, committing when it returns nil.
func (s *Store) tx(ctx context.Context, op string, fn func(tx pgx.Tx) error) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return failure(op, pgx.BeginFunc(ctx, s.pool, fn))
}

// migrationLock is the advisory lock key that serialises Migrate across
// processes starting at once.
const migrationLock = 7_202_413_001

// Migrate applies the files of sql/postgres not yet applied, each in its own
// transaction, holding an advisory lock so concurrent starts apply each once.
func (s *Store) Migrate(ctx context.Context) error {
	return s.migrate(ctx, sqlfiles.Postgres)
}

type migration struct {
	version int
	name    string
	sql     string
}

func readMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []migration
	for i, n := range names {
		v, err := strconv.Atoi(strings.SplitN(n, "_", 2)[0])
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("postgres migration %s: want number %04d (files are numbered from 0001 without gaps)", n, i+1)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: n, sql: string(b)})
	}
	return out, nil
}

func (s *Store) migrate(ctx context.Context, fsys fs.FS) error {
	migs, err := readMigrations(fsys)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return failure("migrate", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrationLock)); err != nil {
		return failure("migrate: lock", err)
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", int64(migrationLock)) //nolint:errcheck
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return failure("migrate: schema_migrations", err)
	}
	applied, err := appliedVersion(ctx, conn)
	if err != nil {
		return failure("migrate", err)
	}
	if applied > len(migs) {
		return fmt.Errorf("postgres: the database schema is version %d, newer than this build's %d: upgrade the program", applied, len(migs))
	}
	for _, m := range migs[applied:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name)
			return err
		})
		if err != nil {
			return failure("migrate", err)
		}
	}
	return nil
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func appliedVersion(ctx context.Context, q querier) (int, error) {
	var v int
	err := q.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// SchemaStatus returns the applied and the expected schema versions.
func (s *Store) SchemaStatus(ctx context.Context) (applied, expected int, err error) {
	migs, err := readMigrations(sqlfiles.Postgres)
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	var exists bool
	if err := s.pool.QueryRow(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return 0, len(migs), failure("schema status", err)
	}
	if !exists {
		return 0, len(migs), nil
	}
	applied, err = appliedVersion(ctx, s.pool)
	return applied, len(migs), failure("schema status", err)
}

// ts converts a time for a timestamptz parameter: zero is NULL, others are
// truncated to the microsecond (PostgreSQL would round).
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Truncate(time.Microsecond).UTC()
}

// tm scans a nullable timestamptz into *p (NULL: zero time), in UTC.
func tm(p *time.Time) any { return (*nullTime)(p) }

// nullTime scans a nullable timestamptz into a time.Time (NULL: zero), in UTC.
type nullTime time.Time

// Scan implements sql.Scanner.
func (n *nullTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n = nullTime{}
	case time.Time:
		*n = nullTime(v.UTC())
	default:
		return fmt.Errorf("timestamp: unexpected %T", src)
	}
	return nil
}
