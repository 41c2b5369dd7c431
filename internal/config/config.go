// Package config reads the product's settings from flags with environment
// variable equivalents (a flag wins over its variable), with defaults that run
// on a laptop: the embedded store in ./data, port 8080, demo data on.
package config

import (
	"errors"
	"flag"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/msg"
)

// Config is every setting shared by the server and the ingest command.
type Config struct {
	Addr              string // ADDR: listen address of the web server
	ClickHouseDSN     string // CLICKHOUSE_DSN: clickhouse://user:pass@host:9000/db; empty = embedded store
	ClickHouseCluster string // CLICKHOUSE_CLUSTER: cluster name in remote_servers; empty = one node
	PostgresDSN       string // POSTGRES_DSN: postgres://user:pass@host:5432/db for the workflow store; empty = embedded
	DataDir           string // DATA_DIR: embedded store directory
	Demo              bool   // DEMO: load demo data into an empty store on first start (see WantDemo)
	// DemoSet records that -demo or DEMO was given: without it the demo
	// loads only on the embedded quick start, never into ClickHouse.
	DemoSet       bool
	QueryTimeout  time.Duration // QUERY_TIMEOUT: per-query limit for ClickHouse
	LogLevel      string        // LOG_LEVEL: debug|info|warn|error
	SecureCookies bool          // SECURE_COOKIES: mark session cookies Secure (behind HTTPS)
	CacheMB       int           // CACHE_MB: memory for the dashboard caches (views, last good data, encoded responses)
	// TRUSTED_PROXIES: comma-separated CIDRs of reverse proxies whose
	// X-Forwarded-For names the client (default none: the peer address is
	// the client).
	TrustedProxies string
	SessionIdle    time.Duration // SESSION_IDLE: a session unused this long ends (30m; at most 12h)
	// MAX_SESSIONS caps one user's live sessions (0: no cap).
	MaxSessions int
	// PASSWORD_MAX_AGE: a password older than this must be changed (90
	// days; 0 turns expiry off). PASSWORD_HISTORY: how many previous
	// passwords may not be reused (5).
	PasswordMaxAge  time.Duration
	PasswordHistory int
	FourEyes        bool // FOUR_EYES: the approver of a submission must differ from its submitter
	// LOCKOUT_FAILURES failed logins in a row lock an account for
	// LOCKOUT_DURATION (5, 15m).
	LockoutFailures int
	LockoutDuration time.Duration
	// SEPARATION_OF_DUTIES enforces 三员分立: system, security and audit
	// administrators each do only their own work (off by default).
	SeparationOfDuties bool
	// AUDIT_RETENTION: audit entries older than this are pruned (at least
	// 180 days, the 等保 minimum; default 180 days).
	AuditRetention time.Duration
	// PERIOD_INDICATORS: comma-separated indicator codes whose city figures
	// set the default period of city views (empty: 规上工业增加值增速 and
	// 规上工业总产值).
	PeriodIndicators string
}

// Default returns the laptop defaults.
func Default() Config {
	return Config{
		Addr:         ":8080",
		DataDir:      "./data",
		Demo:         true,
		QueryTimeout: 30 * time.Second,
		LogLevel:     "info",
		CacheMB:      256,
		SessionIdle:  30 * time.Minute,
		FourEyes:     true,

		PasswordMaxAge:  90 * 24 * time.Hour,
		PasswordHistory: 5,
		AuditRetention:  180 * 24 * time.Hour,
		LockoutFailures: 5,
		LockoutDuration: 15 * time.Minute,
	}
}

// CacheBytes splits CacheMB among the dashboard caches: half for computed
// views, a quarter each for the last good answers (served while the store
// is down) and the encoded responses.
func (c Config) CacheBytes() (views, lastGood, responses int64) {
	total := int64(c.CacheMB) << 20
	return total / 2, total / 4, total / 4
}

