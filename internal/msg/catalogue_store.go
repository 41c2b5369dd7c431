package msg

// Codes of the stores (internal/store, embedded, postgres).
const (
	StoreNoDir            Code = "store.no_dir"
	StoreBadLockTimeout   Code = "store.bad_lock_timeout"
	StoreClosed           Code = "store.closed"
	StoreMkdir            Code = "store.mkdir"
	StoreLocked           Code = "store.locked"
	StoreOpenFile         Code = "store.open_file"
	StoreNewerSchema      Code = "store.newer_schema"
	StoreReadFile         Code = "store.read_file"
	StoreNotMigrated      Code = "store.not_migrated"
	StoreMigrate          Code = "store.migrate"
	StoreUnitNoCode       Code = "store.unit_no_code"
	StoreIndicatorNoCode  Code = "store.indicator_no_code"
	StoreBadObservation   Code = "store.bad_observation"
	StoreBadRecordedAt    Code = "store.bad_recorded_at"
	StoreBatchNoID        Code = "store.batch_no_id"
	StoreAuditNoAction    Code = "store.audit_no_action"
	StoreEventNoAction    Code = "store.event_no_action"
	StoreEntryNoKind      Code = "store.entry_no_kind"
	StoreReadLeading      Code = "store.read_leading"
	StoreEnterpriseNoCode Code = "store.enterprise_no_code"
	StoreBadPower         Code = "store.bad_power"
	StoreBadPrice         Code = "store.bad_price"
	StoreLeadingBatchMeta Code = "store.leading_batch_meta"
	StoreBadDimension     Code = "store.bad_dimension"
	StoreBudgetLineNoCode Code = "store.budget_line_no_code"
	StoreBadPayment       Code = "store.bad_payment"
	StoreLeadingBatchID   Code = "store.leading_batch_id"
	StoreNoID             Code = "store.no_id"
	StoreBadID            Code = "store.bad_id"
	StoreBadTime          Code = "store.bad_time"
	StoreUserNoName       Code = "store.user_no_name"
	StoreSubmissionNoUnit Code = "store.submission_no_unit"
	StoreSubmissionPeriod Code = "store.submission_period"
	StoreSubmissionStatus Code = "store.submission_status"
	StoreSubmissionVer    Code = "store.submission_version"

	// Nouns: arguments of StoreNoID, StoreBadID and StoreBadTime.
	NounUser            Code = "noun.user"
	NounSession         Code = "noun.session"
	NounToken           Code = "noun.token"
	NounSubmission      Code = "noun.submission"
	NounSubmissionEntry Code = "noun.submission_entry"
	NounSubmissionEvent Code = "noun.submission_event"
	NounAuditEntryN     Code = "noun.audit_entry_n"
)

