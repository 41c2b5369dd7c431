package msg

// Codes of Leading.
const (
	LeadingBadDate          Code = "leading.BadDate"
	LeadingBeginBatch       Code = "leading.BeginBatch"
	LeadingNoSuchDate       Code = "leading.NoSuchDate"
	LeadingReadBatches      Code = "leading.ReadBatches"
	LeadingReadEnterprises  Code = "leading.ReadEnterprises"
	LeadingReadPowerRange   Code = "leading.ReadPowerRange"
	LeadingRecordBatch      Code = "leading.RecordBatch"
	LeadingWriteEnterprises Code = "leading.WriteEnterprises"
	LeadingWritePower       Code = "leading.WritePower"
	LeadingWritePrices      Code = "leading.WritePrices"

	// Codes of internal/leading's *Error (it names them as strings: the
	// package imports only the standard library).
	LeadingNoEnterprise  Code = "leading.NoEnterprise"
	LeadingBadReadDate   Code = "leading.BadReadingDate"
	LeadingNegativePower Code = "leading.NegativePower"
	LeadingPowerTooLarge Code = "leading.PowerTooLarge"
	LeadingNoCommodity   Code = "leading.NoCommodity"
	LeadingBadPrice      Code = "leading.BadPrice"
	LeadingToBeforeFrom  Code = "leading.ToBeforeFrom"
)

func init() {
	register(map[Code]Entry{
		LeadingBadDate:          {Zh: "无法识别的日期“%s”，请写成 2024-03-01 或 2024年3月1日", En: "unrecognised date %q"},
		LeadingBeginBatch:       {Zh: "开始导入批次：%s", En: "begin the batch", Cause: true},
		LeadingNoSuchDate:       {Zh: "日期“%s”不存在（%d 年 %d 月没有 %d 日）", En: "date %q does not exist (%d-%d has no day %d)"},
		LeadingReadBatches:      {Zh: "读取导入记录：%s", En: "read the import records", Cause: true},
		LeadingReadEnterprises:  {Zh: "读取企业名录：%s", En: "read the enterprises", Cause: true},
		LeadingReadPowerRange:   {Zh: "读取已有用电量范围：%s", En: "read the stored power range", Cause: true},
		LeadingRecordBatch:      {Zh: "记录导入批次：%s", En: "record the batch", Cause: true},
		LeadingWriteEnterprises: {Zh: "写入企业名录：%s", En: "write the enterprises", Cause: true},
		LeadingWritePower:       {Zh: "写入用电量（第 %d—%d 条）：%s", En: "write power rows %d-%d", Cause: true},
		LeadingWritePrices:      {Zh: "写入价格：%s", En: "write prices", Cause: true},

		LeadingNoEnterprise:  {Zh: "企业代码为空", En: "no enterprise code"},
		LeadingBadReadDate:   {Zh: "日期无效或超出 1970—2105 年", En: "date missing or outside 1970-2105"},
		LeadingNegativePower: {Zh: "用电量不能为负数", En: "negative consumption"},
		LeadingPowerTooLarge: {Zh: "用电量超过每日 1 亿千瓦时，请检查单位是否应为千瓦时", En: "consumption over 10^8 kWh a day"},
		LeadingNoCommodity:   {Zh: "品种为空", En: "no commodity"},
		LeadingBadPrice:      {Zh: "价格应为正数", En: "price not positive"},
		LeadingToBeforeFrom:  {Zh: "结束日期 %s 早于开始日期 %s：%s", En: "end date %s before start date %s", Cause: true},
	})
}
