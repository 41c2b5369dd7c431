package msg

// Codes of Parse.
const (
	ParseBadGrouping   Code = "parse.BadGrouping"
	ParseBadNumber     Code = "parse.BadNumber"
	ParseBadNumberUnit Code = "parse.BadNumberUnit"
	ParseBadPeriod     Code = "parse.BadPeriod"
	ParseBadValueType  Code = "parse.BadValueType"
	ParseEmptyPeriod   Code = "parse.EmptyPeriod"
	ParsePeriodMonth   Code = "parse.PeriodMonth"
	ParsePeriodOrder   Code = "parse.PeriodOrder"
	ParsePeriodYear    Code = "parse.PeriodYear"
)

func init() {
	register(map[Code]Entry{
		ParseBadGrouping:   {Zh: "数字“%s”的千分位分隔不对，请写成 1,234,567.8 或不加分隔符", En: "number %q: bad thousands separators"},
		ParseBadNumber:     {Zh: "无法识别的数字“%s”，请填写数字，如 1234.5", En: "unrecognised number %q"},
		ParseBadNumberUnit: {Zh: "无法识别的数字“%s”：数字后面的“%s”不是可识别的计量单位，请只填数字，或写成 123.4万元 这样的数字加单位", En: "number %q: unknown unit %q"},
		ParseBadPeriod:     {Zh: "无法识别的期间“%s”，请写成 2024-03、2024年3月 或 2024年1-3月（累计）这样的形式", En: "unrecognised period %q"},
		ParseBadValueType:  {Zh: "口径“%s”无法识别，请填写“当月”“累计”或“期末数”", En: "unrecognised value type %q"},
		ParseEmptyPeriod:   {Zh: "期间为空，请填写如 2024-03 或 2024年1-3月", En: "empty period"},
		ParsePeriodMonth:   {Zh: "期间“%s”中的月份不在 1-12 之间，请核对", En: "period %q: month out of 1-12"},
		ParsePeriodOrder:   {Zh: "期间“%s”的起始月份晚于结束月份，请写成 2024年1-3月 这样的形式", En: "period %q: start month after end month"},
		ParsePeriodYear:    {Zh: "期间“%s”的年份不合理，请核对", En: "period %q: implausible year"},
	})
}
