package msg

// Codes of Auth.
const (
	AuthAlreadySetUp          Code = "auth.AlreadySetUp"
	AuthAuditGrantAnalystOnly Code = "auth.AuditGrantAnalystOnly"
	AuthBadLoginName          Code = "auth.BadLoginName"
	AuthBadRole               Code = "auth.BadRole"
	AuthBusy                  Code = "auth.Busy"
	AuthFullNameTooLong       Code = "auth.FullNameTooLong"
	AuthLastAdmin             Code = "auth.LastAdmin"
	AuthLoginFailed           Code = "auth.LoginFailed"
	AuthNameTaken             Code = "auth.NameTaken"
	AuthNoLoginName           Code = "auth.NoLoginName"
	AuthNoSession             Code = "auth.NoSession"
	AuthNoSuchUser            Code = "auth.NoSuchUser"
	AuthNotOwnAccount         Code = "auth.NotOwnAccount"
	AuthPasswordClasses       Code = "auth.PasswordClasses"
	AuthPasswordCommon        Code = "auth.PasswordCommon"
	AuthPasswordIsName        Code = "auth.PasswordIsName"
	AuthPasswordOneChar       Code = "auth.PasswordOneChar"
	AuthPasswordReused        Code = "auth.PasswordReused"
	AuthPasswordTooLong       Code = "auth.PasswordTooLong"
	AuthPasswordTooShort      Code = "auth.PasswordTooShort"
	AuthReporterNeedsUnit     Code = "auth.ReporterNeedsUnit"
	AuthSamePassword          Code = "auth.SamePassword"
	AuthSeparatedAdminRole    Code = "auth.SeparatedAdminRole"
	AuthTooManyAttempts       Code = "auth.TooManyAttempts"
	AuthUnitOnlyForReporter   Code = "auth.UnitOnlyForReporter"
	AuthUnknownUnit           Code = "auth.UnknownUnit"
	AuthUserMissingAdd        Code = "auth.UserMissingAdd"
	AuthUserNotFound          Code = "auth.UserNotFound"
	AuthWrongPassword         Code = "auth.WrongPassword"
)

func init() {
	register(map[Code]Entry{
		AuthAlreadySetUp:          {Zh: "系统已完成初始化，不能再创建初始管理员，请登录", En: "already set up"},
		AuthAuditGrantAnalystOnly: {Zh: "只能授予市局业务人员（analyst）查看操作日志的权限；“%s”是%s", En: "audit access goes to analysts only; %q is %s"},
		AuthBadLoginName:          {Zh: "登录名“%s”无效：不超过 64 个字符，只能由字母、汉字、数字和 . _ - 组成，且须以字母、汉字或数字开头", En: "invalid login name %q"},
		AuthBadRole:               {Zh: "角色“%s”无效，应为 admin（系统管理员）、secadmin（安全管理员）、auditor（审计管理员）、analyst（市局业务人员）、leader（领导只读）或 reporter（旗县区填报员）", En: "invalid role %q"},
		AuthBusy:                  {Zh: "同时登录的请求过多，服务器正忙，请几秒后再试", En: "too many concurrent logins"},
		AuthFullNameTooLong:       {Zh: "姓名不能超过 64 个字符", En: "full name longer than 64 characters"},
		AuthLastAdmin:             {Zh: "“%s”是唯一可用的管理员，不能%s；请先为另一位用户设置管理员角色", En: "%q is the only usable administrator; cannot %s"},
		AuthLoginFailed:           {Zh: "用户名或密码不正确，或该账户因连续输错密码已被暂时锁定（连续输错 5 次锁定 15 分钟）。请核对后重试，或联系管理员", En: "login failed"},
		AuthNameTaken:             {Zh: "登录名“%s”已被使用，请换一个", En: "login name %q is taken"},
		AuthNoLoginName:           {Zh: "请填写登录名", En: "no login name"},
		AuthNoSession:             {Zh: "登录已失效，请重新登录", En: "no valid session"},
		AuthNoSuchUser:            {Zh: "用户不存在", En: "no such user"},
		AuthNotOwnAccount:         {Zh: "不能%s自己的账户；请由另一位管理员操作", En: "cannot %s one's own account"},
		AuthPasswordClasses:       {Zh: "密码须包含大写字母、小写字母、数字、符号四类中的至少三类（如 Baotou#Steel7 这样的组合，但请勿照抄），请重新设置", En: "password needs three of upper case, lower case, digits and symbols"},
		AuthPasswordCommon:        {Zh: "这个密码过于常见（常用词或键盘序列加几位数字），很容易被猜中，请换一个", En: "password is too common"},
		AuthPasswordIsName:        {Zh: "密码不能是登录名或在登录名后加几位字符，请换一个别人猜不到的密码", En: "password is based on the login name"},
		AuthPasswordOneChar:       {Zh: "密码不能由同一个字符重复组成，请换一个", En: "password repeats one character"},
		AuthPasswordReused:        {Zh: "新密码不能与最近 %d 次用过的密码相同，请换一个", En: "new password is one of the last %d"},
		AuthPasswordTooLong:       {Zh: "密码不能超过 %d 个字符，请换一个短一些的密码", En: "password longer than %d characters"},
		AuthPasswordTooShort:      {Zh: "密码至少需要 %d 个字符，请换一个更长的密码", En: "password shorter than %d characters"},
		AuthReporterNeedsUnit:     {Zh: "填报员须指定所属单位（单位代码或名称，如 150203 或 昆都仑区）", En: "a reporter needs an org unit"},
		AuthSamePassword:          {Zh: "新密码不能与原密码相同", En: "new password equals the current one"},
		AuthSeparatedAdminRole:    {Zh: "三员分立模式下，系统管理员不能创建或指定管理员角色（%s）；请由安全管理员在“用户管理”中修改角色，或在服务器上用 server user add 创建", En: "with separation of duties a system administrator cannot grant the administrator role %s"},
		AuthTooManyAttempts:       {Zh: "登录失败次数过多，请稍后再试", En: "too many login attempts"},
		AuthUnitOnlyForReporter:   {Zh: "只有填报员（reporter）绑定单位，其他角色请不要填写单位", En: "only reporters have an org unit"},
		AuthUnknownUnit:           {Zh: "未知单位“%s”，请填写下列单位之一的代码或名称：%s", En: "unknown org unit %q (known: %s)"},
		AuthUserMissingAdd:        {Zh: "用户“%s”不存在，请先用 server user add 创建", En: "user %q does not exist"},
		AuthUserNotFound:          {Zh: "用户“%s”不存在，请核对登录名：%s", En: "user %q not found", Cause: true},
		AuthWrongPassword:         {Zh: "原密码不正确", En: "wrong current password"},
	})
}
