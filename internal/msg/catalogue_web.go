package msg

// Codes of Web.
const (
	WebAdminOnly                    Code = "web.AdminOnly"
	WebAnalystOrAdminOnly           Code = "web.AnalystOrAdminOnly"
	WebAuditExportFormat            Code = "web.AuditExportFormat"
	WebAuditForbidden               Code = "web.AuditForbidden"
	WebBadAsOfParam                 Code = "web.BadAsOfParam"
	WebBadAuthorization             Code = "web.BadAuthorization"
	WebBadBudgetYear                Code = "web.BadBudgetYear"
	WebBadChainName                 Code = "web.BadChainName"
	WebBadChainParam                Code = "web.BadChainParam"
	WebBadFromParam                 Code = "web.BadFromParam"
	WebBadIssuedDate                Code = "web.BadIssuedDate"
	WebBadLoginInPath               Code = "web.BadLoginInPath"
	WebBadParam                     Code = "web.BadParam"
	WebBadPeriodMonth               Code = "web.BadPeriodMonth"
	WebBadPeriodParam               Code = "web.BadPeriodParam"
	WebBadRankBy                    Code = "web.BadRankBy"
	WebBadRevisionJSON              Code = "web.BadRevisionJSON"
	WebBadSubmissionJSON            Code = "web.BadSubmissionJSON"
	WebBadSubscriptionJSON          Code = "web.BadSubscriptionJSON"
	WebBadToParam                   Code = "web.BadToParam"
	WebBadToken                     Code = "web.BadToken"
	WebBadUserJSON                  Code = "web.BadUserJSON"
	WebBadYear                      Code = "web.BadYear"
	WebBadYearParam                 Code = "web.BadYearParam"
	WebBriefingFormat               Code = "web.BriefingFormat"
	WebBudgetDisabled               Code = "web.BudgetDisabled"
	WebBudgetForbidden              Code = "web.BudgetForbidden"
	WebBudgetOtherUnitForbidden     Code = "web.BudgetOtherUnitForbidden"
	WebBudgetUnitNoIndicators       Code = "web.BudgetUnitNoIndicators"
	WebCSRFMissing                  Code = "web.CSRFMissing"
	WebChanged                      Code = "web.Changed"
	WebChooseImportFile             Code = "web.ChooseImportFile"
	WebChoosePaymentsFile           Code = "web.ChoosePaymentsFile"
	WebChooseXLSX                   Code = "web.ChooseXLSX"
	WebCityDownloadForbidden        Code = "web.CityDownloadForbidden"
	WebCityForbidden                Code = "web.CityForbidden"
	WebDataForbidden                Code = "web.DataForbidden"
	WebDiskFull                     Code = "web.DiskFull"
	WebEntityNotFound               Code = "web.EntityNotFound"
	WebExportFormat                 Code = "web.ExportFormat"
	WebExportNoFormat               Code = "web.ExportNoFormat"
	WebExportOneCSV                 Code = "web.ExportOneCSV"
	WebFileTooLarge                 Code = "web.FileTooLarge"
	WebImportTooLarge               Code = "web.ImportTooLarge"
	WebInternal                     Code = "web.Internal"
	WebLeaderNoMonitorForms         Code = "web.LeaderNoMonitorForms"
	WebLeaderNoSubmissions          Code = "web.LeaderNoSubmissions"
	WebLoginRequired                Code = "web.LoginRequired"
	WebMethodNotAllowed             Code = "web.MethodNotAllowed"
	WebMetricsForbidden             Code = "web.MetricsForbidden"
	WebMetricsLogin                 Code = "web.MetricsLogin"
	WebMonitorFormFormat            Code = "web.MonitorFormFormat"
	WebNameTaken                    Code = "web.NameTaken"
	WebNoBudgetData                 Code = "web.NoBudgetData"
	WebNoBudgetForPayments          Code = "web.NoBudgetForPayments"
	WebNoBudgetThisYear             Code = "web.NoBudgetThisYear"
	WebNoBudgetYear                 Code = "web.NoBudgetYear"
	WebNoCatalogueFile              Code = "web.NoCatalogueFile"
	WebNoChart                      Code = "web.NoChart"
	WebNoExportPage                 Code = "web.NoExportPage"
	WebNoLeadingData                Code = "web.NoLeadingData"
	WebNoSubmission                 Code = "web.NoSubmission"
	WebNoSubscription               Code = "web.NoSubscription"
	WebNoTargetChosen               Code = "web.NoTargetChosen"
	WebNotANumber                   Code = "web.NotANumber"
	WebNotFound                     Code = "web.NotFound"
	WebNotSetUp                     Code = "web.NotSetUp"
	WebNothingToExport              Code = "web.NothingToExport"
	WebNothingToReview              Code = "web.NothingToReview"
	WebNoticeFormat                 Code = "web.NoticeFormat"
	WebNotifyDisabled               Code = "web.NotifyDisabled"
	WebNounOutboxEntry              Code = "web.NounOutboxEntry"
	WebNounSession                  Code = "web.NounSession"
	WebNounSubmission               Code = "web.NounSubmission"
	WebNounToken                    Code = "web.NounToken"
	WebNounUser                     Code = "web.NounUser"
	WebOtherUnitForbidden           Code = "web.OtherUnitForbidden"
	WebOtherUnitProjectForbidden    Code = "web.OtherUnitProjectForbidden"
	WebOtherUnitSubmissionForbidden Code = "web.OtherUnitSubmissionForbidden"
	WebPageExpired                  Code = "web.PageExpired"
	WebPageNotFound                 Code = "web.PageNotFound"
	WebPasswordChangeDue            Code = "web.PasswordChangeDue"
	WebPaymentsTooLarge             Code = "web.PaymentsTooLarge"
	WebPlanTooLarge                 Code = "web.PlanTooLarge"
	WebRecordNotFound               Code = "web.RecordNotFound"
	WebRoleNoSubmissions            Code = "web.RoleNoSubmissions"
	WebSecurityAdminOnly            Code = "web.SecurityAdminOnly"
	WebSecurityAdminOnlySeparated   Code = "web.SecurityAdminOnlySeparated"
	WebSubmissionChanged            Code = "web.SubmissionChanged"
	WebTargetValueNotNumber         Code = "web.TargetValueNotNumber"
	WebTargetsDisabled              Code = "web.TargetsDisabled"
	WebTimeout                      Code = "web.Timeout"
	WebTooLarge                     Code = "web.TooLarge"
	WebUnavailable                  Code = "web.Unavailable"
	WebUnknownAction                Code = "web.UnknownAction"
	WebUnknownDistrictParam         Code = "web.UnknownDistrictParam"
	WebUnknownUnit                  Code = "web.UnknownUnit"
	WebUnknownUnitCode              Code = "web.UnknownUnitCode"
	WebUploadBusy                   Code = "web.UploadBusy"
	WebUserCreateForbidden          Code = "web.UserCreateForbidden"
	WebUserListForbidden            Code = "web.UserListForbidden"
	WebWithdrawFirst                Code = "web.WithdrawFirst"
	WebYearPeriodMismatch           Code = "web.YearPeriodMismatch"
)

