package msg

// Codes of Targets.
const (
	TargetsBadComparator    Code = "targets.BadComparator"
	TargetsBadFileName      Code = "targets.BadFileName"
	TargetsBadWorkbook      Code = "targets.BadWorkbook"
	TargetsEmptyText        Code = "targets.EmptyText"
	TargetsExtractTimeout   Code = "targets.ExtractTimeout"
	TargetsFileProblem      Code = "targets.FileProblem"
	TargetsNoBreakdown      Code = "targets.NoBreakdown"
	TargetsNoPdftotext      Code = "targets.NoPdftotext"
	TargetsNoTargetToRevise Code = "targets.NoTargetToRevise"
	TargetsNoTargetsFile    Code = "targets.NoTargetsFile"
	TargetsNoText           Code = "targets.NoText"
	TargetsNoValue          Code = "targets.NoValue"
	TargetsNotPublished     Code = "targets.NotPublished"
	TargetsSplitComparator  Code = "targets.SplitComparator"
	TargetsSplitKind        Code = "targets.SplitKind"
	TargetsSplitNoDocument  Code = "targets.SplitNoDocument"
	TargetsTextTooLarge     Code = "targets.TextTooLarge"
	TargetsTwoYears         Code = "targets.TwoYears"
	TargetsUnknownIndicator Code = "targets.UnknownIndicator"
	TargetsUnknownUnit      Code = "targets.UnknownUnit"
	TargetsXMLEntities      Code = "targets.XMLEntities"
)

func init() {
	register(map[Code]Entry{
		TargetsBadComparator:    {Zh: "比较方式“%s”无效，应为 >=、<=、approx、range 或 delta_pp", En: "invalid comparator %q"},
		TargetsBadFileName:      {Zh: "文件“%s”的名称无法识别：目标文件请命名为 targets_2025.csv（或 .xlsx），指标表为 indicators.csv，单位表为 org_units.csv，计量单位表为 units.csv，数据来源表为 source_organs.csv", En: "unrecognised file name %q"},
		TargetsBadWorkbook:      {Zh: "“%s”不是可读取的 .xlsx 工作簿：请在 Excel/WPS 中另存为 .xlsx 或 CSV UTF-8 后重新上传", En: "%q is not a readable .xlsx workbook"},
		TargetsEmptyText:        {Zh: "没有可提取的文字：请粘贴计划全文或上传文件", En: "no text to extract"},
		TargetsExtractTimeout:   {Zh: "“%s”提取文字超过 %d 秒，已停止；请只上传计划正文，或粘贴文字", En: "%q extraction over %d seconds"},
		TargetsFileProblem:      {Zh: "“%s”：%s", En: "%q: %s"},
		TargetsNoBreakdown:      {Zh: "指标“%s”没有分解到旗县区或功能区：请先在指标表的“分解到 breakdown”列写上 district 或 zone", En: "indicator %q has no breakdown"},
		TargetsNoPdftotext:      {Zh: "服务器未安装 pdftotext，读不了 PDF；请把“%s”另存为 Word（.docx）或粘贴文字后再提取", En: "no pdftotext to read %q"},
		TargetsNoTargetToRevise: {Zh: "%d年没有下达“%s”在该单位的目标；年中调整只能改已下达的目标，新目标请在目标管理页发布", En: "no %d target of %q for that unit"},
		TargetsNoTargetsFile:    {Zh: "没有目标文件：请上传 targets_<年份>.csv 或 .xlsx（可同时上传 indicators.csv、org_units.csv）", En: "no targets file"},
		TargetsNoText:           {Zh: "“%s”读不出文字：请另存为 UTF-8 文本或 .docx，或直接粘贴文字", En: "%q has no readable text"},
		TargetsNoValue:          {Zh: "请填写调整后的目标值（value）", En: "no revised value"},
		TargetsNotPublished:     {Zh: "目标未发布，请改正以下问题后重试：%s", En: "targets not published: %s"},
		TargetsSplitComparator:  {Zh: "全市目标是“%s”，不能按数值分解；只有“以上”“超过”“以内”的目标可以分解下达", En: "city target %q cannot be split"},
		TargetsSplitKind:        {Zh: "“%s”是%s指标，不能按数值分解；只有流量、存量指标可以分解下达", En: "%q is a %s indicator and cannot be split"},
		TargetsSplitNoDocument:  {Zh: "请填写分解下达的文件或文号", En: "split needs a document"},
		TargetsTextTooLarge:     {Zh: "“%s”的文字超过 %d MB（或 PDF 超过 %d 页），不像是一份计划文本，已停止提取；请只上传计划正文", En: "%q text over %d MB (or PDF over %d pages)"},
		TargetsTwoYears:         {Zh: "一次只能上传一个年度的目标文件（收到 %d 和 %d 年）", En: "targets of two years uploaded (%d and %d)"},
		TargetsUnknownIndicator: {Zh: "指标“%s”不在指标目录中；请填指标代码（如 rare_earth.output_value）或指标名称", En: "indicator %q not in the catalogue"},
		TargetsUnknownUnit:      {Zh: "单位“%s”不在单位表中；请填单位代码（如 150203）或名称（如 昆都仑区）", En: "org unit %q not in the catalogue"},
		TargetsXMLEntities:      {Zh: "“%s”内部含有 XML 文档类型/实体声明，Word 保存的文件不会有，疑似恶意构造，已拒绝；请在 Word/WPS 中另存为新的 .docx", En: "%q holds XML DTD or entity declarations"},
	})
}
