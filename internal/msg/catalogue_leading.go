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
	})
}