func init() {
	register(map[Code]Entry{
		StoreNoDir:          {Zh: "未指定嵌入式存储的数据目录，请设置数据目录（如 ./data）", En: "no data directory for the embedded store"},
		StoreBadLockTimeout: {Zh: "数据目录锁等待时间 %v 无效，应为正数或 0（使用默认值）", En: "invalid data directory lock timeout %v (want > 0, or 0 for the default)"},
		StoreClosed:         {Zh: "嵌入式存储已关闭，无法继续读写；请重新启动程序", En: "embedded store is closed"},
		StoreMkdir:          {Zh: "无法创建数据目录 %s：%s；请检查路径和权限", En: "create the data directory %s", Cause: true},
		StoreLocked:         {Zh: "数据目录 %s 已被另一个进程使用，请先停止该进程", En: "data directory %s is in use by another process"},
		StoreOpenFile:       {Zh: "无法打开数据文件 %s：%s；文件可能已损坏，请从备份恢复", En: "open the data file %s", Cause: true},
		StoreNewerSchema: {Zh: "数据目录 %s 由更新版本的程序创建（结构版本 %d，本程序支持 %d），请升级程序后再打开",
			En: "data directory %s has schema version %d, newer than this build's %d"},
		StoreReadFile:         {Zh: "读取数据文件 %s 失败：%s；文件可能已损坏，请从备份恢复", En: "read the data file %s", Cause: true},
		StoreNotMigrated:      {Zh: "数据目录 %s 尚未初始化（结构版本 %d，需要 %d），请先运行 ingest migrate", En: "data directory %s is not migrated (schema version %d, want %d)"},
		StoreMigrate:          {Zh: "初始化数据目录 %s 失败：%s", En: "migrate the data directory %s", Cause: true},
		StoreUnitNoCode:       {Zh: "第 %d 个单位缺少代码，请补全后重新导入", En: "org unit %d has no code"},
		StoreIndicatorNoCode:  {Zh: "第 %d 个指标缺少代码，请补全后重新导入", En: "indicator %d has no code"},
		StoreBadObservation:   {Zh: "第 %d 条数据（指标 %s，单位 %s，期间 %s）有误：%v；整批未写入，请改正后重新提交", En: "observation %d (indicator %s, org unit %s, period %s) is invalid: %v; nothing written"},
		StoreBadRecordedAt:    {Zh: "第 %d 条数据的记录时间 %s 超出范围；整批未写入，请检查系统时间", En: "observation %d: recorded time %s out of range; nothing written"},
		StoreBatchNoID:        {Zh: "导入批次缺少编号（ID），无法记录", En: "batch has no id"},
		StoreAuditNoAction:    {Zh: "第 %d 条审计记录缺少操作类型，整批未写入", En: "audit entry %d has no action; nothing written"},
		StoreEventNoAction:    {Zh: "填报 %s 的操作记录缺少操作类型，未保存", En: "event of submission %s has no action"},
		StoreEntryNoKind:      {Zh: "第 %d 项缺少类别或名称，未保存", En: "catalogue entry %d has no kind or name"},
		StoreReadLeading:      {Zh: "读取先行指标数据失败：%s；数据文件可能已损坏，请从备份恢复", En: "read the leading-indicator data", Cause: true},
		StoreEnterpriseNoCode: {Zh: "第 %d 个企业缺少企业代码，未写入：%s", En: "enterprise %d has no code", Cause: true},
		StoreBadPower: {Zh: "第 %d 条用电量（企业“%s”，%s）有误：%v；本批 %d 条均未写入：%s",
			En: "power reading %d (enterprise %q, %s) is invalid: %v; none of the %d rows written", Cause: true},
		StoreBadPrice: {Zh: "第 %d 条价格（品种“%s”，%s）有误：%v；本批 %d 条均未写入：%s",
			En: "price %d (commodity %q, %s) is invalid: %v; none of the %d rows written", Cause: true},
		StoreLeadingBatchMeta: {Zh: "导入记录缺少类型或校验和，未记录", En: "leading batch has no kind or checksum"},
		StoreBadDimension:     {Zh: "分组方式应为 district（地区）或 chain（产业链）：%s", En: "grouping must be district or chain", Cause: true},
		StoreBudgetLineNoCode: {Zh: "第 %d 个预算行缺少代码或年度，未写入：%s", En: "budget line %d has no code or year", Cause: true},
		StoreBadPayment:       {Zh: "第 %d 条支付数据有误（%v），整批未写入：%s", En: "payment %d is invalid (%v); nothing written", Cause: true},
		StoreLeadingBatchID:   {Zh: "导入批次缺少编号或编号无效，未开始", En: "leading batch id is missing or invalid"},
		StoreNoID:             {Zh: "%s缺少编号（ID），未保存", En: "%s has no id"},
		StoreBadID:            {Zh: "%s编号含有非法字符，未保存", En: "%s id has an invalid character"},
		StoreBadTime:          {Zh: "%s的时间 %s 超出范围，未保存；请检查系统时间", En: "%s time %s out of range"},
		StoreUserNoName:       {Zh: "用户 %s 缺少登录名，未保存", En: "user %s has no login name"},
		StoreSubmissionNoUnit: {Zh: "填报 %s 缺少单位，未保存", En: "submission %s has no org unit"},
		StoreSubmissionPeriod: {Zh: "填报 %s 的期间 %v 无效，未保存", En: "submission %s has an invalid period %v"},
		StoreSubmissionStatus: {Zh: "填报 %s 的状态“%s”无效，未保存", En: "submission %s has an invalid status %q"},
		StoreSubmissionVer:    {Zh: "填报 %s 的版本号 %d 无效（应从 1 开始），未保存", En: "submission %s has an invalid version %d (want >= 1)"},

		NounUser:            {Zh: "用户", En: "user"},
		NounSession:         {Zh: "会话", En: "session"},
		NounToken:           {Zh: "令牌", En: "token"},
		NounSubmission:      {Zh: "填报", En: "submission"},
		NounSubmissionEntry: {Zh: "填报记录", En: "submission record"},
		NounSubmissionEvent: {Zh: "填报操作记录", En: "submission event"},
		NounAuditEntryN:     {Zh: "第 %d 条审计记录", En: "audit entry %d"},
	})
}
