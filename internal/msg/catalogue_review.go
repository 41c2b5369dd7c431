package msg

// Codes of Review.
const (
	ReviewAliasRefused      Code = "review.AliasRefused"
	ReviewApproveState      Code = "review.ApproveState"
	ReviewBadPeriod         Code = "review.BadPeriod"
	ReviewBadPeriodText     Code = "review.BadPeriodText"
	ReviewConflicts         Code = "review.Conflicts"
	ReviewFourEyes          Code = "review.FourEyes"
	ReviewFourEyesAdminOnly Code = "review.FourEyesAdminOnly"
	ReviewHasErrors         Code = "review.HasErrors"
	ReviewImportTooLarge    Code = "review.ImportTooLarge"
	ReviewLocked            Code = "review.Locked"
	ReviewMapNotIndicator   Code = "review.MapNotIndicator"
	ReviewMapNotUnit        Code = "review.MapNotUnit"
	ReviewNeedsNotes        Code = "review.NeedsNotes"
	ReviewNoForms           Code = "review.NoForms"
	ReviewNoRows            Code = "review.NoRows"
	ReviewNoValues          Code = "review.NoValues"
	ReviewNotXLSX           Code = "review.NotXLSX"
	ReviewPeriodTooEarly    Code = "review.PeriodTooEarly"
	ReviewPreviewGone       Code = "review.PreviewGone"
	ReviewReasonTooLong     Code = "review.ReasonTooLong"
	ReviewRejectReason      Code = "review.RejectReason"
	ReviewRejectState       Code = "review.RejectState"
	ReviewReopenReason      Code = "review.ReopenReason"
	ReviewReopenState       Code = "review.ReopenState"
	ReviewStale             Code = "review.Stale"
	ReviewTooManyEntries    Code = "review.TooManyEntries"
	ReviewUnknownUnit       Code = "review.UnknownUnit"
	ReviewUnzipped          Code = "review.Unzipped"
	ReviewUploadEmpty       Code = "review.UploadEmpty"
	ReviewUploadTooLarge    Code = "review.UploadTooLarge"
)

func init() {
	register(map[Code]Entry{
		ReviewAliasRefused:      {Zh: "%s", En: "alias refused (%s)"},
		ReviewApproveState:      {Zh: "该填报当前状态为“%s”，只有待审核的填报可以审核通过", En: "cannot approve a submission in state %q"},
		ReviewBadPeriod:         {Zh: "期间无效，应为某年某月，如 2024-10", En: "invalid period"},
		ReviewBadPeriodText:     {Zh: "期间“%s”无效，应写成 2024-10 这样的年月", En: "invalid period %q"},
		ReviewConflicts:         {Zh: "数据与已入库的数据冲突，不能审核通过；请退回并说明需要更正之处", En: "figures conflict with stored data; cannot approve"},
		ReviewFourEyes:          {Zh: "按“双人复核”规则，提交人（%s）不能审核自己提交的数据，请由另一位市局业务人员审核；确需单独审核的，由系统管理员填写理由后审核", En: "submitter %s cannot approve their own submission"},
		ReviewFourEyesAdminOnly: {Zh: "只有系统管理员可以填写理由单独审核自己提交的数据，请由另一位市局业务人员审核", En: "only a system administrator may self-approve with a reason"},
		ReviewHasErrors:         {Zh: "数据有错误，未保存。请按提示改正后重新提交", En: "the figures have errors; nothing saved"},
		ReviewImportTooLarge:    {Zh: "文件“%s”超过 %d MB，请拆分后上传，或由管理员用 ingest actuals 命令导入", En: "file %q over %d MB"},
		ReviewLocked:            {Zh: "%s%s的数据已审核通过并锁定；如需更正，请联系市局经济运行科重新打开", En: "%s %s is approved and locked"},
		ReviewMapNotIndicator:   {Zh: "“%s”对应的“%s”不是指标目录中的指标，请从列表中选择", En: "%q maps to %q, which is not an indicator"},
		ReviewMapNotUnit:        {Zh: "“%s”对应的“%s”不是单位目录中的单位，请从列表中选择", En: "%q maps to %q, which is not an org unit"},
		ReviewNeedsNotes:        {Zh: "以下数据与去年同期或上期相差较大，请在“说明”中写明原因后再提交", En: "figures differ widely from last period; notes needed"},
		ReviewNoForms:           {Zh: "“%s”没有需要填报的报表", En: "%q has no forms to fill in"},
		ReviewNoRows:            {Zh: "文件“%s”中没有数据行，请在“数值”列填写后上传", En: "file %q has no data rows"},
		ReviewNoValues:          {Zh: "没有填写任何数据，请至少填写一项后再提交", En: "no values"},
		ReviewNotXLSX:           {Zh: "上传的文件不是有效的 .xlsx 工作簿；旧版 .xls 请在 Excel/WPS 中另存为 .xlsx 后上传", En: "upload is not a valid .xlsx workbook"},
		ReviewPeriodTooEarly:    {Zh: "期间“%s”早于 %d 年，不在本系统的统计范围内，请核对年份", En: "period %q before %d"},
		ReviewPreviewGone:       {Zh: "预览已过期或已导入，请重新选择文件", En: "preview expired or already imported"},
		ReviewReasonTooLong:     {Zh: "“%s”不能超过 %d 个字符（现有 %d 个），请精简后重试", En: "%s longer than %d characters (%d)"},
		ReviewRejectReason:      {Zh: "退回时必须填写退回原因，告诉填报单位需要改什么", En: "a rejection needs a reason"},
		ReviewRejectState:       {Zh: "该填报当前状态为“%s”，只有待审核的填报可以退回", En: "cannot reject a submission in state %q"},
		ReviewReopenReason:      {Zh: "重新打开时必须填写原因", En: "reopening needs a reason"},
		ReviewReopenState:       {Zh: "该填报当前状态为“%s”，只有已通过的填报可以重新打开", En: "cannot reopen a submission in state %q"},
		ReviewStale:             {Zh: "该填报刚刚已被他人处理（审核、退回或重新打开），本次操作未执行；请刷新页面查看最新状态", En: "submission changed meanwhile"},
		ReviewTooManyEntries:    {Zh: "工作簿内部文件数异常（%d 个，超过 %d 个），可能已损坏或被篡改，请用下载的模板重新填写", En: "workbook has %d entries (limit %d)"},
		ReviewUnknownUnit:       {Zh: "未知单位“%s”，请使用单位代码或名称，如 150203 或 昆都仑区", En: "unknown org unit %q"},
		ReviewUnzipped:          {Zh: "工作簿解压后超过 %d MB（异常压缩文件），已拒绝；请用下载的模板重新填写", En: "workbook unzips to over %d MB"},
		ReviewUploadEmpty:       {Zh: "上传的文件是空的，请选择填好的 .xlsx 模板", En: "empty upload"},
		ReviewUploadTooLarge:    {Zh: "上传的文件超过 %d MB，不像是填报模板；请下载模板填写后重新上传", En: "upload over %d MB"},
	})
}
