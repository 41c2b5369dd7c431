package msg

// Codes of the ClickHouse store (internal/store/clickhouse).
const (
	// Reasons a store operation failed: each takes what was being done (a
	// Noun code below, or an *Error of one) as its first argument.
	CHCancelled       Code = "clickhouse.cancelled"
	CHTimeout         Code = "clickhouse.timeout"
	CHNodeUnreachable Code = "clickhouse.node_unreachable"
	CHBusy            Code = "clickhouse.busy"
	CHDiskFull        Code = "clickhouse.disk_full"
	CHNoSchema        Code = "clickhouse.no_schema"
	CHRefused         Code = "clickhouse.refused"
	CHUnreachable     Code = "clickhouse.unreachable"
	CHFailed          Code = "clickhouse.failed"

	// Invalid input and state.
	CHBatchNoID         Code = "clickhouse.batch_no_id"
	CHBudgetLineNoCode  Code = "clickhouse.budget_line_no_code"
	CHBadPayment        Code = "clickhouse.bad_payment"
	CHBadBudgetYear     Code = "clickhouse.bad_budget_year"
	CHBadUnit           Code = "clickhouse.bad_unit"
	CHIndicatorNoCode   Code = "clickhouse.indicator_no_code"
	CHBadTargetYear     Code = "clickhouse.bad_target_year"
	CHTargetNoKey       Code = "clickhouse.target_no_key"
	CHEntryNoKind       Code = "clickhouse.entry_no_kind"
	CHEnterpriseNoCode  Code = "clickhouse.enterprise_no_code"
	CHBadPower          Code = "clickhouse.bad_power"
	CHBadPrice          Code = "clickhouse.bad_price"
	CHLeadingBatchMeta  Code = "clickhouse.leading_batch_meta"
	CHLeadingBatchNoID  Code = "clickhouse.leading_batch_no_id"
	CHBadDimension      Code = "clickhouse.bad_dimension"
	CHNewerSchema       Code = "clickhouse.newer_schema"
	CHBadObservation    Code = "clickhouse.bad_observation"
	CHNoCluster         Code = "clickhouse.no_cluster"
	CHDSNEmpty          Code = "clickhouse.dsn_empty"
	CHDSNUnparsable     Code = "clickhouse.dsn_unparsable"
	CHDSNHTTP           Code = "clickhouse.dsn_http"
	CHDSNScheme         Code = "clickhouse.dsn_scheme"
	CHDSNNoHost         Code = "clickhouse.dsn_no_host"
	CHDSNBadPort        Code = "clickhouse.dsn_bad_port"
	CHDSNBadDatabase    Code = "clickhouse.dsn_bad_database"
	CHNegativeTimeout   Code = "clickhouse.negative_timeout"
	CHShortQueryTimeout Code = "clickhouse.short_query_timeout"
	CHBadCluster        Code = "clickhouse.bad_cluster"
	CHNegativeLimits    Code = "clickhouse.negative_limits"

	// Nouns: what the store was doing, arguments of the reasons above.
	NounCHConnect             Code = "noun.ch_connect"
	NounCHPing                Code = "noun.ch_ping"
	NounCHCreateDatabase      Code = "noun.ch_create_database"
	NounCHReadSchemaVersion   Code = "noun.ch_read_schema_version"
	NounCHRecordMigration     Code = "noun.ch_record_migration"
	NounCHMigrateStatement    Code = "noun.ch_migrate_statement"
	NounCHMigrateCluster      Code = "noun.ch_migrate_cluster"
	NounCHReadDataVersion     Code = "noun.ch_read_data_version"
	NounCHSaveUnits           Code = "noun.ch_save_units"
	NounCHReadUnits           Code = "noun.ch_read_units"
	NounCHSaveIndicators      Code = "noun.ch_save_indicators"
	NounCHReadIndicators      Code = "noun.ch_read_indicators"
	NounCHReadExistingTargets Code = "noun.ch_read_existing_targets"
	NounCHSaveTargets         Code = "noun.ch_save_targets"
	NounCHReadTargets         Code = "noun.ch_read_targets"
	NounCHReadTargetRevisions Code = "noun.ch_read_target_revisions"
	NounCHReadTargetYears     Code = "noun.ch_read_target_years"
	NounCHSaveEntries         Code = "noun.ch_save_entries"
	NounCHReadEntries         Code = "noun.ch_read_entries"
	NounCHRecordBatch         Code = "noun.ch_record_batch"
	NounCHReadBatches         Code = "noun.ch_read_batches"
	NounCHWriteObservations   Code = "noun.ch_write_observations"
	NounCHReadObservations    Code = "noun.ch_read_observations"
	NounCHReadHistory         Code = "noun.ch_read_history"
	NounCHReadLatestPeriod    Code = "noun.ch_read_latest_period"
	NounCHReadObsYears        Code = "noun.ch_read_observation_years"
	NounCHWriteBudgetLines    Code = "noun.ch_write_budget_lines"
	NounCHReadBudgetLines     Code = "noun.ch_read_budget_lines"
	NounCHWritePayments       Code = "noun.ch_write_payments"
	NounCHReadPayments        Code = "noun.ch_read_payments"
	NounCHWriteBudgetFrame    Code = "noun.ch_write_budget_frame"
	NounCHReadBudgetFrames    Code = "noun.ch_read_budget_frames"
	NounCHWriteEnterprises    Code = "noun.ch_write_enterprises"
	NounCHReadEnterprises     Code = "noun.ch_read_enterprises"
	NounCHReadStoredPower     Code = "noun.ch_read_stored_power"
	NounCHReadPowerRange      Code = "noun.ch_read_power_range"
	NounCHWritePower          Code = "noun.ch_write_power"
	NounCHWritePrices         Code = "noun.ch_write_prices"
	NounCHReadLeadingBatch    Code = "noun.ch_read_leading_batch"
	NounCHBeginBatch          Code = "noun.ch_begin_batch"
	NounCHReadPowerSpan       Code = "noun.ch_read_power_span"
	NounCHReadPowerDaily      Code = "noun.ch_read_power_daily"
	NounCHReadPowerMonthly    Code = "noun.ch_read_power_monthly"
	NounCHReadPowerBy         Code = "noun.ch_read_power_by"
	NounCHReadPrices          Code = "noun.ch_read_prices"
)

