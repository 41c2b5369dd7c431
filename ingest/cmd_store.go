package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/config"
	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/retry"
	"industrydash/internal/store"
	"industrydash/seeds"
)

// storeFlags parses the shared store settings (-clickhouse, -data …) plus the
// subcommand's own flags, and opens the migrated store.
func openStore(ctx context.Context, name string, args []string, stderr io.Writer, own func(*flag.FlagSet)) (*app.Stores, *flag.FlagSet, int) {
	cfg := config.Default()
	fset := flag.NewFlagSet("ingest "+name, flag.ContinueOnError)
	fset.SetOutput(stderr)
	cfg.Register(fset)
	if own != nil {
		own(fset)
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, exitOK
		}
		return nil, nil, exitUsage
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "配置有误：", msg.Text(err))
		return nil, nil, exitUsage
	}
	sts, err := app.OpenFacts(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "无法打开数据库：", msg.Text(err))
		return nil, nil, exitError
	}
	return sts, fset, exitOK
}

// runMigrate applies the schemas of the fact store and, when PostgreSQL is
// configured, of the workflow store.
func runMigrate(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	sts, fset, code := openStore(ctx, "migrate", args, stderr, nil)
	if sts == nil {
		return code
	}
	defer sts.Close()
	st := sts.Facts
	applied, expected, err := st.SchemaStatus(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "读取数据库结构版本失败：", msg.Text(err))
		return exitError
	}
	fmt.Fprintf(stdout, "数据库结构已是最新（版本 %d/%d）\n", applied, expected)
	if cfg := configOf(fset); cfg.PostgresDSN != "" {
		wf, err := sts.OpenWorkflow(ctx) // migrates
		if err != nil {
			fmt.Fprintln(stderr, "无法建立账户与填报存储（PostgreSQL）的结构：", msg.Text(err))
			return exitError
		}
		applied, expected, err := wf.SchemaStatus(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "读取 PostgreSQL 结构版本失败：", msg.Text(err))
			return exitError
		}
		fmt.Fprintf(stdout, "账户与填报存储（PostgreSQL）结构已是最新（版本 %d/%d）\n", applied, expected)
	}
	return exitOK
}

// runTargets loads a target catalogue: the built-in one (no FILE), a folder
// in the seeds format, or one targets_YYYY.csv checked against the built-in
// org units and indicators.
func runTargets(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	var year int
	sts, fset, code := openStore(ctx, "targets", args, stderr, func(f *flag.FlagSet) {
		f.IntVar(&year, "year", 0, "年度（默认：内置目录的全部年度，或从文件名 targets_YYYY.csv 读取）")
	})
	if sts == nil {
		return code
	}
	defer sts.Close()
	st := sts.Facts
	var cats []*domain.Catalogue
	switch fset.NArg() {
	case 0:
		years := seeds.BuiltinYears()
		if year != 0 {
			years = []int{year}
		}
		for _, y := range years {
			cat, err := seeds.Builtin(y)
			if err != nil {
				fmt.Fprintln(stderr, msg.Text(err))
				return exitError
			}
			cats = append(cats, cat)
		}
	case 1:
		cat, err := catalogueFrom(fset.Arg(0), year)
		if err != nil {
			fmt.Fprintln(stderr, msg.Text(err))
			return exitError
		}
		cats = append(cats, cat)
	default:
		fmt.Fprintln(stderr, "ingest targets 只接受一个文件或目录")
		return exitUsage
	}
	for _, cat := range cats {
		n, err := app.LoadCatalogue(ctx, st, cat)
		if err != nil {
			fmt.Fprintln(stderr, "载入目标失败：", msg.Text(err))
			return exitError
		}
		auditLoad(ctx, sts, stderr, "targets.load", fmt.Sprintf("%d年目标目录", cat.Year), fmt.Sprintf("新增目标修订 %d 项", n), currentUser())
		fmt.Fprintf(stdout, "%d年：单位 %d 个，指标 %d 个，目标 %d 项；新增目标修订 %d 项（未变化的不重复载入）\n",
			cat.Year, len(cat.OrgUnits), len(cat.Indicators), len(cat.Targets), n)
	}
	return exitOK
}

