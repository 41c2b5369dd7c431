package msg

// Codes of Parse.
const (
	ParseBadGrouping           Code = "parse.BadGrouping"
	ParseBadJSON               Code = "parse.BadJSON"
	ParseBadNumber             Code = "parse.BadNumber"
	ParseBadNumberUnit         Code = "parse.BadNumberUnit"
	ParseBadPeriod             Code = "parse.BadPeriod"
	ParseBadQuotes             Code = "parse.BadQuotes"
	ParseBadValueType          Code = "parse.BadValueType"
	ParseBadWorkbook           Code = "parse.BadWorkbook"
	ParseCSVOrXLSXOnly         Code = "parse.CSVOrXLSXOnly"
	ParseCannotOpen            Code = "parse.CannotOpen"
	ParseCellTooLong           Code = "parse.CellTooLong"
	ParseEmptyBytes            Code = "parse.EmptyBytes"
	ParseEmptyFile             Code = "parse.EmptyFile"
	ParseEmptyPeriod           Code = "parse.EmptyPeriod"
	ParseFileTooLarge          Code = "parse.FileTooLarge"
	ParseFormulaNoValue        Code = "parse.FormulaNoValue"
	ParseHiddenSheet           Code = "parse.HiddenSheet"
	ParseInFile                Code = "parse.InFile"
	ParseJSONElement           Code = "parse.JSONElement"
	ParseJSONEncoding          Code = "parse.JSONEncoding"
	ParseJSONShape             Code = "parse.JSONShape"
	ParseJSONTrailing          Code = "parse.JSONTrailing"
	ParseLineTooLong           Code = "parse.LineTooLong"
	ParseMissingColumns        Code = "parse.MissingColumns"
	ParseMissingColumnsExample Code = "parse.MissingColumnsExample"
	ParseMixedEncoding         Code = "parse.MixedEncoding"
	ParseNextSheet             Code = "parse.NextSheet"
	ParseNoColumnMonth         Code = "parse.NoColumnMonth"
	ParseNoDataRows            Code = "parse.NoDataRows"
	ParseNoHeader              Code = "parse.NoHeader"
	ParseNoHeaderExample       Code = "parse.NoHeaderExample"
	ParseNoHeaderNotTable      Code = "parse.NoHeaderNotTable"
	ParseNoPeriod              Code = "parse.NoPeriod"
	ParseNoSheetReadable       Code = "parse.NoSheetReadable"
	ParseNoSheets              Code = "parse.NoSheets"
	ParseNoSuchFile            Code = "parse.NoSuchFile"
	ParseNoValueColumns        Code = "parse.NoValueColumns"
	ParseNoWideHeader          Code = "parse.NoWideHeader"
	ParseNoWideRows            Code = "parse.NoWideRows"
	ParseOldOrEncrypted        Code = "parse.OldOrEncrypted"
	ParsePeriodMonth           Code = "parse.PeriodMonth"
	ParsePeriodOrder           Code = "parse.PeriodOrder"
	ParsePeriodYear            Code = "parse.PeriodYear"
	ParseRatio                 Code = "parse.Ratio"
	ParseReadFailed            Code = "parse.ReadFailed"
	ParseSharedStrings         Code = "parse.SharedStrings"
	ParseSheetDamaged          Code = "parse.SheetDamaged"
	ParseSheetUnreadable       Code = "parse.SheetUnreadable"
	ParseTooLarge              Code = "parse.TooLarge"
	ParseTooManyCells          Code = "parse.TooManyCells"
	ParseTooManyEntries        Code = "parse.TooManyEntries"
	ParseTooManyRows           Code = "parse.TooManyRows"
	ParseUnknownEncoding       Code = "parse.UnknownEncoding"
	ParseUnzipped              Code = "parse.Unzipped"
	ParseXMLEntities           Code = "parse.XMLEntities"
)

