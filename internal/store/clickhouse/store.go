// Package clickhouse is the production store.Store on ClickHouse, over the
// native protocol with clickhouse-go/v2.
//
// It runs unchanged on ClickHouse 18.16 (Debian 12) and current releases,
// which dictates a few habits: rows are inserted only through PrepareBatch
// with an explicit column list; arguments are bound client-side with '?';
// only Date/DateTime/String/Float64/UInt*/Array types are used; the only
// setting sent is max_execution_time. Facts are append-only and "current"
// values come from argMax in GROUP BY queries (never FINAL), so the same
// queries stay correct on a cluster before merges run.
//
// It is the fact store only. Accounts, sessions, tokens, submissions and the
// audit log live in the workflow store (PostgreSQL or embedded); the tables
// migration 0004_accounts.sql created for them stay in the schema, unused
// (applied migrations are never edited, and dropping them would destroy the
// data of a deployment that has not moved it yet).
package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"golang.org/x/sync/singleflight"

	"industrydash/internal/msg"
	"industrydash/internal/store"
	sqlfiles "industrydash/sql"
)

var _ store.Store = (*Store)(nil)

// Store is the ClickHouse implementation of store.Store. It is safe for
// concurrent use.
type Store struct {
	cfg        Config
	conn       driver.Conn
	addr       string // host:port, for messages
	database   string
	migrations []Migration
	clock      atomic.Uint64 // last value handed out by tick
	targetsMu  sync.Mutex    // serialises AddTargets' read-compare-append
	migrateMu  sync.Mutex

	versionMu sync.Mutex // guards the remembered data version
	version   string
	versionAt time.Time // zero: ask the server
	writes    uint64    // bumped by every write; an answer older than a write is not kept
	// versionFlight shares one data-version query among concurrent callers.
	versionFlight singleflight.Group
}

// Open connects to the server of cfg.DSN, creates the DSN's database when it
// does not exist, and checks that the server answers. It does not migrate:
// call Migrate (start-up or "ingest migrate") for that.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	migrations, err := LoadMigrations(sqlfiles.ClickHouse)
	if err != nil {
		return nil, fmt.Errorf("load embedded migrations: %w", err)
	}
	opts, err := parseDSN(cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{cfg: cfg, addr: strings.Join(opts.Addr, ","), database: opts.Auth.Database, migrations: migrations}
	if s.database == "" {
		s.database = "default"
		opts.Auth.Database = "default"
	}
	if cfg.Cluster != "" {
		if s.migrations, err = ClusterRewrite(migrations, s.database, cfg.Cluster); err != nil {
			return nil, fmt.Errorf("rewrite migrations for cluster %s: %w", cfg.Cluster, err)
		}
	}
	if err := s.createDatabase(ctx); err != nil {
		return nil, err
	}
	conn, err := ch.Open(opts)
	if err != nil {
		return nil, s.failure("Open", fmt.Errorf("open: %w", err), msg.NounCHConnect)
	}
	s.conn = conn
	if cfg.Trace != nil {
		s.conn = tracedConn{Conn: conn, trace: cfg.Trace}
	}
	if err := s.Ping(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}

// parseDSN turns the DSN into driver options with the configured limits.
func parseDSN(cfg Config) (*ch.Options, error) {
	opts, err := ch.ParseDSN(strings.TrimSpace(cfg.DSN))
	if err != nil {
		return nil, invalid("Open", fmt.Errorf("parse DSN: %w", err), msg.CHDSNUnparsable)
	}
	opts.Protocol = ch.Native
	opts.DialTimeout = cfg.DialTimeout
	opts.MaxOpenConns = cfg.MaxOpenConns
	// Every open connection may stay idle: a view reads up to six
	// statements at once, and a connection closed after each view would be
	// dialled again (a handshake) on the next.
	opts.MaxIdleConns = cfg.MaxOpenConns
	opts.ConnMaxLifetime = time.Hour
	return opts, nil
}

// createDatabase creates the DSN's database over a connection that names
// no database (connecting to a missing one fails the handshake).
func (s *Store) createDatabase(ctx context.Context) error {
	opts, err := parseDSN(s.cfg)
	if err != nil {
		return err
	}
	opts.Auth.Database = ""
	opts.MaxOpenConns, opts.MaxIdleConns = 1, 1
	conn, err := ch.Open(opts)
	if err != nil {
		return s.failure("Open", fmt.Errorf("open: %w", err), msg.NounCHConnect)
	}
	defer conn.Close()
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	if err := conn.Exec(ctx, "CREATE DATABASE IF NOT EXISTS `"+s.database+"`"); err != nil {
		return s.failure("Open", fmt.Errorf("create database %s: %w", s.database, err), msg.NounCHCreateDatabase, s.database)
	}
	return nil
}

// Ping checks that the server answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	if err := s.conn.Ping(ctx); err != nil {
		return s.failure("Ping", fmt.Errorf("ping: %w", err), msg.NounCHPing)
	}
	return nil
}

// Close releases the connections.
func (s *Store) Close() error {
	if err := s.conn.Close(); err != nil {
		return fmt.Errorf("close clickhouse: %w", err)
	}
	return nil
}