// catalogueFrom reads a catalogue folder, or a single targets file combined
// with the built-in org units and indicators.
func catalogueFrom(path string, year int) (*domain.Catalogue, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, msg.New(msg.CliNoSuchPath, path)
	}
	if info.IsDir() {
		fsys := os.DirFS(path)
		if year == 0 {
			ys := seeds.Years(fsys)
			if len(ys) == 0 {
				return nil, msg.New(msg.CliNoTargetsFile, path)
			}
			year = ys[len(ys)-1]
		}
		return seeds.Load(fsys, year)
	}
	if year == 0 {
		base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if i := strings.LastIndexByte(base, '_'); i >= 0 {
			year, _ = strconv.Atoi(base[i+1:])
		}
		if year == 0 {
			return nil, msg.New(msg.CliYearFromName, filepath.Base(path))
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, msg.Wrap(err, msg.CliReadFile, path)
	}
	m := fstest.MapFS{seeds.TargetsFile(year): &fstest.MapFile{Data: b}}
	for _, name := range []string{"org_units.csv", "indicators.csv"} {
		data, err := fs.ReadFile(seeds.BuiltinFS(), name)
		if err != nil {
			return nil, fmt.Errorf("read built-in %s: %w", name, err)
		}
		m[name] = &fstest.MapFile{Data: data}
	}
	return seeds.Load(m, year)
}

// runActuals loads actuals files, each all or nothing.
func runActuals(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	var accept bool
	var by, layout string
	sts, fset, code := openStore(ctx, "actuals", args, stderr, func(f *flag.FlagSet) {
		f.BoolVar(&accept, "accept-warnings", false, "接受全部“与上年同期差异过大”提示（已核实）")
		f.StringVar(&layout, "layout", "", "按已保存的导入模板（名称）对应指标和单位；不写时自动使用与文件同样式的模板")
		f.StringVar(&by, "by", currentUser(), "记录人")
	})
	if sts == nil {
		return code
	}
	defer sts.Close()
	st := sts.Facts
	if fset.NArg() == 0 {
		fmt.Fprintln(stderr, "请指定要导入的文件：ingest actuals 文件1.csv [文件2.xlsx …]")
		return exitUsage
	}
	cat, err := load.ReadCatalogue(ctx, st)
	if err != nil {
		fmt.Fprintln(stderr, "读取指标目录失败：", msg.Text(err))
		return exitError
	}
	if len(cat.Indicators()) == 0 {
		fmt.Fprintln(stderr, "数据库中还没有指标目录，请先运行 ingest targets")
		return exitError
	}
	ld := load.New(st, cat)
	layouts, err := load.ReadLayouts(ctx, st)
	if err != nil {
		fmt.Fprintln(stderr, "读取导入模板失败：", msg.Text(err))
		return exitError
	}
	failed := 0
	for _, path := range fset.Args() {
		opts := load.Options{RecordedBy: by, AcceptWarnings: accept, Progress: progressPrinter(stderr, path)}
		res, err := cat.ParseFile(path)
		if err != nil {
			fmt.Fprintln(stderr, msg.Text(err))
			failed++
			continue
		}
		lay, err := load.FindLayout(layouts, layout, res)
		if ae, ok := load.IsAliasError(err); ok {
			fmt.Fprintln(stderr, ae.Message())
			return exitError
		}
		opts.Layout = lay
		var sum *load.Summary
		// A ClickHouse restart mid-load is retried: the rerun counts rows that
		// already reached the store as unchanged, so none is written twice.
		err = retry.Do(ctx, retry.Policy{OnRetry: retryPrinter(stderr, path)}, func(ctx context.Context) error {
			var err error
			sum, err = ld.LoadResult(ctx, res, opts)
			return err
		})
		if sum != nil {
			fmt.Fprintln(stdout, sum.Text())
		}
		if err == nil && sum != nil {
			auditLoad(ctx, sts, stderr, "actuals.load", filepath.Base(path),
				fmt.Sprintf("批次 %s：读取 %d 条，新增 %d 条，未变化 %d 条", sum.BatchID, sum.Read, sum.Loaded, sum.Unchanged), by)
		}
		if err != nil {
			if !errors.Is(err, load.ErrRejected) || sum == nil {
				fmt.Fprintf(stderr, "文件“%s”导入失败：%v\n", path, msg.Text(err))
			}
			failed++
		}
	}
	if failed > 0 {
		return exitError
	}
	return exitOK
}

