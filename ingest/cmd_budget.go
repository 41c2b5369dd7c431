package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"industrydash/internal/app"
	"industrydash/internal/budget"
	"industrydash/internal/budgetload"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/retry"
	"industrydash/seeds"
)

// budgetService is the budget service over the opened fact store, with the
// audit log of the workflow store (closed with sts).
func budgetService(ctx context.Context, sts *app.Stores, stderr io.Writer) *budgetsvc.Service {
	wf, err := sts.OpenWorkflow(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "无法打开账户与填报存储（记录操作日志）：", msg.Text(err))
		return nil
	}
	return budgetsvc.New(app.BudgetStore(sts.Facts, wf), wf, budget.DefaultConfig(), nil)
}

// runBudget loads the department budget (the built-in one, or an edited
// folder: changed lines are recorded as 预算调整) and prints the 勾稽 report.
// With -check it only reads and checks, without a store.
func runBudget(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	var (
		year  int
		dir   string
		check bool
	)
	flags := func(f *flag.FlagSet) {
		f.IntVar(&year, "year", 2024, "预算年度")
		f.StringVar(&dir, "dir", "", "预算表所在目录（含 budget_units.csv、budget_lines_YYYY.csv）；不写时用内置的预算表")
		f.BoolVar(&check, "check", false, "只校验并列出勾稽不符之处，不写入数据库")
	}
	for _, a := range args {
		if a == "-check" || a == "--check" || a == "-check=true" {
			check = true
		}
	}
	var b *budget.Budget
	readBudget := func() bool {
		var err error
		if dir == "" {
			b, err = seeds.BuiltinBudget(year)
		} else {
			b, err = seeds.LoadBudget(os.DirFS(dir), year)
		}
		if err != nil {
			fmt.Fprintln(stderr, msg.Text(err))
			return false
		}
		fmt.Fprintf(stdout, "%d年部门预算：预算单位 %d 个，预算行 %d 行，绩效指标 %d 项\n", b.Year, len(b.Units), len(b.Lines), len(b.Indicators))
		fs := budget.Check(*b)
		if len(fs) == 0 {
			fmt.Fprintln(stdout, "勾稽检查：各项数字相互一致")
		} else {
			fmt.Fprintf(stdout, "勾稽检查：预算公开自身有 %d 处数字不一致（照原文载入，不影响使用）：\n", len(fs))
			for _, f := range fs {
				fmt.Fprintln(stdout, "  - "+f.Message)
			}
		}
		return true
	}
	if check {
		fset := flag.NewFlagSet("ingest budget", flag.ContinueOnError)
		fset.SetOutput(stderr)
		flags(fset)
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		if !readBudget() {
			return exitError
		}
		return exitOK
	}
	sts, _, code := openStore(ctx, "budget", args, stderr, flags)
	if sts == nil {
		return code
	}
	defer sts.Close()
	svc := budgetService(ctx, sts, stderr)
	if svc == nil || !readBudget() {
		return exitError
	}
	source := fmt.Sprintf("内置%d年部门预算", year)
	if dir != "" {
		source = filepath.Join(dir, seeds.BudgetLinesFile(year))
	}
	n, err := svc.LoadLines(ctx, budgetsvc.Actor{Name: currentUser(), Role: "ingest", IP: "local"}, b, source)
	if err != nil {
		fmt.Fprintln(stderr, "载入部门预算失败：", msg.Text(err))
		return exitError
	}
	fmt.Fprintf(stdout, "已载入：新增或调整 %d 行（未变化的不重复载入）\n", n)
	return exitOK
}

// runPayments loads payment exports, each file all or nothing.
func runPayments(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	var (
		year int
		by   string
	)
	sts, fset, code := openStore(ctx, "payments", args, stderr, func(f *flag.FlagSet) {
		f.IntVar(&year, "year", 2024, "预算年度（支付数据须属于该年度）")
		f.StringVar(&by, "by", currentUser(), "记录人")
	})
	if sts == nil {
		return code
	}
	defer sts.Close()
	if fset.NArg() == 0 {
		fmt.Fprintln(stderr, "请指定要导入的支付数据文件：ingest payments 支付明细.csv [文件2.xlsx …]")
		return exitUsage
	}
	svc := budgetService(ctx, sts, stderr)
	if svc == nil {
		return exitError
	}
	if err := svc.Bootstrap(ctx); err != nil {
		fmt.Fprintln(stderr, "载入内置部门预算失败：", msg.Text(err))
		return exitError
	}
	failed := 0
	for _, path := range fset.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "无法读取文件“%s”：%v\n", path, msg.Text(err))
			failed++
			continue
		}
		name := filepath.Base(path)
		var sum *budgetload.Summary
		err = retry.Do(ctx, retry.Policy{OnRetry: retryPrinter(stderr, path)}, func(ctx context.Context) error {
			s, err := svc.ImportPayments(ctx, budgetsvc.Actor{Name: by, Role: "ingest", IP: "local"}, year, name, data)
			sum = s
			return err
		})
		if sum != nil {
			fmt.Fprintln(stdout, sum.Text())
		}
		var fe *parse.FileError
		switch {
		case err == nil:
		case errors.As(err, &fe):
			fmt.Fprintln(stderr, msg.Text(fe))
			failed++
		case errors.Is(err, load.ErrRejected):
			failed++
		default:
			fmt.Fprintf(stderr, "文件“%s”导入失败：%v\n", path, msg.Text(err))
			failed++
		}
	}
	if failed > 0 {
		return exitError
	}
	return exitOK
}