// readCtx bounds a read by QueryTimeout, on the client (context) and on the
// server (max_execution_time, in whole seconds; 18.16 knows the setting).
func (s *Store) readCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	secs := int(math.Ceil(s.cfg.QueryTimeout.Seconds()))
	set := ch.Settings{"max_execution_time": secs}
	if ctx.Value(localGroupsKey{}) != nil {
		set["distributed_group_by_no_merge"] = 1
	}
	ctx = ch.Context(ctx, ch.WithSettings(set))
	return context.WithTimeout(ctx, s.cfg.QueryTimeout)
}

// localGroupsKey marks a read (localGroups) whose GROUP BY groups each
// live on one shard.
type localGroupsKey struct{}

// localGroups marks ctx for a cluster read whose every group lies on one
// shard (the GROUP BY includes the table's sharding key): readCtx then sets
// distributed_group_by_no_merge, which 18.16 and current releases know, so
// each shard finishes its groups and the initiator only gathers rows. The
// rows then come shard after shard: the caller restores the order.
func localGroups(ctx context.Context) context.Context {
	return context.WithValue(ctx, localGroupsKey{}, true)
}

// writeCtx bounds a write by WriteTimeout (client side only: the server
// does not apply max_execution_time to receiving inserted data). In
// cluster mode inserts into Distributed tables are synchronous (see
// cluster.go for why).
func (s *Store) writeCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.cfg.Cluster != "" {
		ctx = ch.Context(ctx, ch.WithSettings(ch.Settings{"insert_distributed_sync": 1}))
	}
	return context.WithTimeout(ctx, s.cfg.WriteTimeout)
}

// tick returns a strictly increasing nanosecond stamp close to the wall
// clock: versions of replaced rows, insertion sequence numbers and data
// versions all come from it, so two writes never share a stamp.
func (s *Store) tick(n int) uint64 {
	for {
		last := s.clock.Load()
		now := uint64(time.Now().UnixNano())
		if now <= last {
			now = last + 1
		}
		if s.clock.CompareAndSwap(last, now+uint64(n)-1) {
			return now
		}
	}
}

