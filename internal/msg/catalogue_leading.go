package msg

// Codes of Leading.
const (
	LeadingBadDate          Code = "leading.BadDate"
	LeadingBadQuotes        Code = "leading.BadQuotes"
	LeadingBeginBatch       Code = "leading.BeginBatch"
	LeadingEmpty            Code = "leading.Empty"
	LeadingFile             Code = "leading.File"
	LeadingFileRows         Code = "leading.FileRows"
	LeadingHeaderUnreadable Code = "leading.HeaderUnreadable"
	LeadingKWhUnit          Code = "leading.KWhUnit"
	LeadingLineTooLong      Code = "leading.LineTooLong"
	LeadingMissingColumns   Code = "leading.MissingColumns"
	LeadingMoreRows         Code = "leading.MoreRows"
	LeadingNoPowerRows      Code = "leading.NoPowerRows"
	LeadingNoPriceRows      Code = "leading.NoPriceRows"
	LeadingNoSuchDate       Code = "leading.NoSuchDate"
	LeadingPriceUnit        Code = "leading.PriceUnit"
	LeadingReadBatches      Code = "leading.ReadBatches"
	LeadingReadEnterprises  Code = "leading.ReadEnterprises"
	LeadingReadPowerRange   Code = "leading.ReadPowerRange"
	LeadingRecordBatch      Code = "leading.RecordBatch"
	LeadingReread           Code = "leading.Reread"
	LeadingRow              Code = "leading.Row"
	LeadingRowColumn        Code = "leading.RowColumn"
	LeadingUnreadable       Code = "leading.Unreadable"
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
		LeadingBadQuotes:        {Zh: "第 %d 行附近的引号或分隔符不配对，无法读取。请在 Excel/WPS 中打开后重新另存为 CSV", En: "unbalanced quotes or separators near line %d"},
		LeadingBeginBatch:       {Zh: "开始导入批次：%s", En: "begin the batch", Cause: true},
		LeadingEmpty:            {Zh: "文件是空的", En: "empty file"},
		LeadingFile:             {Zh: "文件 %s：%s", En: "file %s: %s"},
		LeadingFileRows:         {Zh: "文件 %s 有 %d 处错误%s，整个文件未导入，请改正后重新导入：%s", En: "file %s has %d row problems%s; nothing loaded:%s"},
		LeadingHeaderUnreadable: {Zh: "无法读取表头，请在 Excel/WPS 中另存为 CSV 后重新导入", En: "cannot read the header"},
		LeadingKWhUnit:          {Zh: "第 1 行“%s”列的单位“%s”无法识别，应为千瓦时、万千瓦时或兆瓦时", En: "line 1 column %q: unknown unit %q"},
		LeadingLineTooLong:      {Zh: "第 %d 行超过 %d KB，不像是表格文件，已拒绝；请确认选择了正确的 CSV 文件，且每行以换行结束", En: "line %d over %d KB"},
		LeadingMissingColumns:   {Zh: "第 1 行（表头）缺少 %s 列。表头应为：企业代码,企业名称,地区,产业链,日期,用电量(千瓦时)（价格文件：品种,日期,价格,单位）", En: "header lacks columns %s"},
		LeadingMoreRows:         {Zh: "（超过 %d 处，仅列出前 %d 处）", En: " (over %d; the first %d listed)"},
		LeadingNoPowerRows:      {Zh: "文件中没有用电量数据行", En: "no power rows"},
		LeadingNoPriceRows:      {Zh: "文件中没有价格数据行", En: "no price rows"},
		LeadingNoSuchDate:       {Zh: "日期“%s”不存在（%d 年 %d 月没有 %d 日）", En: "date %q does not exist (%d-%d has no day %d)"},
		LeadingPriceUnit:        {Zh: "第 1 行“%s”列的单位“%s”无法识别，应为元/吨、万元/吨或元/千克", En: "line 1 column %q: unknown unit %q"},
		LeadingReadBatches:      {Zh: "读取导入记录：%s", En: "read the import records", Cause: true},
		LeadingReadEnterprises:  {Zh: "读取企业名录：%s", En: "read the enterprises", Cause: true},
		LeadingReadPowerRange:   {Zh: "读取已有用电量范围：%s", En: "read the stored power range", Cause: true},
		LeadingRecordBatch:      {Zh: "记录导入批次：%s", En: "record the batch", Cause: true},
		LeadingReread:           {Zh: "无法重新读取文件", En: "cannot read the file again"},
		LeadingRow:              {Zh: "文件 %s 第 %d 行：%s", En: "file %s line %d: %s"},
		LeadingRowColumn:        {Zh: "文件 %s 第 %d 行“%s”列：%s", En: "file %s line %d column %q: %s"},
		LeadingUnreadable:       {Zh: "无法读取文件：%s", En: "cannot read the file", Cause: true},
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
