package msg

// Codes of Cli.
const (
	CliBadNow            Code = "cli.BadNow"
	CliNoSuchPath        Code = "cli.NoSuchPath"
	CliNoTargetsCSVInDir Code = "cli.NoTargetsCSVInDir"
	CliNoTargetsFile     Code = "cli.NoTargetsFile"
	CliNoTargetsYear     Code = "cli.NoTargetsYear"
	CliPasswordMismatch  Code = "cli.PasswordMismatch"
	CliReadFile          Code = "cli.ReadFile"
	CliReadIndicators    Code = "cli.ReadIndicators"
	CliReadOrgUnits      Code = "cli.ReadOrgUnits"
	CliReadPassword      Code = "cli.ReadPassword"
	CliReadTargets       Code = "cli.ReadTargets"
	CliYearFromName      Code = "cli.YearFromName"
)

func init() {
	register(map[Code]Entry{
		CliBadNow:            {Zh: "-now “%s” 无效，应写成 2024-11-10T09:30:00+08:00 或 2024-11-10 09:30（北京时间）", En: "invalid -now %q"},
		CliNoSuchPath:        {Zh: "找不到文件或目录“%s”", En: "no file or directory %q"},
		CliNoTargetsCSVInDir: {Zh: "目录“%s”里没有 targets_<年份>.csv，无法读取指标表；请检查 -dir 参数", En: "directory %q has no targets_<year>.csv"},
		CliNoTargetsFile:     {Zh: "目录“%s”中没有 targets_YYYY.csv 文件", En: "directory %q has no targets_YYYY.csv"},
		CliNoTargetsYear:     {Zh: "数据库中还没有%d年的目标目录，请先运行 ingest targets", En: "no %d targets in the store"},
		CliPasswordMismatch:  {Zh: "两次输入的密码不一致", En: "the two passwords differ"},
		CliReadFile:          {Zh: "读取“%s”失败：%s", En: "read %q", Cause: true},
		CliReadIndicators:    {Zh: "读取指标目录失败：%s", En: "read the indicator catalogue", Cause: true},
		CliReadOrgUnits:      {Zh: "读取单位目录失败：%s", En: "read the org unit catalogue", Cause: true},
		CliReadPassword:      {Zh: "读取密码失败：%s", En: "read the password", Cause: true},
		CliReadTargets:       {Zh: "读取目标失败：%s", En: "read the targets", Cause: true},
		CliYearFromName:      {Zh: "无法从文件名“%s”判断年度：请命名为 targets_YYYY.csv 或用 -year 指定", En: "cannot tell the year from file name %q"},
	})
}