func init() {
	register(map[Code]Entry{
		WebAdminOnly:                    {Zh: "只有系统管理员可以进行此操作", En: "only system administrators may do this"},
		WebAnalystOrAdminOnly:           {Zh: "只有市局业务人员和管理员可以进行此操作", En: "only analysts and administrators may do this"},
		WebAuditExportFormat:            {Zh: "导出格式应为 csv 或 xlsx", En: "audit export format must be csv or xlsx"},
		WebAuditForbidden:               {Zh: "只有审计管理员（及经安全管理员授权的市局业务人员）可以查看和导出操作日志", En: "only auditors (and granted analysts) may view and export the audit log"},
		WebBadAsOfParam:                 {Zh: "参数 asof=“%s”无效，应为时间，如 2024-06-10T08:00:00+08:00", En: "invalid asof parameter %q"},
		WebBadAuthorization:             {Zh: "Authorization 头格式应为 “Bearer 令牌”", En: "Authorization header must be \"Bearer token\""},
		WebBadBudgetYear:                {Zh: "年度“%s”无效", En: "invalid year %q"},
		WebBadChainName:                 {Zh: "产业链名称无效", En: "invalid industry chain name"},
		WebBadChainParam:                {Zh: "参数 chain=“%s”无效，应为 %s 之一", En: "invalid chain parameter %q (want one of %s)"},
		WebBadFromParam:                 {Zh: "参数 from=“%s”无效，应为日期，如 2024-11-01", En: "invalid from parameter %q"},
		WebBadIssuedDate:                {Zh: "下达日期“%s”无效，应写成 2025-02-08", En: "invalid issue date %q"},
		WebBadLoginInPath:               {Zh: "路径中的登录名编码无效", En: "invalid login name encoding in path"},
		WebBadParam:                     {Zh: "参数 %s：%v", En: "parameter %s: %v"},
		WebBadPeriodMonth:               {Zh: "参数 period=“%s”无效，月份应为 1-12", En: "invalid period parameter %q: month out of 1-12"},
		WebBadPeriodParam:               {Zh: "参数 period=“%s”无效，应写成 2024-05", En: "invalid period parameter %q"},
		WebBadRankBy:                    {Zh: "参数 by 无效，应为 completion（完成率）、gap（超序时进度）或 growth（增速）", En: "invalid by parameter (want completion, gap or growth)"},
		WebBadRevisionJSON:              {Zh: "请求体不是有效的 JSON：应为 {\"year\":2024,\"indicator\":\"rare_earth.output_value\",\"org_unit\":\"150200\",\"value\":1100,\"reason\":\"…\",\"document\":\"包府发〔2024〕50号\"}，可选 comparator、value_high、tolerance", En: "request body is not valid target revision JSON"},
		WebBadSubmissionJSON:            {Zh: "请求体不是有效的 JSON：应为 {\"org_unit\":\"150203\",\"period\":\"2024-10\",\"values\":[{\"indicator\":\"industry.output_value\",\"value\":123.4,\"value_type\":\"ytd\"}]}", En: "request body is not valid submission JSON"},
		WebBadSubscriptionJSON:          {Zh: "请求体不是有效的 JSON：应为 {\"event\":\"briefing\",\"channel\":\"email\",\"address\":\"name@example.org\"}", En: "request body is not valid subscription JSON"},
		WebBadToParam:                   {Zh: "参数 to=“%s”无效，应为日期，如 2024-11-30", En: "invalid to parameter %q"},
		WebBadToken:                     {Zh: "API 令牌无效或已吊销，请联系管理员重新生成", En: "API token invalid or revoked"},
		WebBadUserJSON:                  {Zh: "请求体不是有效的 JSON：重置密码为 {\"password\":\"新密码\"}，修改角色为 {\"role\":\"reporter\",\"org_unit\":\"150203\"}", En: "request body is not valid user JSON"},
		WebBadYear:                      {Zh: "年份“%s”无效，应为四位年份，如 2025", En: "invalid year %q"},
		WebBadYearParam:                 {Zh: "参数 year=“%s”无效，应为四位年份，如 2024", En: "invalid year parameter %q"},
		WebBriefingFormat:               {Zh: "参数 format 无效，应为 html、pdf、docx 或 xlsx", En: "format must be html, pdf, docx or xlsx"},
		WebBudgetDisabled:               {Zh: "本服务未启用部门预算功能", En: "department budgets are not enabled"},
		WebBudgetForbidden:              {Zh: "您的账户无权查看部门预算", En: "account may not view department budgets"},
		WebBudgetOtherUnitForbidden:     {Zh: "部门预算只对市局人员和本部门预算单位的填报员开放；您的账户绑定的是“%s”，请使用“填报”页面填报本单位数据", En: "account of org unit %q may not view department budgets"},
		WebBudgetUnitNoIndicators:       {Zh: "您的账户绑定预算单位“%s”，只能查看和填报本单位的预算执行和绩效运行监控表，无权查看指标数据", En: "account of budget unit %q may not view indicator data"},
		WebCSRFMissing:                  {Zh: "请求缺少有效的安全校验码（CSRF），可能是页面已过期；请刷新页面后重试", En: "request has no valid CSRF token"},
		WebChanged:                      {Zh: "数据刚被他人修改，请刷新后重试", En: "data changed meanwhile"},
		WebChooseImportFile:             {Zh: "请选择要导入的文件（CSV、XLSX 或 JSON）", En: "no import file chosen"},
		WebChoosePaymentsFile:           {Zh: "请选择要导入的支付数据文件（CSV 或 XLSX）", En: "no payments file chosen"},
		WebChooseXLSX:                   {Zh: "请选择要上传的 .xlsx 文件", En: "no .xlsx file chosen"},
		WebCityDownloadForbidden:        {Zh: "您的账户只能查看和下载本单位的数据，无权下载全市汇总数据", En: "account may download only its own org unit's data, not the city totals"},
		WebCityForbidden:                {Zh: "您的账户只能查看和填报本单位（%s）的数据，无权查看全市汇总页面和其他单位的数据", En: "account of org unit %s may not view city pages"},
		WebDataForbidden:                {Zh: "您的账户无权查看此数据", En: "account may not view this data"},
		WebDiskFull:                     {Zh: "服务器磁盘空间已满，本次操作未能保存（已保存的数据不受影响）。请联系系统管理员清理磁盘空间后重试。", En: "disk full; nothing saved"},
		WebEntityNotFound:               {Zh: "%s不存在，请检查链接或刷新页面后重试", En: "%s not found"},
		WebExportFormat:                 {Zh: "导出格式只支持 csv 或 xlsx", En: "export format must be csv or xlsx"},
		WebExportNoFormat:               {Zh: "请指定导出格式：.csv 或 .xlsx", En: "no export format (.csv or .xlsx)"},
		WebExportOneCSV:                 {Zh: "CSV 每次只能导出一张表，整页导出请用 .xlsx", En: "CSV exports one table at a time"},
		WebFileTooLarge:                 {Zh: "文件“%s”过大", En: "file %q too large"},
		WebImportTooLarge:               {Zh: "文件过大，请拆分后上传，或由管理员用 ingest actuals 命令导入", En: "import file too large"},
		WebInternal:                     {Zh: "服务器内部错误，请稍后重试；如持续出现请联系管理员并提供请求编号。", En: "internal server error"},
		WebLeaderNoMonitorForms:         {Zh: "领导账户为只读账户，不能填报或审核绩效运行监控表", En: "leader accounts cannot fill in or review monitoring forms"},
		WebLeaderNoSubmissions:          {Zh: "领导账户为只读账户，不能查看或处理填报；如需填报或审核请使用相应账户", En: "leader accounts are read-only and cannot handle submissions"},
		WebLoginRequired:                {Zh: "请先登录，或在请求头中提供 Authorization: Bearer 令牌", En: "login or bearer token required"},
		WebMethodNotAllowed:             {Zh: "不支持该请求方法", En: "method not allowed"},
		WebMetricsForbidden:             {Zh: "您的账户无权查看监控指标：监控指标只对本机或管理员开放", En: "account may not view metrics"},
		WebMetricsLogin:                 {Zh: "监控指标只对本机或管理员开放：请以管理员身份登录，或提供管理员的 API 令牌", En: "metrics need a local request or an administrator"},
		WebMonitorFormFormat:            {Zh: "只提供 form.xlsx 和 form.docx 两种格式", En: "only form.xlsx and form.docx are offered"},
		WebNameTaken:                    {Zh: "登录名“%s”已被使用，请换一个", En: "login name %q is taken"},
		WebNoBudgetData:                 {Zh: "尚无部门预算数据", En: "no department budget data"},
		WebNoBudgetForPayments:          {Zh: "尚无部门预算，无法导入支付数据", En: "no department budget to import payments against"},
		WebNoBudgetThisYear:             {Zh: "没有该年度的部门预算", En: "no department budget for that year"},
		WebNoBudgetYear:                 {Zh: "没有 %d 年的部门预算，请选择其他年度", En: "no department budget for %d"},
		WebNoCatalogueFile:              {Zh: "请选择目录文件：targets_<年份>.csv 或 .xlsx（可同时选 indicators.csv、org_units.csv）", En: "no catalogue file uploaded"},
		WebNoChart:                      {Zh: "页面“%s”上没有图表“%s”", En: "page %q has no chart %q"},
		WebNoExportPage:                 {Zh: "没有名为“%s”的页面可以导出", En: "no exportable page named %q"},
		WebNoLeadingData:                {Zh: "当前数据库不提供先行指标数据", En: "this store has no leading-indicator data"},
		WebNoSubmission:                 {Zh: "填报记录“%s”不存在", En: "submission %q not found"},
		WebNoSubscription:               {Zh: "没有这条订阅（可能已退订）", En: "no such subscription"},
		WebNoTargetChosen:               {Zh: "请选择要调整的目标", En: "no target chosen to revise"},
		WebNotANumber:                   {Zh: "“%s”不是数字，请填写数值", En: "%q is not a number"},
		WebNotFound:                     {Zh: "所请求的记录不存在，请检查链接或刷新页面后重试", En: "record not found"},
		WebNotSetUp:                     {Zh: "系统尚未初始化：请先在浏览器打开 /setup 创建管理员账户", En: "system not set up: open /setup"},
		WebNothingToExport:              {Zh: "该页面没有可导出的数据", En: "page has no exportable data"},
		WebNothingToReview:              {Zh: "%s%s还没有填报，无法审核", En: "%s %s has no submission to review"},
		WebNoticeFormat:                 {Zh: "参数 format 无效，应为 html、pdf 或 docx", En: "format must be html, pdf or docx"},
		WebNotifyDisabled:               {Zh: "本服务未启用消息推送", En: "notifications are not enabled"},
		WebNounOutboxEntry:              {Zh: "待发布记录", En: "outbox entry"},
		WebNounSession:                  {Zh: "登录会话", En: "session"},
		WebNounSubmission:               {Zh: "填报记录", En: "submission"},
		WebNounToken:                    {Zh: "API 令牌", En: "API token"},
		WebNounUser:                     {Zh: "用户", En: "user"},
		WebOtherUnitForbidden:           {Zh: "您的账户只能查看本单位（%s）的数据，无权查看“%s”的数据", En: "account of org unit %s may not view the data of %q"},
		WebOtherUnitProjectForbidden:    {Zh: "您的账户只能查看和填报本单位（%s）实施项目的绩效运行监控表，无权访问项目“%s”", En: "account of org unit %s may not access project %q"},
		WebOtherUnitSubmissionForbidden: {Zh: "您的账户只能查看和填报本单位（%s）的数据，无权访问“%s”的填报", En: "account of org unit %s may not access the submissions of %q"},
		WebPageExpired:                  {Zh: "页面已过期或缺少安全校验码，请刷新页面后重试", En: "page expired or CSRF token missing"},
		WebPageNotFound:                 {Zh: "页面不存在：%s", En: "no page %s"},
		WebPasswordChangeDue:            {Zh: "%s（请在网页“修改密码”中修改）", En: "password change due: %s"},
		WebPaymentsTooLarge:             {Zh: "文件过大，请拆分后上传，或由管理员用 ingest payments 命令导入", En: "payments file too large"},
		WebPlanTooLarge:                 {Zh: "文件过大：请上传计划正文（不含附表），或粘贴文字", En: "plan file too large"},
		WebRecordNotFound:               {Zh: "%s“%s”不存在，请检查链接或刷新页面后重试", En: "%s %q not found"},
		WebRoleNoSubmissions:            {Zh: "您的账户（%s）无权查看或处理填报", En: "role %s may not handle submissions"},
		WebSecurityAdminOnly:            {Zh: "只有安全管理员和系统管理员可以修改角色、重置密码、解除锁定、吊销令牌和授权查看操作日志", En: "only security and system administrators may manage roles, passwords, locks, tokens and audit grants"},
		WebSecurityAdminOnlySeparated:   {Zh: "三员分立模式下，只有安全管理员可以修改角色、重置密码、解除锁定、吊销令牌和授权查看操作日志", En: "with separation of duties only security administrators may manage roles, passwords, locks, tokens and audit grants"},
		WebSubmissionChanged:            {Zh: "填报记录“%s”刚被他人修改，本次操作未执行；请刷新页面查看最新内容后重试", En: "submission %q changed meanwhile"},
		WebTargetValueNotNumber:         {Zh: "“%s”的目标值“%s”不是数字", En: "target value of %q is not a number: %q"},
		WebTargetsDisabled:              {Zh: "本服务器未启用目标管理，请联系管理员", En: "target management is not enabled"},
		WebTimeout:                      {Zh: "查询超时，请缩小查询范围或稍后重试。", En: "query timed out"},
		WebTooLarge:                     {Zh: "请求内容过大，已拒绝：未登录时不超过 %d KB，登录后的表单和接口不超过 %d MB，上传文件不超过 %d MB。请精简内容或拆分文件后重试", En: "request body too large (limits %d KB anonymous, %d MB forms, %d MB uploads)"},
		WebUnavailable:                  {Zh: "数据库暂时无法访问，数据暂不可更新，请稍后重试。", En: "store unavailable"},
		WebUnknownAction:                {Zh: "未知的操作，请使用页面上的按钮", En: "unknown action"},
		WebUnknownDistrictParam:         {Zh: "参数 district=“%s”不是已知的地区，请填写代码（如 150203）或名称（如 昆都仑区）", En: "unknown district parameter %q"},
		WebUnknownUnit:                  {Zh: "未知单位“%s”", En: "unknown org unit %q"},
		WebUnknownUnitCode:              {Zh: "未知单位“%s”，请填写单位代码，如 150203", En: "unknown org unit %q"},
		WebUploadBusy:                   {Zh: "正在读取您上传的另一个文件，或同时上传的文件较多：请等上一个文件处理完后再上传（约 10 秒后重试）。", En: "another upload is being read"},
		WebUserCreateForbidden:          {Zh: "只有系统管理员可以新建、停用或启用账户", En: "only system administrators may create, disable or enable accounts"},
		WebUserListForbidden:            {Zh: "只有系统管理员和安全管理员可以查看账户列表", En: "only system and security administrators may list accounts"},
		WebWithdrawFirst:                {Zh: "本期数据已提交、正在等待审核。上传模板会撤回这次提交（改为草稿），之后需要重新提交审核。如确需上传，请勾选“撤回待审核的提交并上传”后再上传", En: "submission awaits review; confirm the withdrawal to upload"},
		WebYearPeriodMismatch:           {Zh: "参数 year=%d 与 period=%s 的年份不一致", En: "year parameter %d does not match period %s"},
	})
}
