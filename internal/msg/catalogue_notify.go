package msg

// Codes of Notify.
const (
	NotifyBadChannel          Code = "notify.BadChannel"
	NotifyBadClock            Code = "notify.BadClock"
	NotifyBadDeadlineDays     Code = "notify.BadDeadlineDays"
	NotifyBadEmail            Code = "notify.BadEmail"
	NotifyBadEvent            Code = "notify.BadEvent"
	NotifyBadFrom             Code = "notify.BadFrom"
	NotifyBadPublicURL        Code = "notify.BadPublicURL"
	NotifyBadQuiet            Code = "notify.BadQuiet"
	NotifyBadRecipient        Code = "notify.BadRecipient"
	NotifyBadRobotAddress     Code = "notify.BadRobotAddress"
	NotifyBadSMTPURL          Code = "notify.BadSMTPURL"
	NotifyDigestAt            Code = "notify.DigestAt"
	NotifyDigestEvents        Code = "notify.DigestEvents"
	NotifyDuplicate           Code = "notify.Duplicate"
	NotifyEmailNoSecret       Code = "notify.EmailNoSecret"
	NotifyGroupAdminOnly      Code = "notify.GroupAdminOnly"
	NotifyLeaderEvents        Code = "notify.LeaderEvents"
	NotifyNegativeInterval    Code = "notify.NegativeInterval"
	NotifyQuiet               Code = "notify.Quiet"
	NotifyReporterEvents      Code = "notify.ReporterEvents"
	NotifyRobotCode           Code = "notify.RobotCode"
	NotifyRobotDial           Code = "notify.RobotDial"
	NotifyRobotErrcode        Code = "notify.RobotErrcode"
	NotifyRobotHTTP           Code = "notify.RobotHTTP"
	NotifyRobotHost           Code = "notify.RobotHost"
	NotifyRobotHostNotAllowed Code = "notify.RobotHostNotAllowed"
	NotifyRobotNotJSON        Code = "notify.RobotNotJSON"
	NotifyRobotURL            Code = "notify.RobotURL"
	NotifySMTPAuth            Code = "notify.SMTPAuth"
	NotifySMTPData            Code = "notify.SMTPData"
	NotifySMTPDial            Code = "notify.SMTPDial"
	NotifySMTPFrom            Code = "notify.SMTPFrom"
	NotifySMTPHello           Code = "notify.SMTPHello"
	NotifySMTPNotAccepted     Code = "notify.SMTPNotAccepted"
	NotifySMTPRcpt            Code = "notify.SMTPRcpt"
	NotifySMTPRcptTemp        Code = "notify.SMTPRcptTemp"
	NotifySMTPStartTLS        Code = "notify.SMTPStartTLS"
	NotifySMTPWrite           Code = "notify.SMTPWrite"
	NotifySecretOnlyRobots    Code = "notify.SecretOnlyRobots"
	NotifyTooLong             Code = "notify.TooLong"
	NotifyUnknownChannel      Code = "notify.UnknownChannel"
)