func init() {
	register(map[Code]Entry{
		ParseBadGrouping:           {Zh: "数字“%s”的千分位分隔不对，请写成 1,234,567.8 或不加分隔符", En: "number %q: bad thousands separators"},
		ParseBadJSON:               {Zh: "不是有效的 JSON%s，请检查括号、引号和逗号", En: "invalid JSON%s"},
		ParseBadNumber:             {Zh: "无法识别的数字“%s”，请填写数字，如 1234.5", En: "unrecognised number %q"},
		ParseBadNumberUnit:         {Zh: "无法识别的数字“%s”：数字后面的“%s”不是可识别的计量单位，请只填数字，或写成 123.4万元 这样的数字加单位", En: "number %q: unknown unit %q"},
		ParseBadPeriod:             {Zh: "无法识别的期间“%s”，请写成 2024-03、2024年3月 或 2024年1-3月（累计）这样的形式", En: "unrecognised period %q"},
		ParseBadQuotes:             {Zh: "第%s行附近的引号或分隔符不配对，无法读取。请在 Excel/WPS 中打开后重新另存为 CSV", En: "unbalanced quotes or separators near line %s"},
		ParseBadValueType:          {Zh: "口径“%s”无法识别，请填写“当月”“累计”或“期末数”", En: "unrecognised value type %q"},
		ParseBadWorkbook:           {Zh: "文件已损坏或不是有效的 .xlsx 工作簿，请在 Excel/WPS 中打开并重新保存后再导入", En: "damaged or invalid .xlsx workbook"},
		ParseCSVOrXLSXOnly:         {Zh: "此类数据只接受 CSV 或 Excel（.xlsx）文件", En: "only CSV or .xlsx accepted"},
		ParseCannotOpen:            {Zh: "无法打开文件，请确认路径正确且有读取权限", En: "cannot open the file"},
		ParseCellTooLong:           {Zh: "工作表“%s”的单元格 %s 内容超过 %d 个字符（Excel 单元格最多 32767 个字符），文件异常，已拒绝", En: "sheet %q cell %s over %d characters"},
		ParseEmptyBytes:            {Zh: "文件是空的（%d 字节），请确认选择了填好数据的文件", En: "empty file (%d bytes)"},
		ParseEmptyFile:             {Zh: "文件是空的，请确认选择了正确的文件", En: "empty file"},
		ParseEmptyPeriod:           {Zh: "期间为空，请填写如 2024-03 或 2024年1-3月", En: "empty period"},
		ParseFileTooLarge:          {Zh: "文件超过 %d MB，请拆分后分批导入", En: "file over %d MB"},
		ParseFormulaNoValue:        {Zh: "工作表“%s”的单元格 %s 是公式（%s）但没有计算结果，无法读取其数值。请在 Excel/WPS 中打开、确认已计算后保存，或把公式改为数值后再导入", En: "sheet %q cell %s formula (%s) has no cached value"},
		ParseHiddenSheet:           {Zh: "工作簿中有隐藏的工作表“%s”且其中有数据。隐藏的内容不会导入；请在 Excel/WPS 中取消隐藏并核对：需要导入的数据放在可见的工作表中，其余请删除该工作表后再导入", En: "hidden sheet %q holds data"},
		ParseInFile:                {Zh: "文件“%s”：%s", En: "file %q: %s"},
		ParseJSONElement:           {Zh: "第%d个元素不是对象（应为 {\"indicator\": …, \"period\": …, \"value\": …}）", En: "element %d is not an object"},
		ParseJSONEncoding:          {Zh: "无法识别文件的字符编码，请使用 UTF-8", En: "unrecognised character encoding (want UTF-8)"},
		ParseJSONShape:             {Zh: "JSON 应为对象数组，或形如 {\"rows\": [...]} 的对象", En: "JSON must be an array of objects or {\"rows\": [...]}"},
		ParseJSONTrailing:          {Zh: "JSON 文档结束后还有多余内容，请只保留一个数组或对象", En: "content after the JSON document"},
		ParseLineTooLong:           {Zh: "第%d行超过 %d KB（一行最多 %d KB），不像是表格文件，已拒绝；请确认选择了正确的 CSV 文件，且每行以换行结束", En: "line %d over %d KB (limit %d KB)"},
		ParseMissingColumns:        {Zh: "缺少必需的列：%s。请在表头中加上这些列（可用中文列名，如 指标名称、期间、数值（万元））", En: "missing required columns: %s"},
		ParseMissingColumnsExample: {Zh: "缺少必需的列：%s。请在表头中加上这些列，例如“%s”", En: "missing required columns: %s (e.g. %s)"},
		ParseMixedEncoding:         {Zh: "编码混用：第%d行是 UTF-8 编码，其他行是 GBK 编码（可能是从别的文件粘贴过来的）。请在 Excel/WPS 中打开后整体另存为“CSV UTF-8”再导入", En: "mixed encodings: line %d is UTF-8, others GBK"},
		ParseNextSheet:             {Zh: "下一个工作表", En: "next sheet"},
		ParseNoColumnMonth:         {Zh: "看不出“%s”列（%s列）的数据属于哪个月：标题和表头中没有“1—10月”“10月”这样的月份。请在标题中写明期间，如“2024年1—10月……”", En: "no month for column %q (%s)"},
		ParseNoDataRows:            {Zh: "第%d行是表头，但表头下面没有数据行（空行、标题和脚注不算）。请在表头下方填写数据后再导入", En: "header at row %d but no data rows"},
		ParseNoHeader:              {Zh: "在前10行中没有找到表头。请确认表头行写有列名，例如“指标名称、地区、期间、数值（万元）”，标题行可放在表头上方", En: "no header in the first 10 rows"},
		ParseNoHeaderExample:       {Zh: "在前10行中没有找到表头。请确认表头行写有列名，例如“%s”，标题行可放在表头上方", En: "no header in the first 10 rows (e.g. %s)"},
		ParseNoHeaderNotTable:      {Zh: "在前10行中没有找到表头，不是数据表（可能是说明或封面）。数据表的表头应写有列名，如“指标名称、地区、期间、数值（万元）”；统计宽表的第一列表头应为“指标名称”或“地区”，标题写明期间", En: "no header in the first 10 rows; not a data table"},
		ParseNoPeriod:              {Zh: "看不出数据属于哪一年哪一月：标题“%s”和表头中没有“2024年1—10月”这样的期间。请在表格上方加一行标题写明期间，如“2024年1—10月包头市规模以上工业主要指标”", En: "no period in title %q or header"},
		ParseNoSheetReadable:       {Zh: "没有一个工作表能读取%s", En: "no sheet readable%s"},
		ParseNoSheets:              {Zh: "工作簿中没有工作表", En: "workbook has no sheets"},
		ParseNoSuchFile:            {Zh: "文件不存在，请检查路径：%s", En: "no such file: %s"},
		ParseNoValueColumns:        {Zh: "第%d行像是宽表的表头，但没有可读取的数值列（如 10月、1—10月、本月、累计、增长（%%））", En: "wide header at row %d has no value columns"},
		ParseNoWideHeader:          {Zh: "在前10行中没有找到表头：宽表的表头第一列应为“指标名称”（指标在行）或“地区”（旗县区在行）", En: "no wide-table header in the first 10 rows"},
		ParseNoWideRows:            {Zh: "第%d行是表头，但表头下面没有数据行", En: "header at row %d but no data rows"},
		ParseOldOrEncrypted:        {Zh: "这是旧版 Excel（.xls）文件或加密的工作簿，无法读取。请在 Excel/WPS 中另存为 .xlsx（不设密码）后重新导入", En: "legacy .xls or encrypted workbook"},
		ParsePeriodMonth:           {Zh: "期间“%s”中的月份不在 1-12 之间，请核对", En: "period %q: month out of 1-12"},
		ParsePeriodOrder:           {Zh: "期间“%s”的起始月份晚于结束月份，请写成 2024年1-3月 这样的形式", En: "period %q: start month after end month"},
		ParsePeriodYear:            {Zh: "期间“%s”的年份不合理，请核对", En: "period %q: implausible year"},
		ParseRatio:                 {Zh: "工作簿中的“%s”压缩比异常（%d 字节压缩为 %d 字节，疑似“压缩炸弹”），已拒绝；请在 Excel/WPS 中重新保存后再导入", En: "workbook part %q: %d bytes compressed to %d"},
		ParseReadFailed:            {Zh: "读取文件时出错，请重新上传", En: "read failed"},
		ParseSharedStrings:         {Zh: "工作簿中的文字内容超过 %d MB（%s最多 %d MB），已拒绝，未导入任何数据；请删去多余内容或拆分后分批导入", En: "shared strings over %d MB (%s limit %d MB)"},
		ParseSheetDamaged:          {Zh: "工作表“%s”的内容已损坏，无法读取，请在 Excel/WPS 中打开并重新保存后再导入", En: "sheet %q is damaged"},
		ParseSheetUnreadable:       {Zh: "无法读取工作表“%s”，请在 Excel/WPS 中打开并重新保存后再导入", En: "cannot read sheet %q"},
		ParseTooLarge:              {Zh: "文件过大，请拆分后分批导入", En: "file too large"},
		ParseTooManyCells:          {Zh: "单元格超过 %d 个（%s最多 %d 个），已拒绝，未导入任何数据；请删去多余的行列或拆分后分批导入", En: "over %d cells (%s limit %d)"},
		ParseTooManyEntries:        {Zh: "工作簿内部文件数异常（%d 个，超过 %d 个），可能已损坏或被篡改，已拒绝；请在 Excel/WPS 中重新保存后再导入", En: "workbook has %d entries (limit %d)"},
		ParseTooManyRows:           {Zh: "%s超过 %d 行（%s最多 %d 行），已拒绝，未导入任何数据；请拆分后分批导入，或由管理员用 ingest 命令导入", En: "%s over %d rows (%s limit %d)"},
		ParseUnknownEncoding:       {Zh: "无法识别文件的字符编码，请在 Excel/WPS 中另存为“CSV UTF-8”或 GBK 编码的 CSV 后重新导入", En: "unrecognised character encoding"},
		ParseUnzipped:              {Zh: "工作簿解压后超过 %d MB（异常压缩文件，疑似“压缩炸弹”），已拒绝；请拆分数据或用 ingest 命令导入 CSV", En: "workbook unzips to over %d MB"},
		ParseXMLEntities:           {Zh: "工作簿内部的“%s”含有 XML 文档类型/实体声明（<!DOCTYPE>/<!ENTITY>），Excel/WPS 保存的文件不会有，疑似恶意构造（“实体炸弹”），已拒绝；请在 Excel/WPS 中打开后另存为新的 .xlsx 再导入", En: "workbook part %q holds DTD or entity declarations"},
	})
}