// Register binds the config to flags on fs, seeding each default from its
// environment variable so that flags override the environment.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("ADDR", c.Addr), "监听地址 (env ADDR)")
	fs.StringVar(&c.ClickHouseDSN, "clickhouse", env("CLICKHOUSE_DSN", c.ClickHouseDSN), "ClickHouse 连接串 clickhouse://user:pass@host:9000/db；为空时使用内置存储 (env CLICKHOUSE_DSN)")
	fs.StringVar(&c.ClickHouseCluster, "clickhouse-cluster", env("CLICKHOUSE_CLUSTER", c.ClickHouseCluster), "ClickHouse 集群名（服务器 remote_servers 中的名称）；为空时为单节点 (env CLICKHOUSE_CLUSTER)")
	fs.StringVar(&c.DataDir, "data", env("DATA_DIR", c.DataDir), "内置存储的数据目录 (env DATA_DIR)")
	fs.StringVar(&c.PostgresDSN, "postgres", env("POSTGRES_DSN", c.PostgresDSN), "PostgreSQL 连接串 postgres://user:pass@host:5432/db，存放账户、填报与操作日志；为空时使用内置存储 (env POSTGRES_DSN)")
	if _, ok := os.LookupEnv("DEMO"); ok {
		c.Demo, c.DemoSet = envBool("DEMO", c.Demo), true
	}
	fs.Var(demoFlag{c}, "demo", "空库首次启动时载入示例数据：内置存储默认载入，ClickHouse 默认不载入，须显式 -demo (env DEMO)")
	fs.DurationVar(&c.QueryTimeout, "query-timeout", envDuration("QUERY_TIMEOUT", c.QueryTimeout), "单次查询超时 (env QUERY_TIMEOUT)")
	fs.StringVar(&c.LogLevel, "log-level", env("LOG_LEVEL", c.LogLevel), "日志级别 debug|info|warn|error (env LOG_LEVEL)")
	fs.IntVar(&c.CacheMB, "cache-mb", envInt("CACHE_MB", c.CacheMB), "看板缓存可用内存（MB），超出时淘汰最久未用的视图 (env CACHE_MB)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("SECURE_COOKIES", c.SecureCookies), "会话 Cookie 仅经 HTTPS 发送 (env SECURE_COOKIES)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("TRUSTED_PROXIES", c.TrustedProxies), "受信任的反向代理地址段（CIDR，逗号分隔，如 10.0.0.5/32）；只有来自这些地址的 X-Forwarded-For 才被当作客户端地址，默认无 (env TRUSTED_PROXIES)")
	fs.DurationVar(&c.SessionIdle, "session-idle", envDuration("SESSION_IDLE", c.SessionIdle), "会话空闲超时：多久未操作即需重新登录（默认 30m），最长 12h (env SESSION_IDLE)")
	fs.BoolVar(&c.SeparationOfDuties, "separation-of-duties", envBool("SEPARATION_OF_DUTIES", c.SeparationOfDuties), "三员分立：系统管理员、安全管理员、审计管理员各司其职，admin 不再兼任后两者（生产环境建议开启） (env SEPARATION_OF_DUTIES)")
	fs.DurationVar(&c.AuditRetention, "audit-retention", envDuration("AUDIT_RETENTION", c.AuditRetention), "操作日志保留期，超过的按日清理（保留散列链起点）；至少 4320h（180 天） (env AUDIT_RETENTION)")
	fs.IntVar(&c.MaxSessions, "max-sessions", envInt("MAX_SESSIONS", c.MaxSessions), "每个账户同时在线的会话上限，超出时结束最早的会话；0 为不限 (env MAX_SESSIONS)")
	fs.DurationVar(&c.PasswordMaxAge, "password-max-age", envDuration("PASSWORD_MAX_AGE", c.PasswordMaxAge), "密码有效期，到期须修改后才能继续使用；0 为不过期 (env PASSWORD_MAX_AGE)")
	fs.IntVar(&c.PasswordHistory, "password-history", envInt("PASSWORD_HISTORY", c.PasswordHistory), "修改密码时不能重复使用最近多少个密码 (env PASSWORD_HISTORY)")
	fs.IntVar(&c.LockoutFailures, "lockout-failures", envInt("LOCKOUT_FAILURES", c.LockoutFailures), "同一账户连续输错密码多少次即锁定 (env LOCKOUT_FAILURES)")
	fs.DurationVar(&c.LockoutDuration, "lockout-duration", envDuration("LOCKOUT_DURATION", c.LockoutDuration), "账户锁定时长，到期自动解除；安全管理员可提前解除 (env LOCKOUT_DURATION)")
	fs.StringVar(&c.PeriodIndicators, "period-indicators", env("PERIOD_INDICATORS", c.PeriodIndicators), "决定看板默认数据期的头条指标代码（逗号分隔，取全市本级这些指标已有数据的最新月份；默认 industry.value_added_growth,industry.output_value） (env PERIOD_INDICATORS)")
	fs.BoolVar(&c.FourEyes, "four-eyes", envBool("FOUR_EYES", c.FourEyes), "双人复核：提交人不能审核自己提交的填报（管理员可填写理由单独审核） (env FOUR_EYES=0 关闭)")
}