func init() {
	register(map[Code]Entry{
		NotifyBadChannel:          {Zh: "渠道“%s”无效，应为 %s 之一", En: "invalid channel %q (want one of %s)"},
		NotifyBadClock:            {Zh: "时刻“%s”应写成 时:分，如 08:30", En: "invalid time of day %q"},
		NotifyBadDeadlineDays:     {Zh: "-notify-deadline-days %d 无效，应为 0-31", En: "invalid -notify-deadline-days %d"},
		NotifyBadEmail:            {Zh: "邮件地址“%s”无效，应写成 name@example.org", En: "invalid e-mail address %q"},
		NotifyBadEvent:            {Zh: "事件“%s”无效，应为 %s 之一", En: "invalid event %q (want one of %s)"},
		NotifyBadFrom:             {Zh: "发件人地址“%s”无效（-mail-from），应写成 name@example.org", En: "invalid -mail-from %q"},
		NotifyBadPublicURL:        {Zh: "-public-url “%s” 应为 http(s)://主机[:端口] 形式的网址", En: "invalid -public-url %q"},
		NotifyBadQuiet:            {Zh: "免打扰时段“%s”应写成 22:00-07:00", En: "invalid quiet hours %q"},
		NotifyBadRecipient:        {Zh: "收件人地址“%s”无效", En: "invalid recipient %q"},
		NotifyBadRobotAddress:     {Zh: "机器人地址“%s”无效，应为群机器人设置中复制的 http(s) Webhook 地址", En: "invalid robot address %q"},
		NotifyBadSMTPURL:          {Zh: "邮件服务器“%s”应写成 smtp://用户:密码@主机:端口", En: "invalid mail server %q"},
		NotifyDigestAt:            {Zh: "-notify-digest-at：%s", En: "-notify-digest-at", Cause: true},
		NotifyDigestEvents:        {Zh: "每日汇总（digest）只适用于滞后指标和报送截止提醒", En: "digest applies to lagging and deadline events only"},
		NotifyDuplicate:           {Zh: "已订阅过：%s 经 %s 发往 %s", En: "already subscribed: %s via %s to %s"},
		NotifyEmailNoSecret:       {Zh: "邮件订阅不需要密钥（secret）", En: "e-mail subscriptions take no secret"},
		NotifyGroupAdminOnly:      {Zh: "只有管理员可以为科室群或共用地址订阅（group）", En: "only administrators may add group subscriptions"},
		NotifyLeaderEvents:        {Zh: "领导账户可订阅简报和滞后指标提醒；报送和审核通知由市局业务人员和填报员订阅", En: "leaders may subscribe to briefings and lagging alerts only"},
		NotifyNegativeInterval:    {Zh: "-notify-interval 不能为负", En: "negative -notify-interval"},
		NotifyQuiet:               {Zh: "免打扰时段：%s", En: "quiet hours", Cause: true},
		NotifyReporterEvents:      {Zh: "填报员只能订阅本单位的报送截止、退回和通过通知；简报和滞后指标请由市局人员订阅", En: "reporters may subscribe to their own unit's submission events only"},
		NotifyRobotCode:           {Zh: "机器人 %s 拒绝了消息（code %d：%s）", En: "robot %s refused the message (code %d: %s)"},
		NotifyRobotDial:           {Zh: "连接机器人 %s 失败：%s", En: "connect to robot %s", Cause: true},
		NotifyRobotErrcode:        {Zh: "机器人 %s 拒绝了消息（errcode %d：%s）", En: "robot %s refused the message (errcode %d: %s)"},
		NotifyRobotHTTP:           {Zh: "机器人 %s 返回 HTTP %d：%s", En: "robot %s answered HTTP %d: %s"},
		NotifyRobotHost:           {Zh: "机器人地址的主机 %s 不在允许的列表中（-notify-allow-hosts）", En: "robot host %s not in -notify-allow-hosts"},
		NotifyRobotHostNotAllowed: {Zh: "机器人地址的主机 %s 不在管理员允许的列表中；请使用本单位即时通讯的群机器人地址，或请管理员在 -notify-allow-hosts 中加入", En: "robot host %s not allowed"},
		NotifyRobotNotJSON:        {Zh: "机器人 %s 的应答不是 JSON：%s", En: "robot %s answered non-JSON: %s"},
		NotifyRobotURL:            {Zh: "机器人地址“%s”不是 http(s) 网址", En: "robot address %q is not an http(s) URL"},
		NotifySMTPAuth:            {Zh: "邮件服务器 %s 拒绝登录（用户 %s）：%s", En: "mail server %s refused login (user %s)", Cause: true},
		NotifySMTPData:            {Zh: "邮件服务器拒绝数据：%s", En: "mail server refused DATA", Cause: true},
		NotifySMTPDial:            {Zh: "连接邮件服务器 %s 失败：%s", En: "connect to mail server %s", Cause: true},
		NotifySMTPFrom:            {Zh: "邮件服务器拒绝发件人 %s：%s", En: "mail server refused sender %s", Cause: true},
		NotifySMTPHello:           {Zh: "邮件服务器 %s 没有正常应答：%s", En: "mail server %s did not answer", Cause: true},
		NotifySMTPNotAccepted:     {Zh: "邮件服务器未接受邮件：%s", En: "mail server did not accept the mail", Cause: true},
		NotifySMTPRcpt:            {Zh: "邮件服务器拒绝收件人 %s：%s", En: "mail server refused recipient %s", Cause: true},
		NotifySMTPRcptTemp:        {Zh: "邮件服务器暂不接收收件人 %s：%s", En: "mail server temporarily refused recipient %s", Cause: true},
		NotifySMTPStartTLS:        {Zh: "邮件服务器 %s STARTTLS 失败：%s", En: "mail server %s STARTTLS", Cause: true},
		NotifySMTPWrite:           {Zh: "发送邮件内容失败：%s", En: "send the mail body", Cause: true},
		NotifySecretOnlyRobots:    {Zh: "只有钉钉（加签）和飞书（签名校验）机器人使用密钥（secret）", En: "only DingTalk and Feishu robots take a secret"},
		NotifyTooLong:             {Zh: "地址或密钥过长", En: "address or secret too long"},
		NotifyUnknownChannel:      {Zh: "未知的推送渠道 %q", En: "unknown channel %q"},
	})
}