// chDSNForm is how a ClickHouse DSN is written, ending several messages.
const chDSNForm = "应写成 clickhouse://用户名:密码@主机:9000/数据库名"

func init() {
	register(map[Code]Entry{
		CHCancelled:       {Zh: "%s已取消。", En: "%s: cancelled"},
		CHTimeout:         {Zh: "%s超时：ClickHouse 未能在限定时间内完成，可能正忙或数据量过大，请稍后重试或缩小查询范围。", En: "%s: timed out"},
		CHNodeUnreachable: {Zh: "%s失败：ClickHouse 集群中有节点暂时无法访问，请稍后重试；若持续出现，请检查各分片服务是否运行。", En: "%s: a cluster node is unreachable"},
		CHBusy:            {Zh: "%s失败：ClickHouse 资源暂时不足，请稍后重试。", En: "%s: ClickHouse is short of resources"},
		CHDiskFull:        {Zh: "%s失败：ClickHouse 服务器磁盘空间已满，请联系管理员清理磁盘后重试。", En: "%s: the ClickHouse disk is full"},
		CHNoSchema:        {Zh: "%s失败：ClickHouse 数据库表结构尚未建立或版本不符，请先运行 ingest migrate（或重启服务以自动迁移）。", En: "%s: the schema is missing or out of date (run ingest migrate)"},
		CHRefused:         {Zh: "%s失败：ClickHouse 拒绝了请求，请联系管理员查看服务日志。", En: "%s: refused by ClickHouse"},
		CHUnreachable:     {Zh: "%s失败：无法连接 ClickHouse（%s），请检查服务是否运行、网络是否畅通、连接串（DSN）是否正确，然后重试。", En: "%s: cannot reach ClickHouse at %s"},
		CHFailed:          {Zh: "%s失败：访问 ClickHouse 时出错，请联系管理员查看服务日志。", En: "%s: failed"},

		CHBatchNoID:        {Zh: "导入批次缺少编号（ID），未记录。", En: "batch has no id"},
		CHBudgetLineNoCode: {Zh: "第 %d 个预算行缺少代码或年度，整批未写入。", En: "budget line %d has no code or year; nothing written"},
		CHBadPayment:       {Zh: "第 %d 条支付数据有误（%v），整批未写入。", En: "payment %d is invalid (%v); nothing written"},
		CHBadBudgetYear:    {Zh: "预算年度 %d 无效，未写入。", En: "invalid budget year %d"},
		CHBadUnit:          {Zh: "第 %d 个单位有误：%v，未保存任何单位。", En: "org unit %d is invalid: %v; none saved"},
		CHIndicatorNoCode:  {Zh: "第 %d 个指标缺少代码，未保存任何指标。", En: "indicator %d has no code; none saved"},
		CHBadTargetYear:    {Zh: "第 %d 个目标的年份 %d 无效，未保存任何目标。", En: "target %d has an invalid year %d; none saved"},
		CHTargetNoKey:      {Zh: "第 %d 个目标缺少指标或单位，未保存任何目标。", En: "target %d has no indicator or org unit; none saved"},
		CHEntryNoKind:      {Zh: "第 %d 项缺少类别或名称，未保存。", En: "catalogue entry %d has no kind or name"},
		CHEnterpriseNoCode: {Zh: "第 %d 个企业缺少企业代码，未写入。", En: "enterprise %d has no code"},
		CHBadPower: {Zh: "第 %d 条用电量（企业“%s”，%s）有误：%v。本批 %d 条均未写入。",
			En: "power reading %d (enterprise %q, %s) is invalid: %v; none of the %d rows written"},
		CHBadPrice: {Zh: "第 %d 条价格（品种“%s”，%s）有误：%v。本批 %d 条均未写入。",
			En: "price %d (commodity %q, %s) is invalid: %v; none of the %d rows written"},
		CHLeadingBatchMeta: {Zh: "导入记录缺少类型或校验和，未记录。", En: "leading batch has no kind or checksum"},
		CHLeadingBatchNoID: {Zh: "导入批次缺少编号，未开始。", En: "leading batch has no id"},
		CHBadDimension:     {Zh: "分组方式应为 district（地区）或 chain（产业链）。", En: "grouping must be district or chain"},
		CHNewerSchema: {Zh: "数据库结构版本为 %d，高于本程序支持的 %d：数据库已被更新版本的程序升级，请升级本程序。",
			En: "database schema version %d is newer than this build's %d"},
		CHBadObservation: {Zh: "第 %d 条实绩（指标“%s”，单位“%s”）有误：%v。本批 %d 条均未写入，请改正后重新提交。",
			En: "observation %d (indicator %s, org unit %s) is invalid: %v; none of the %d rows written"},
		CHNoCluster: {Zh: "ClickHouse 服务器（%s）的配置中没有名为“%s”的集群（system.clusters 中无此集群）：请检查 remote_servers 配置，或 -clickhouse-cluster / CLICKHOUSE_CLUSTER 的取值。",
			En: "ClickHouse server %s has no cluster %q in system.clusters"},
		CHDSNEmpty:       {Zh: "ClickHouse 连接串（DSN）为空，" + chDSNForm, En: "empty ClickHouse DSN"},
		CHDSNUnparsable:  {Zh: "ClickHouse 连接串（DSN）无法解析，" + chDSNForm, En: "unparsable ClickHouse DSN"},
		CHDSNHTTP:        {Zh: "ClickHouse 连接串使用了 %s 协议，本系统只支持原生协议（端口通常为 9000），" + chDSNForm, En: "ClickHouse DSN uses the %s protocol; only the native protocol is supported"},
		CHDSNScheme:      {Zh: "ClickHouse 连接串的协议“%s”不对，" + chDSNForm, En: "ClickHouse DSN has an unknown scheme %q"},
		CHDSNNoHost:      {Zh: "ClickHouse 连接串缺少主机名，" + chDSNForm, En: "ClickHouse DSN has no host"},
		CHDSNBadPort:     {Zh: "ClickHouse 连接串的端口“%s”无效，应为 1-65535 之间的数字（原生协议默认 9000）", En: "ClickHouse DSN has an invalid port %q"},
		CHDSNBadDatabase: {Zh: "ClickHouse 连接串中的数据库名“%s”无效，只能使用英文字母、数字和下划线，且不以数字开头", En: "ClickHouse DSN has an invalid database name %q"},
		CHNegativeTimeout: {Zh: "ClickHouse 超时设置不能为负数，请填写正的时长（如 30s）或留空使用默认值",
			En: "ClickHouse timeouts must not be negative"},
		CHShortQueryTimeout: {Zh: "ClickHouse 查询超时 %v 太短，至少 1 秒（服务器端 max_execution_time 以秒计）",
			En: "ClickHouse query timeout %v is under 1s"},
		CHBadCluster: {Zh: "ClickHouse 集群名“%s”无效，只能使用英文字母、数字和下划线，且不以数字开头，并与服务器 remote_servers 配置中的名称一致",
			En: "invalid ClickHouse cluster name %q"},
		CHNegativeLimits: {Zh: "ClickHouse 连接数和批量写入行数不能为负数，请留空使用默认值", En: "ClickHouse connection and insert limits must not be negative"},

		NounCHConnect:             {Zh: "连接 ClickHouse", En: "connect to ClickHouse"},
		NounCHPing:                {Zh: "检查 ClickHouse 连接", En: "check the ClickHouse connection"},
		NounCHCreateDatabase:      {Zh: "创建数据库 %s", En: "create database %s"},
		NounCHReadSchemaVersion:   {Zh: "读取数据库结构版本", En: "read the schema version"},
		NounCHRecordMigration:     {Zh: "记录数据库迁移 %s", En: "record migration %s"},
		NounCHMigrateStatement:    {Zh: "在 %s 上执行数据库迁移 %s 第 %d 条语句", En: "run on %s migration %s statement %d"},
		NounCHMigrateCluster:      {Zh: "在集群 %s 的各节点上执行数据库迁移 %s", En: "run on every node of cluster %s migration %s"},
		NounCHReadDataVersion:     {Zh: "读取数据版本", En: "read the data version"},
		NounCHSaveUnits:           {Zh: "保存单位", En: "save org units"},
		NounCHReadUnits:           {Zh: "读取单位", En: "read org units"},
		NounCHSaveIndicators:      {Zh: "保存指标", En: "save indicators"},
		NounCHReadIndicators:      {Zh: "读取指标", En: "read indicators"},
		NounCHReadExistingTargets: {Zh: "读取现有目标", En: "read the stored targets"},
		NounCHSaveTargets:         {Zh: "保存目标", En: "save targets"},
		NounCHReadTargets:         {Zh: "读取目标", En: "read targets"},
		NounCHReadTargetRevisions: {Zh: "读取目标修订记录", En: "read target revisions"},
		NounCHReadTargetYears:     {Zh: "读取目标年份", En: "read target years"},
		NounCHSaveEntries:         {Zh: "保存目录补充项", En: "save catalogue entries"},
		NounCHReadEntries:         {Zh: "读取目录补充项", En: "read catalogue entries"},
		NounCHRecordBatch:         {Zh: "记录导入批次", En: "record the batch"},
		NounCHReadBatches:         {Zh: "读取导入批次", En: "read batches"},
		NounCHWriteObservations:   {Zh: "写入 %d 条实绩", En: "write %d observations"},
		NounCHReadObservations:    {Zh: "读取实绩", En: "read observations"},
		NounCHReadHistory:         {Zh: "读取实绩历史", En: "read observation history"},
		NounCHReadLatestPeriod:    {Zh: "读取最新期间", En: "read the latest period"},
		NounCHReadObsYears:        {Zh: "读取实绩年份", En: "read observation years"},
		NounCHWriteBudgetLines:    {Zh: "写入 %d 个预算行", En: "write %d budget lines"},
		NounCHReadBudgetLines:     {Zh: "读取预算表", En: "read budget lines"},
		NounCHWritePayments:       {Zh: "写入 %d 条支付数据", En: "write %d payments"},
		NounCHReadPayments:        {Zh: "读取支付数据", En: "read payments"},
		NounCHWriteBudgetFrame:    {Zh: "写入 %d 年部门预算的单位与绩效指标", En: "write the %d budget frame"},
		NounCHReadBudgetFrames:    {Zh: "读取部门预算年度", En: "read budget frames"},
		NounCHWriteEnterprises:    {Zh: "写入企业名录", En: "write enterprises"},
		NounCHReadEnterprises:     {Zh: "读取企业名录", En: "read enterprises"},
		NounCHReadStoredPower:     {Zh: "读取已有用电量", En: "read stored power"},
		NounCHReadPowerRange:      {Zh: "读取已有用电量范围", En: "read the stored power range"},
		NounCHWritePower:          {Zh: "写入 %d 条用电量", En: "write %d power readings"},
		NounCHWritePrices:         {Zh: "写入 %d 条价格", En: "write %d prices"},
		NounCHReadLeadingBatch:    {Zh: "读取导入记录", En: "read the import record"},
		NounCHBeginBatch:          {Zh: "开始导入批次", En: "begin the batch"},
		NounCHReadPowerSpan:       {Zh: "读取用电量日期范围", En: "read the power date range"},
		NounCHReadPowerDaily:      {Zh: "读取每日用电量", En: "read daily power"},
		NounCHReadPowerMonthly:    {Zh: "读取每月用电量", En: "read monthly power"},
		NounCHReadPowerBy:         {Zh: "读取分组用电量", En: "read grouped power"},
		NounCHReadPrices:          {Zh: "读取原材料价格", En: "read prices"},
	})
}