// TrustedProxyPrefixes parses TrustedProxies; a bare address counts as a
// single-address prefix.
func (c Config) TrustedProxyPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, msg.New(msg.ConfigBadTrustedProxy, f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// demoFlag is -demo: a boolean flag that remembers it was given.
type demoFlag struct{ c *Config }

func (f demoFlag) String() string {
	if f.c == nil {
		return "false"
	}
	return strconv.FormatBool(f.c.Demo)
}

func (f demoFlag) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	f.c.Demo, f.c.DemoSet = b, true
	return nil
}

func (f demoFlag) IsBoolFlag() bool { return true }

// WantDemo reports whether an empty store gets the demo data: as -demo/DEMO
// say when given, otherwise only on the embedded quick start (no ClickHouse).
func (c Config) WantDemo() bool {
	if c.DemoSet {
		return c.Demo
	}
	return c.Demo && c.ClickHouseDSN == ""
}

// Validate checks the settings and says in Chinese what to fix.
func (c Config) Validate() error {
	var errs []error
	if c.ClickHouseDSN != "" {
		u, err := url.Parse(c.ClickHouseDSN)
		if err != nil || u.Scheme != "clickhouse" || u.Host == "" {
			errs = append(errs, msg.New(msg.ConfigBadClickHouseDSN, redact(c.ClickHouseDSN)))
		}
	} else if c.ClickHouseCluster != "" {
		errs = append(errs, msg.New(msg.ConfigClusterWithoutDSN))
	} else if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, msg.New(msg.ConfigNoDataDir))
	}
	if c.PostgresDSN != "" {
		u, err := url.Parse(c.PostgresDSN)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
			errs = append(errs, msg.New(msg.ConfigBadPostgresDSN, redact(c.PostgresDSN)))
		}
	}
	if c.ClickHouseDSN != "" && c.PostgresDSN == "" && strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, msg.New(msg.ConfigNoWorkflowDataDir))
	}
	if c.QueryTimeout <= 0 {
		errs = append(errs, msg.New(msg.ConfigBadQueryTimeout))
	}
	if c.CacheMB < 1 {
		errs = append(errs, msg.New(msg.ConfigBadCacheMB))
	}
	if _, err := c.TrustedProxyPrefixes(); err != nil {
		errs = append(errs, msg.Wrap(err, msg.ConfigTrustedProxies))
	}
	if c.SessionIdle <= 0 || c.SessionIdle > 12*time.Hour {
		errs = append(errs, msg.New(msg.ConfigBadSessionIdle))
	}
	if c.AuditRetention < 180*24*time.Hour {
		errs = append(errs, msg.New(msg.ConfigBadAuditRetention))
	}
	if c.MaxSessions < 0 {
		errs = append(errs, msg.New(msg.ConfigBadMaxSessions))
	}
	if c.PasswordMaxAge < 0 || c.PasswordMaxAge > 0 && c.PasswordMaxAge < 24*time.Hour {
		errs = append(errs, msg.New(msg.ConfigBadPasswordMaxAge))
	}
	if c.PasswordHistory < 1 || c.PasswordHistory > 24 {
		errs = append(errs, msg.New(msg.ConfigBadPasswordHistory))
	}
	if c.LockoutFailures < 1 || c.LockoutFailures > 100 {
		errs = append(errs, msg.New(msg.ConfigBadLockoutFailures))
	}
	if c.LockoutDuration < time.Minute {
		errs = append(errs, msg.New(msg.ConfigBadLockoutDuration))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, msg.New(msg.ConfigBadLogLevel, c.LogLevel))
	}
	return errors.Join(errs...)
}

// StoreLabel describes the configured store for logs and the UI, without secrets.
func (c Config) StoreLabel() string {
	facts := "内置存储 " + c.DataDir
	if c.ClickHouseDSN != "" && c.ClickHouseCluster != "" {
		facts = "ClickHouse 集群 " + c.ClickHouseCluster + " " + redact(c.ClickHouseDSN)
	}
	if c.ClickHouseDSN != "" {
		facts = "ClickHouse " + redact(c.ClickHouseDSN)
	}
	switch {
	case c.PostgresDSN != "":
		return facts + "；账户与填报 PostgreSQL " + redact(c.PostgresDSN)
	case c.ClickHouseDSN != "":
		return facts + "；账户与填报 内置存储 " + c.DataDir
	}
	return facts
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return u.String()
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func envBool(key string, def bool) bool {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off", "":
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def
	}
	return b
}

func envInt(key string, def int) int {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return def
	}
	return n
}

func envDuration(key string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return def
	}
	return d
}
