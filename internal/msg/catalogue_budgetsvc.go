package msg

// Codes of Budgetsvc.
const (
	BudgetsvcFillForbidden   Code = "budgetsvc.FillForbidden"
	BudgetsvcLocked          Code = "budgetsvc.Locked"
	BudgetsvcNoPayments      Code = "budgetsvc.NoPayments"
	BudgetsvcNoRow           Code = "budgetsvc.NoRow"
	BudgetsvcNoWorkflow      Code = "budgetsvc.NoWorkflow"
	BudgetsvcOwnForm         Code = "budgetsvc.OwnForm"
	BudgetsvcRejectReason    Code = "budgetsvc.RejectReason"
	BudgetsvcReviewForbidden Code = "budgetsvc.ReviewForbidden"
	BudgetsvcReviewState     Code = "budgetsvc.ReviewState"
	BudgetsvcRowMissing      Code = "budgetsvc.RowMissing"
	BudgetsvcUnknownAction   Code = "budgetsvc.UnknownAction"
)

func init() {
	register(map[Code]Entry{
		BudgetsvcFillForbidden:   {Zh: "只有项目实施单位和市局业务人员可以填报本表", En: "only the project's unit and analysts may fill in the form"},
		BudgetsvcLocked:          {Zh: "本表已审核通过并锁定；如需修改请联系市局业务人员退回", En: "form approved and locked"},
		BudgetsvcNoPayments:      {Zh: "尚无支付数据，无法填报绩效运行监控表；请先导入支付数据", En: "no payments yet"},
		BudgetsvcNoRow:           {Zh: "第 %d 项绩效指标不存在", En: "performance indicator %d does not exist"},
		BudgetsvcNoWorkflow:      {Zh: "未配置填报流程存储，无法保存绩效运行监控表", En: "no workflow store for monitoring forms"},
		BudgetsvcOwnForm:         {Zh: "不能审核自己提交的表，请由另一位业务人员审核", En: "cannot review one's own form"},
		BudgetsvcRejectReason:    {Zh: "退回时请填写原因", En: "a rejection needs a reason"},
		BudgetsvcReviewForbidden: {Zh: "只有市局业务人员可以审核绩效运行监控表", En: "only analysts may review monitoring forms"},
		BudgetsvcReviewState:     {Zh: "本表当前状态为“%s”，只有已提交的表可以审核", En: "cannot review a form in state %q"},
		BudgetsvcRowMissing:      {Zh: "提交前请填写“%s”的执行情况", En: "row %q not filled in"},
		BudgetsvcUnknownAction:   {Zh: "未知的审核操作“%s”", En: "unknown review action %q"},
	})
}
