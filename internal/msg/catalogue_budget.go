package msg

// Codes of Budget.
const (
	BudgetBadMatch      Code = "budget.BadMatch"
	BudgetBadNature     Code = "budget.BadNature"
	BudgetBadSource     Code = "budget.BadSource"
	BudgetBadThresholds Code = "budget.BadThresholds"
	BudgetLine          Code = "budget.Line"
	BudgetMatchKey      Code = "budget.MatchKey"
	BudgetMatchNoValue  Code = "budget.MatchNoValue"
	BudgetMatchSource   Code = "budget.MatchSource"
	BudgetNoPerformance Code = "budget.NoPerformance"
	BudgetNoProject     Code = "budget.NoProject"
	BudgetNoTotalLine   Code = "budget.NoTotalLine"
)

func init() {
	register(map[Code]Entry{
		BudgetBadMatch:      {Zh: "执行口径“%s”无法识别：每个条件写成 键=值，如 function=201 或 project=-", En: "unrecognised execution scope %q"},
		BudgetBadNature:     {Zh: "性质“%s”无法识别，请填写 预算、上限 或 参考", En: "unrecognised budget nature %q"},
		BudgetBadSource:     {Zh: "资金来源“%s”无法识别，请填写“本年”或“结转”", En: "unrecognised fund source %q"},
		BudgetBadThresholds: {Zh: "预算执行预警阈值无效（偏慢 %v、预警 %v 个百分点）：应为非负数且偏慢不大于预警", En: "invalid execution thresholds (slow %v, warn %v points)"},
		BudgetLine:          {Zh: "预算行 %s（%s）：%s", En: "budget line %s (%s)", Cause: true},
		BudgetMatchKey:      {Zh: "执行口径“%s”：未知的键“%s”，可用 all、function、econ、project、source、unit", En: "execution scope %q: unknown key %q"},
		BudgetMatchNoValue:  {Zh: "执行口径“%s”缺少取值", En: "execution scope %q has no value"},
		BudgetMatchSource:   {Zh: "执行口径“%s”：资金来源只能是 本年 或 结转", En: "execution scope %q: bad fund source"},
		BudgetNoPerformance: {Zh: "项目“%s”没有绩效目标，不需填报绩效运行监控表", En: "project %q has no performance targets"},
		BudgetNoProject:     {Zh: "%d年预算中没有项目“%s”", En: "no project %[2]q in the %[1]d budget"},
		BudgetNoTotalLine:   {Zh: "budget: no 本年支出合计 (exp.total) line", En: "budget: no total expenditure (exp.total) line"},
	})
}