// insert sends rows through one PrepareBatch with an explicit column list,
// flushing a block every InsertChunkRows rows. row(i) returns row i's values.
func (s *Store) insert(ctx context.Context, table string, columns []string, n int, row func(i int) []any) error {
	b, err := s.conn.PrepareBatch(ctx, "INSERT INTO "+table+" ("+strings.Join(columns, ", ")+")")
	if err != nil {
		return fmt.Errorf("prepare insert into %s: %w", table, err)
	}
	for i := 0; i < n; i++ {
		if err := b.Append(row(i)...); err != nil {
			_ = b.Abort()
			return fmt.Errorf("append row %d to %s: %w", i, table, err)
		}
		if (i+1)%s.cfg.InsertChunkRows == 0 && i+1 < n {
			if err := b.Flush(); err != nil {
				_ = b.Abort()
				return fmt.Errorf("flush insert into %s: %w", table, err)
			}
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("send insert into %s: %w", table, err)
	}
	return nil
}

// insertColumns sends n rows given as columns: cols(from, to) returns, in
// the order of columns, one slice per column holding rows [from, to). The
// rows go as blocks of at most InsertChunkRows, spread over up to
// InsertParallel inserts running at once (each its own connection and
// PrepareBatch with an explicit column list), so the server works on
// blocks on several cores. Columnar appends skip the per-row boxing of
// insert. When an insert fails, the others are cancelled; blocks already
// sent stay (callers' writes are idempotent on retry).
func (s *Store) insertColumns(ctx context.Context, table string, columns []string, n int, cols func(from, to int) []any) error {
	return s.insertFilled(ctx, table, columns, n, func() func(from, to int) []any { return cols })
}

// insertFilled is insertColumns where each insert running at once asks
// filler for its own cols function, which may then reuse its buffers from
// one block to the next (the driver copies a block's values when they are
// appended).
func (s *Store) insertFilled(ctx context.Context, table string, columns []string, n int, filler func() func(from, to int) []any) error {
	parts := min(s.cfg.InsertParallel, (n+s.cfg.InsertChunkRows-1)/s.cfg.InsertChunkRows)
	if n >= 2*minParallelRows {
		parts = max(parts, min(s.cfg.InsertParallel, n/minParallelRows))
	}
	parts = max(parts, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		from, to := n*p/parts, n*(p+1)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[p] = s.insertRange(ctx, table, columns, from, to, filler()); errs[p] != nil {
				cancel()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(errs...)
}

// minParallelRows is the smallest block insertColumns sends in parallel:
// below it, a second insert costs more than it saves.
const minParallelRows = 20_000

// insertRange sends rows [from, to) of cols through one PrepareBatch, a
// block every InsertChunkRows rows.
func (s *Store) insertRange(ctx context.Context, table string, columns []string, from, to int, cols func(from, to int) []any) error {
	b, err := s.conn.PrepareBatch(ctx, "INSERT INTO "+table+" ("+strings.Join(columns, ", ")+")")
	if err != nil {
		return fmt.Errorf("prepare insert into %s: %w", table, err)
	}
	for lo := from; lo < to; lo += s.cfg.InsertChunkRows {
		hi := min(lo+s.cfg.InsertChunkRows, to)
		for i, c := range cols(lo, hi) {
			if err := b.Column(i).Append(c); err != nil {
				_ = b.Abort()
				return fmt.Errorf("append column %s to %s: %w", columns[i], table, err)
			}
		}
		if hi < to {
			if err := b.Flush(); err != nil {
				_ = b.Abort()
				return fmt.Errorf("flush insert into %s: %w", table, err)
			}
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("send insert into %s: %w", table, err)
	}
	return nil
}

// repeat returns a slice of n copies of v (a constant column).
func repeat[T any](v T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// touch appends a data version after a fact write (catalogue, targets,
// observations, leading data). Accounts, sessions, tokens, submissions, the
// audit log and ingest batch records never touch it: they change no view,
// so they must not empty the dashboard caches.
func (s *Store) touch(ctx context.Context, what string) error {
	ns := s.tick(1)
	defer s.forgetVersion()
	return s.insert(ctx, "data_versions", []string{"at", "ns", "what"}, 1, func(int) []any {
		return []any{dateTime(time.Unix(0, int64(ns))), ns, what}
	})
}

// forgetVersion makes the next DataVersion ask the server.
func (s *Store) forgetVersion() {
	s.versionMu.Lock()
	s.versionAt = time.Time{}
	s.writes++
	s.versionMu.Unlock()
}

// DataVersion changes whenever a fact changes: the count and the latest
// stamp of the data_versions rows every fact write appends.
// The answer is reused for Config.VersionTTL unless this Store wrote since,
// and concurrent callers share one query: under load the dashboards ask on
// every request, and two hundred requests must not become two hundred
// queries each time the answer expires. Past half its TTL a remembered
// answer is still returned at once while one shared query refreshes it in
// the background, so under steady load no request waits for the server
// (and none gets an answer older than VersionTTL).
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	s.versionMu.Lock()
	gen := s.writes
	if !s.versionAt.IsZero() {
		if age := time.Since(s.versionAt); age < s.cfg.VersionTTL {
			v := s.version
			s.versionMu.Unlock()
			if age >= s.cfg.VersionTTL/2 {
				s.versionQuery(ctx, gen) // refresh ahead; nobody waits for it
			}
			return v, nil
		}
	}
	s.versionMu.Unlock()
	ch := s.versionQuery(ctx, gen)
	select {
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	case <-ctx.Done(): // this caller gives up; the shared query goes on for the others
		return "", s.failure("DataVersion", fmt.Errorf("data version: %w", ctx.Err()), msg.NounCHReadDataVersion)
	}
}

// versionQuery starts, or joins, the shared data-version query of write
// generation gen. The generation is in the key: a caller that comes after a
// write never joins a query that started before it. The channel is
// buffered, so a caller may leave without reading it.
func (s *Store) versionQuery(ctx context.Context, gen uint64) <-chan singleflight.Result {
	return s.versionFlight.DoChan(strconv.FormatUint(gen, 10), func() (any, error) {
		return s.askVersion(context.WithoutCancel(ctx), gen)
	})
}

// askVersion queries the data version and remembers it unless a write
// happened meanwhile.
func (s *Store) askVersion(ctx context.Context, gen uint64) (string, error) {
	asked := time.Now()
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	var n, maxNS uint64
	if err := s.conn.QueryRow(ctx, dataVersionSQL).Scan(&n, &maxNS); err != nil {
		return "", s.failure("DataVersion", fmt.Errorf("data version: %w", err), msg.NounCHReadDataVersion)
	}
	v := fmt.Sprintf("%d-%d", n, maxNS)
	s.versionMu.Lock()
	if s.writes == gen {
		s.version, s.versionAt = v, asked
	}
	s.versionMu.Unlock()
	return v, nil
}

const dataVersionSQL = "SELECT count(), max(ns) FROM data_versions"

// epoch bounds what a DateTime column holds.
var (
	epoch       = time.Unix(0, 0).UTC()
	dateTimeMax = time.Date(2105, 12, 31, 0, 0, 0, 0, time.UTC)
)

// dateTime clamps t into the DateTime range (1970..2105), seconds precision.
func dateTime(t time.Time) time.Time {
	switch {
	case t.Before(epoch):
		return epoch
	case t.After(dateTimeMax):
		return dateTimeMax
	}
	return t.UTC().Truncate(time.Second)
}

// nanos is t as Unix nanoseconds for the *_ns columns; 0 for the zero time.
func nanos(t time.Time) uint64 {
	if t.IsZero() || t.Before(epoch) {
		return 0
	}
	return uint64(t.UnixNano())
}

// fromNanos is the inverse of nanos, in UTC.
func fromNanos(ns uint64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(ns)).UTC()
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// nonNeg converts a count to UInt64, clamping negatives to 0.
func nonNeg(n int) uint64 {
	if n < 0 {
		return 0
	}
	return uint64(n)
}
