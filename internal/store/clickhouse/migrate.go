package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"industrydash/internal/msg"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Migration is one numbered schema file split into statements.
type Migration struct {
	Version    int
	Name       string // file name, e.g. 0001_init.sql
	Statements []string
}

var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

// LoadMigrations reads the *.sql files at the root of fsys (see package
// industrydash/sql for the rules), checks they are numbered 1, 2, … without
// gaps, and splits each into statements.
func LoadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration file %q: name must look like 0001_some_name.sql", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		stmts, err := SplitStatements(string(data))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		if len(stmts) == 0 {
			return nil, fmt.Errorf("migration %s: no statements", e.Name())
		}
		out = append(out, Migration{Version: v, Name: e.Name(), Statements: stmts})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %04d (versions must run 1, 2, … without gaps or duplicates)", m.Name, i+1)
		}
	}
	return out, nil
}

// SplitStatements splits a migration file into statements: a statement ends
// at a line whose last non-blank character is ';'. Whole-line "--" comments
// are dropped (so a ';' in them never splits); text after the last ';' must
// be blank or comments.
func SplitStatements(src string) ([]string, error) {
	var out []string
	var cur []string
	for n, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || (trimmed == "" && len(cur) == 0) {
			continue
		}
		line = strings.TrimRight(line, " \t\r")
		if strings.HasSuffix(line, ";") {
			cur = append(cur, strings.TrimSuffix(line, ";"))
			stmt := strings.TrimSpace(strings.Join(cur, "\n"))
			if stmt == "" {
				return nil, fmt.Errorf("line %d: empty statement", n+1)
			}
			out = append(out, stmt)
			cur = nil
			continue
		}
		cur = append(cur, line)
	}
	if rest := strings.TrimSpace(strings.Join(cur, "\n")); rest != "" {
		return nil, fmt.Errorf("the last statement does not end with ';' at the end of a line: %.60q", rest)
	}
	return out, nil
}

// alreadyApplied reports whether err only says that an ALTER TABLE … ADD
// COLUMN ran before (18.16 has no ADD COLUMN IF NOT EXISTS).
func alreadyApplied(stmt string, err error) bool {
	var ex *ch.Exception
	return errors.As(err, &ex) && ex.Code == codeIllegalColumn &&
		strings.Contains(ex.Message, "already exists") &&
		strings.Contains(strings.ToUpper(stmt), "ADD COLUMN")
}

// copiedBefore reports whether statement i of stmts is a copy (INSERT …
// SELECT) out of a table that a later statement of the same migration
// drops, and err says a table is missing: the drop runs only after the copy
// succeeded, so a run interrupted after the drop finds the copy done.
func copiedBefore(stmts []string, i int, err error) bool {
	var ex *ch.Exception
	if !errors.As(err, &ex) || ex.Code != codeUnknownTable {
		return false
	}
	m := insertSelectRE.FindStringSubmatch(strings.TrimSpace(stmts[i]))
	if m == nil {
		return false
	}
	dropped := map[string]bool{}
	for _, later := range stmts[i+1:] {
		if d := dropRE.FindStringSubmatch(strings.TrimSpace(later)); d != nil {
			dropped[d[2]] = true
		}
	}
	for _, f := range fromJoinRE.FindAllStringSubmatch(m[2], -1) {
		if dropped[f[3]] && strings.Contains(ex.Message, "."+f[3]+" ") { // "Table db.t doesn't exist"
			return true
		}
	}
	return false
}

// expectedVersion is the highest migration version shipped with the binary.
func (s *Store) expectedVersion() int { return len(s.migrations) }

// appliedVersion reads the highest applied migration (0 on a fresh database).
func (s *Store) appliedVersion(ctx context.Context) (int, error) {
	var n uint64
	q := "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'schema_migrations'"
	if err := s.conn.QueryRow(ctx, q).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	var v uint32
	if err := s.conn.QueryRow(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, err
	}
	return int(v), nil
}

// Migrate applies the migrations newer than the database's version. Every
// statement is idempotent, so running it again, or after an interrupted
// run, is harmless.
func (s *Store) Migrate(ctx context.Context) error {
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	s.migrateMu.Lock()
	defer s.migrateMu.Unlock()
	applied, err := s.appliedVersion(ctx)
	if err != nil {
		return s.failure("Migrate", err, msg.NounCHReadSchemaVersion)
	}
	if applied > s.expectedVersion() {
		return invalid("Migrate", nil, msg.CHNewerSchema, applied, s.expectedVersion())
	}
	for _, m := range s.migrations[applied:] {
		if err := s.applyStatements(ctx, m); err != nil {
			return err
		}
		b, err := s.conn.PrepareBatch(ctx, "INSERT INTO schema_migrations (version, name, applied_at)")
		if err == nil {
			err = b.Append(uint32(m.Version), m.Name, dateTime(time.Now()))
			if err == nil {
				err = b.Send()
			} else {
				_ = b.Abort()
			}
		}
		if err != nil {
			return s.failure("Migrate", fmt.Errorf("record migration %s: %w", m.Name, err), msg.NounCHRecordMigration, m.Name)
		}
	}
	return nil
}

// applyStatements runs m's statements on the server of the DSN, or in
// cluster mode on every node of the cluster.
func (s *Store) applyStatements(ctx context.Context, m Migration) error {
	run := func(where string, conn driver.Conn) error {
		for i, stmt := range m.Statements {
			if err := conn.Exec(ctx, stmt); err != nil && !alreadyApplied(stmt, err) && !copiedBefore(m.Statements, i, err) {
				return s.failure("Migrate", fmt.Errorf("migration %s statement %d on %s: %w", m.Name, i+1, where, err), msg.NounCHMigrateStatement, where, m.Name, i+1)
			}
		}
		return nil
	}
	if s.cfg.Cluster == "" {
		return run(s.addr, s.conn)
	}
	return s.failure("Migrate", s.onEveryNode(ctx, run), msg.NounCHMigrateCluster, s.cfg.Cluster, m.Name)
}

// SchemaStatus returns the applied and the expected schema versions.
func (s *Store) SchemaStatus(ctx context.Context) (applied, expected int, err error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	applied, err = s.appliedVersion(ctx)
	if err != nil {
		return 0, s.expectedVersion(), s.failure("SchemaStatus", err, msg.NounCHReadSchemaVersion)
	}
	return applied, s.expectedVersion(), nil
}
