package clickhouse

import (
	"industrydash/internal/msg"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Defaults applied by Open for zero Config fields.
const (
	DefaultQueryTimeout    = 30 * time.Second
	DefaultWriteTimeout    = 5 * time.Minute
	DefaultDialTimeout     = 5 * time.Second
	DefaultMaxOpenConns    = 8
	DefaultInsertChunkRows = 65536
	DefaultInsertParallel  = 2
)

// Config configures the ClickHouse store.
type Config struct {
	// DSN is the native-protocol address, e.g.
	// clickhouse://user:pass@127.0.0.1:9000/industrydash. The database is
	// created when it does not exist.
	DSN string
	// QueryTimeout bounds every read; it is also sent to the server as
	// max_execution_time so the server stops the query too.
	QueryTimeout time.Duration
	// WriteTimeout bounds every write (large loads take longer than reads).
	WriteTimeout time.Duration
	// DialTimeout bounds connecting to the server.
	DialTimeout time.Duration
	// MaxOpenConns caps the connection pool.
	MaxOpenConns int
	// InsertChunkRows is how many rows are buffered before a block is sent
	// to the server during one insert. Blocks can be small: the server
	// squashes the blocks of one INSERT into parts of about a million rows
	// (min_insert_block_size_rows), while the client's buffers stay small
	// and are reused block after block (0: DefaultInsertChunkRows).
	InsertChunkRows int
	// InsertParallel is how many inserts a large columnar write (meter
	// readings, observations) runs at once, so that the server works on
	// several cores: one INSERT is written by one server thread (0:
	// DefaultInsertParallel). Two halve the server's time of a 1M-row meter
	// file on a 2-core machine.
	InsertParallel int
	// VersionTTL is how long DataVersion reuses its last answer before asking
	// the server again (0: DefaultVersionTTL; negative: always ask). Writes
	// through this Store are seen at once; other processes' writes within
	// VersionTTL. It spares one query per dashboard request under load.
	VersionTTL time.Duration
	// Cluster names a cluster of the server's remote_servers configuration
	// (empty: one node). Migrations then create ReplicatedMergeTree tables
	// on every node with Distributed tables over them, and inserts are
	// synchronous; see cluster.go.
	Cluster string
	// Trace, when set, is called with every read statement the store sends
	// (Query, QueryRow, Select) and its bound arguments, before it is sent.
	// The bench uses it to replay a view's exact statements raw.
	Trace func(query string, args []any)
}

// DefaultVersionTTL is the default Config.VersionTTL.
const DefaultVersionTTL = time.Second

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Validate checks the configuration; its errors carry catalogue codes whose
// Chinese text says what is wrong and how to fix it.
func (c Config) Validate() error {
	dsn := strings.TrimSpace(c.DSN)
	if dsn == "" {
		return msg.New(msg.CHDSNEmpty)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return msg.New(msg.CHDSNUnparsable)
	}
	switch u.Scheme {
	case "clickhouse", "tcp":
	case "http", "https":
		return msg.New(msg.CHDSNHTTP, u.Scheme)
	default:
		return msg.New(msg.CHDSNScheme, u.Scheme)
	}
	if u.Hostname() == "" {
		return msg.New(msg.CHDSNNoHost)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return msg.New(msg.CHDSNBadPort, p)
		}
	}
	if db := strings.Trim(u.Path, "/"); db != "" && !identRE.MatchString(db) {
		return msg.New(msg.CHDSNBadDatabase, db)
	}
	if c.QueryTimeout < 0 || c.WriteTimeout < 0 || c.DialTimeout < 0 {
		return msg.New(msg.CHNegativeTimeout)
	}
	if c.QueryTimeout > 0 && c.QueryTimeout < time.Second {
		return msg.New(msg.CHShortQueryTimeout, c.QueryTimeout)
	}
	if c.Cluster != "" && !identRE.MatchString(c.Cluster) {
		return msg.New(msg.CHBadCluster, c.Cluster)
	}
	if c.MaxOpenConns < 0 || c.InsertChunkRows < 0 || c.InsertParallel < 0 {
		return msg.New(msg.CHNegativeLimits)
	}
	return nil
}

// withDefaults returns c with zero fields set to the defaults.
func (c Config) withDefaults() Config {
	if c.QueryTimeout == 0 {
		c.QueryTimeout = DefaultQueryTimeout
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = DefaultWriteTimeout
	}
	if c.DialTimeout == 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.MaxOpenConns == 0 {
		c.MaxOpenConns = DefaultMaxOpenConns
	}
	if c.InsertChunkRows == 0 {
		c.InsertChunkRows = DefaultInsertChunkRows
	}
	if c.InsertParallel == 0 {
		c.InsertParallel = DefaultInsertParallel
	}
	if c.VersionTTL == 0 {
		c.VersionTTL = DefaultVersionTTL
	}
	return c
}