// retryPrinter tells the user that the database is unreachable and when
// the load is retried.
func retryPrinter(w io.Writer, name string) func(attempt int, wait time.Duration, err error) {
	return func(attempt int, wait time.Duration, err error) {
		fmt.Fprintf(w, "\n%s：数据库暂时无法访问（第 %d 次）：%v\n%v 后自动重试；已写入的数据重试时记为“未变化”，不会重复。\n",
			filepath.Base(name), attempt, msg.Text(err), wait.Round(100*time.Millisecond))
	}
}

// progressPrinter reports progress of large loads on stderr.
func progressPrinter(w io.Writer, name string) func(done, total int) {
	last := time.Time{}
	return func(done, total int) {
		if total < 2000 {
			return
		}
		if done < total && time.Since(last) < 500*time.Millisecond {
			return
		}
		last = time.Now()
		fmt.Fprintf(w, "\r%s：已处理 %d / %d 行（%.0f%%）", filepath.Base(name), done, total, float64(done)*100/float64(total))
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}

// runDemo loads the demo data (示例数据) if the store has none yet.
func runDemo(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	sts, _, code := openStore(ctx, "demo", args, stderr, nil)
	if sts == nil {
		return code
	}
	defer sts.Close()
	st := sts.Facts
	batches, err := st.ListBatches(ctx, 0)
	if err != nil {
		fmt.Fprintln(stderr, "读取导入记录失败：", msg.Text(err))
		return exitError
	}
	for _, b := range batches {
		if b.ID == app.DemoBatchID {
			fmt.Fprintln(stdout, "示例数据已载入过，未重复载入")
			return exitOK
		}
	}
	if err := app.Bootstrap(ctx, st, false, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		fmt.Fprintln(stderr, msg.Text(err))
		return exitError
	}
	cat, err := seeds.Builtin(2024)
	if err != nil {
		fmt.Fprintln(stderr, msg.Text(err))
		return exitError
	}
	n, err := app.LoadDemo(ctx, st, cat, time.Now().UTC())
	if err == nil {
		auditLoad(ctx, sts, stderr, "demo.load", app.DemoBatchID, fmt.Sprintf("示例数据 %d 条", n), currentUser())
	}
	if err != nil {
		fmt.Fprintln(stderr, "载入示例数据失败：", msg.Text(err))
		return exitError
	}
	fmt.Fprintf(stdout, "已载入示例数据 %d 条（2023年全年、2024年1—11月）\n", n)
	return exitOK
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "ingest"
}

// auditLoad records a load in the audit log of the workflow store (data
// loaded with ingest counts as approved, so it is audited like an approval).
// The data is already written; a failure to audit is reported, not undone.
func auditLoad(ctx context.Context, sts *app.Stores, stderr io.Writer, action, object, what, by string) {
	wf, err := sts.OpenWorkflow(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "警告：数据已导入，但无法打开账户与填报存储以写入操作日志：", msg.Text(err))
		return
	}
	e := store.AuditEntry{At: time.Now().UTC(), Actor: by, Role: "ingest", Action: action, Object: object, New: what, IP: "local"}
	if err := wf.AppendAudit(ctx, e); err != nil {
		fmt.Fprintln(stderr, "警告：数据已导入，但写入操作日志失败：", msg.Text(err))
	}
}

// configOf rebuilds the store settings parsed into fset (flags and their
// environment variables).
func configOf(fset *flag.FlagSet) config.Config {
	cfg := config.Default()
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	cfg.Register(fs)
	fset.Visit(func(f *flag.Flag) {
		if fs.Lookup(f.Name) != nil {
			_ = fs.Set(f.Name, f.Value.String())
		}
	})
	return cfg
}
