package msg

// Codes of Config.
const (
	ConfigBadAuditRetention  Code = "config.BadAuditRetention"
	ConfigBadCacheMB         Code = "config.BadCacheMB"
	ConfigBadClickHouseDSN   Code = "config.BadClickHouseDSN"
	ConfigBadLockoutDuration Code = "config.BadLockoutDuration"
	ConfigBadLockoutFailures Code = "config.BadLockoutFailures"
	ConfigBadLogLevel        Code = "config.BadLogLevel"
	ConfigBadMaxSessions     Code = "config.BadMaxSessions"
	ConfigBadPasswordHistory Code = "config.BadPasswordHistory"
	ConfigBadPasswordMaxAge  Code = "config.BadPasswordMaxAge"
	ConfigBadPostgresDSN     Code = "config.BadPostgresDSN"
	ConfigBadQueryTimeout    Code = "config.BadQueryTimeout"
	ConfigBadSessionIdle     Code = "config.BadSessionIdle"
	ConfigBadTrustedProxy    Code = "config.BadTrustedProxy"
	ConfigClusterWithoutDSN  Code = "config.ClusterWithoutDSN"
	ConfigNoDataDir          Code = "config.NoDataDir"
	ConfigNoWorkflowDataDir  Code = "config.NoWorkflowDataDir"
	ConfigTrustedProxies     Code = "config.TrustedProxies"
)

func init() {
	register(map[Code]Entry{
		ConfigBadAuditRetention:  {Zh: "操作日志保留期 -audit-retention 须至少 4320h（180 天，等保要求至少 6 个月），例如 8760h", En: "-audit-retention must be >= 4320h"},
		ConfigBadCacheMB:         {Zh: "缓存内存 -cache-mb 须至少为 1（单位 MB），例如 256", En: "-cache-mb must be >= 1"},
		ConfigBadClickHouseDSN:   {Zh: "ClickHouse 连接串“%s”格式不对，应为 clickhouse://用户:密码@主机:9000/数据库", En: "invalid ClickHouse DSN %q"},
		ConfigBadLockoutDuration: {Zh: "锁定时长 -lockout-duration 须至少 1 分钟，例如 15m", En: "-lockout-duration must be >= 1m"},
		ConfigBadLockoutFailures: {Zh: "锁定阈值 -lockout-failures 须在 1 到 100 之间，例如 5", En: "-lockout-failures must be in 1-100"},
		ConfigBadLogLevel:        {Zh: "日志级别“%s”无效，应为 debug、info、warn 或 error", En: "invalid log level %q"},
		ConfigBadMaxSessions:     {Zh: "会话上限 -max-sessions 不能为负数；0 为不限", En: "-max-sessions must be >= 0"},
		ConfigBadPasswordHistory: {Zh: "密码历史 -password-history 须在 1 到 24 之间，例如 5", En: "-password-history must be in 1-24"},
		ConfigBadPasswordMaxAge:  {Zh: "密码有效期 -password-max-age 须至少 24h（如 2160h 即 90 天），或为 0 表示不过期", En: "-password-max-age must be 0 or >= 24h"},
		ConfigBadPostgresDSN:     {Zh: "PostgreSQL 连接串“%s”格式不对，应为 postgres://用户:密码@主机:5432/数据库", En: "invalid PostgreSQL DSN %q"},
		ConfigBadQueryTimeout:    {Zh: "查询超时 -query-timeout 须大于 0，例如 30s", En: "-query-timeout must be > 0"},
		ConfigBadSessionIdle:     {Zh: "会话空闲超时 -session-idle 须大于 0 且不超过 12h，例如 30m", En: "-session-idle must be in (0, 12h]"},
		ConfigBadTrustedProxy:    {Zh: "受信任代理“%s”不是有效的地址或地址段（CIDR），应写成 10.0.0.5 或 10.0.0.0/24", En: "trusted proxy %q is not an address or CIDR"},
		ConfigClusterWithoutDSN:  {Zh: "指定了 ClickHouse 集群 -clickhouse-cluster（或 CLICKHOUSE_CLUSTER）却没有 ClickHouse 连接串：请同时设置 -clickhouse（或 CLICKHOUSE_DSN），或去掉集群名", En: "-clickhouse-cluster without -clickhouse"},
		ConfigNoDataDir:          {Zh: "未配置 ClickHouse 时须指定数据目录 -data（或环境变量 DATA_DIR）", En: "no -data directory and no ClickHouse"},
		ConfigNoWorkflowDataDir:  {Zh: "未配置 PostgreSQL 时，账户与填报存放在内置存储中，须指定数据目录 -data（或环境变量 DATA_DIR）", En: "no -data directory and no PostgreSQL"},
		ConfigTrustedProxies:     {Zh: "-trusted-proxies：%s", En: "-trusted-proxies", Cause: true},
	})
}
