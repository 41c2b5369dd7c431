package clickhouse

import (
	"fmt"
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
	DefaultInsertChunkRows = 500_000
	DefaultInsertParallel  = 1
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
	// to the server during one insert.
	InsertChunkRows int
	// InsertParallel is how many inserts a large columnar write (meter
	// readings) runs at once, so that the server works on several blocks
	// in parallel (0: DefaultInsertParallel). The default is 1: on the
	// 2-core development machine two inserts showed no measurable gain
	// (and smaller parts); raise it on a server with spare cores.
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

// Validate checks the configuration and says in Chinese what is wrong and
// how to fix it.
func (c Config) Validate() error {
	const form = "应写成 clickhouse://用户名:密码@主机:9000/数据库名"
	dsn := strings.TrimSpace(c.DSN)
	if dsn == "" {
		return fmt.Errorf("ClickHouse 连接串（DSN）为空，%s", form)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("ClickHouse 连接串（DSN）无法解析，%s", form)
	}
	switch u.Scheme {
	case "clickhouse", "tcp":
	case "http", "https":
		return fmt.Errorf("ClickHouse 连接串使用了 %s 协议，本系统只支持原生协议（端口通常为 9000），%s", u.Scheme, form)
	default:
		return fmt.Errorf("ClickHouse 连接串的协议“%s”不对，%s", u.Scheme, form)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("ClickHouse 连接串缺少主机名，%s", form)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("ClickHouse 连接串的端口“%s”无效，应为 1-65535 之间的数字（原生协议默认 9000）", p)
		}
	}
	if db := strings.Trim(u.Path, "/"); db != "" && !identRE.MatchString(db) {
		return fmt.Errorf("ClickHouse 连接串中的数据库名“%s”无效，只能使用英文字母、数字和下划线，且不以数字开头", db)
	}
	if c.QueryTimeout < 0 || c.WriteTimeout < 0 || c.DialTimeout < 0 {
		return fmt.Errorf("ClickHouse 超时设置不能为负数，请填写正的时长（如 30s）或留空使用默认值")
	}
	if c.QueryTimeout > 0 && c.QueryTimeout < time.Second {
		return fmt.Errorf("ClickHouse 查询超时 %v 太短，至少 1 秒（服务器端 max_execution_time 以秒计）", c.QueryTimeout)
	}
	if c.Cluster != "" && !identRE.MatchString(c.Cluster) {
		return fmt.Errorf("ClickHouse 集群名“%s”无效，只能使用英文字母、数字和下划线，且不以数字开头，并与服务器 remote_servers 配置中的名称一致", c.Cluster)
	}
	if c.MaxOpenConns < 0 || c.InsertChunkRows < 0 || c.InsertParallel < 0 {
		return fmt.Errorf("ClickHouse 连接数和批量写入行数不能为负数，请留空使用默认值")
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
