// Command ingest loads the work plan's targets and the periodic actuals. Each
// job is a subcommand:
//
//	ingest catalogue [-year 2024] [-json] [-dir DIR]   show or check the target catalogue
//	ingest migrate                                     apply the schema
//	ingest targets [FILE|DIR]                          load targets (default: built-in 2024)
//	ingest actuals FILE...                             load actuals, each file all or nothing
//	ingest extract [-year 2024] [-json] FILE            propose targets from a plan's text
//	ingest demo                                        load the demo data
//
// The store is chosen like the server's: -clickhouse DSN (env CLICKHOUSE_DSN)
// or the embedded store in -data DIR (env DATA_DIR, default ./data).
//
// Run "ingest help" for the list.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes shared by every subcommand.
const (
	exitOK    = 0 // done
	exitError = 1 // the input or the store is wrong; the message says what and where
	exitUsage = 2 // the command line is wrong
)

// subcommand is one entry of the usage text. Add a line here and a case in
// run when adding a subcommand.
type subcommand struct {
	name, args, summary string
}

var subcommands = []subcommand{
	{"catalogue", "[-year 2024] [-json] [-dir 目录]", "显示并校验目标目录（单位、指标、年度目标）"},
	{"migrate", "[-clickhouse DSN | -data 目录]", "建立或升级数据库结构（可重复执行）"},
	{"targets", "[-year 2024] [文件或目录]", "载入年度目标：不带文件时载入内置的2024年目录；未变化的目标不重复载入"},
	{"actuals", "[-accept-warnings] [-layout 导入模板] [-by 记录人] 文件...", "导入实绩数据（CSV/XLSX/JSON），每个文件要么全部导入，要么一条不导入"},
	{"projects", "[-year 2024] [-by 记录人] 文件.csv", "导入项目清册（重点项目、基础设施、节能/节水改造项目：所在地区、计划开工和建成月份、设计能力），整份清册要么全部导入，要么一条不导入"},
	{"extract", "[-year 2024] [-json] 文件", "从计划文本（.txt/.docx/.pdf）中提取年度量化目标，供审核后下达"},
	{"demo", "", "载入示例数据（2023年全年、2024年1—11月），已载入过则跳过"},
	{"budget", "[-year 2024] [-dir 目录] [-check]", "载入部门预算表（内置2024年或编辑过的目录；改动的行记为预算调整），并列出勾稽不符之处"},
	{"payments", "[-year 2024] [-by 记录人] 文件...", "导入支付数据（CSV/XLSX，GBK或UTF-8），每个文件要么全部导入，要么一条不导入"},
	{"layout", "[-save 名称 -map 名称=指标 … 样例文件]", "导入模板：不带参数时列出；-save 按样例文件的样式保存名称对应，此后同样式的文件自动使用（或 actuals -layout 名称）"},
	{"alias", "[-delete] [别名 指标代码或名称]", "指标名称的别名：不带参数时列出；“别名 指标”添加（存于事实库的目录，重启后仍有效）；-delete 别名 删除"},
}

// run dispatches args[0] to its subcommand and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "catalogue", "catalog":
		return runCatalogue(args[1:], stdout, stderr)
	case "migrate":
		return runMigrate(args[1:], stdout, stderr)
	case "targets":
		return runTargets(args[1:], stdout, stderr)
	case "actuals":
		return runActuals(args[1:], stdout, stderr)
	case "leading-power", "leading-prices", "leading-demo":
		return runLeading(args[0], args[1:], stdout, stderr)
	case "projects":
		return runProjects(args[1:], stdout, stderr)
	case "extract":
		return runExtract(args[1:], stdout, stderr)
	case "demo":
		return runDemo(args[1:], stdout, stderr)
	case "budget":
		return runBudget(args[1:], stdout, stderr)
	case "payments":
		return runPayments(args[1:], stdout, stderr)
	case "alias":
		return runAlias(args[1:], stdout, stderr)
	case "layout":
		return runLayout(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	default:
		fmt.Fprintf(stderr, "未知的子命令“%s”。\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "用法：ingest <子命令> [参数]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "子命令：")
	for _, c := range subcommands {
		fmt.Fprintf(w, "  %-10s %s\n      %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "查看某个子命令的参数：ingest <子命令> -h")
}
