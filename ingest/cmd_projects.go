package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/seeds"
)

// runProjects implements "ingest projects": it checks a project register
// against the catalogue in the store (its lists, units and targets) and, only
// when the whole register is correct, writes its project units and their
// planned-stage and capacity targets.
func runProjects(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	year := 2024
	if ys := seeds.BuiltinYears(); len(ys) > 0 {
		year = ys[len(ys)-1]
	}
	var by string
	sts, fset, code := openStore(ctx, "projects", args, stderr, func(f *flag.FlagSet) {
		f.IntVar(&year, "year", year, "清册所属年度")
		f.StringVar(&by, "by", currentUser(), "记录人")
	})
	if sts == nil {
		return code
	}
	defer sts.Close()
	st := sts.Facts
	if fset.NArg() != 1 {
		fmt.Fprintln(stderr, "请指定一个项目清册文件：ingest projects 项目清册.csv")
		return exitUsage
	}
	path := fset.Arg(0)
	if _, err := os.Stat(path); err != nil {
		fmt.Fprintf(stderr, "找不到文件“%s”，请检查路径。\n", path)
		return exitError
	}
	cat, err := storedCatalogue(ctx, st, year)
	if err != nil {
		fmt.Fprintln(stderr, msg.Text(err))
		return exitError
	}
	reg, err := seeds.LoadProjects(os.DirFS(filepath.Dir(path)), filepath.Base(path), cat)
	if err != nil {
		var se *seeds.Error
		if errors.As(err, &se) {
			fmt.Fprintln(stderr, msg.Text(se))
			fmt.Fprintln(stderr, "清册未导入（一条也没有写入），请改正后重新导入。")
		} else {
			fmt.Fprintln(stderr, "读取项目清册失败：", msg.Text(err))
		}
		return exitError
	}
	now := time.Now().UTC() // the plan is known from the import on (asof)
	for i := range reg.Targets {
		reg.Targets[i].RecordedAt, reg.Targets[i].RecordedBy = now, by
	}
	if err := app.LoadProjects(ctx, st, reg); err != nil {
		fmt.Fprintln(stderr, "载入项目清册失败：", msg.Text(err))
		return exitError
	}
	auditLoad(ctx, sts, stderr, "projects.load", filepath.Base(path), fmt.Sprintf("项目 %d 个", len(reg.OrgUnits)), by)
	fmt.Fprintf(stdout, "%d年项目清册：项目 %d 个，计划进度和设计能力 %d 项\n", year, len(reg.OrgUnits), len(reg.Targets))
	return exitOK
}

// storedCatalogue is the year's catalogue as the store holds it.
func storedCatalogue(ctx context.Context, st app.FactStore, year int) (*domain.Catalogue, error) {
	inds, err := st.Indicators(ctx)
	if err != nil {
		return nil, msg.Wrap(err, msg.CliReadIndicators)
	}
	units, err := st.OrgUnits(ctx)
	if err != nil {
		return nil, msg.Wrap(err, msg.CliReadOrgUnits)
	}
	targets, err := st.Targets(ctx, year, time.Time{})
	if err != nil {
		return nil, msg.Wrap(err, msg.CliReadTargets)
	}
	if len(inds) == 0 || len(targets) == 0 {
		return nil, msg.New(msg.CliNoTargetsYear, year)
	}
	return &domain.Catalogue{Year: year, OrgUnits: units, Indicators: inds, Targets: targets}, nil
}
