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
	"industrydash/internal/config"
	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingload"
	"industrydash/internal/msg"
	leadinggen "industrydash/seeds/leading"
)

// leadingSubcommands are the 先行指标 entries of the usage text.
var leadingSubcommands = []subcommand{
	{"leading-power", "文件...", "导入企业日用电量 CSV（企业代码,企业名称,地区,产业链,日期,用电量(千瓦时)），每个文件要么全部导入，要么一条不导入；同一文件重复导入不会重复写入"},
	{"leading-prices", "文件...", "导入大宗原材料价格 CSV（品种,日期,价格,单位）"},
	{"leading-demo", "[-enterprises 200] [-days 730] [-end 2024-11-30] [-seed 2024] [-o 用电量.csv] [-prices-o 价格.csv]", "生成先行指标示例数据并载入；带 -o/-prices-o 时只写出 CSV 文件，不载入"},
}

func init() { subcommands = append(subcommands, leadingSubcommands...) }

// runLeading dispatches the leading-* subcommands.
func runLeading(name string, args []string, stdout, stderr io.Writer) int {
	switch name {
	case "leading-power":
		return runLeadingPower(args, stdout, stderr)
	case "leading-prices":
		return runLeadingPrices(args, stdout, stderr)
	}
	return runLeadingDemo(args, stdout, stderr)
}

// openLeading opens the fact store (which serves leading data too).
func openLeading(ctx context.Context, name string, args []string, stderr io.Writer, own func(*flag.FlagSet)) (app.FactStore, func(), *flag.FlagSet, int) {
	sts, fset, code := openStore(ctx, name, args, stderr, own)
	if sts == nil {
		return nil, nil, nil, code
	}
	return sts.Facts, func() { sts.Close() }, fset, exitOK
}

// runLeadingPower loads consumption files, each all or nothing.
func runLeadingPower(args []string, stdout, stderr io.Writer) int {
	return runLeadingFiles("leading-power", args, stdout, stderr, func(ctx context.Context, st leading.Store, path string, f *os.File, o leadingload.Options) (leadingload.Result, error) {
		return leadingload.LoadPower(ctx, st, filepath.Base(path), f, o)
	})
}

// runLeadingPrices loads price files, each all or nothing.
func runLeadingPrices(args []string, stdout, stderr io.Writer) int {
	return runLeadingFiles("leading-prices", args, stdout, stderr, func(ctx context.Context, st leading.Store, path string, f *os.File, o leadingload.Options) (leadingload.Result, error) {
		return leadingload.LoadPrices(ctx, st, filepath.Base(path), f, o)
	})
}

type leadingLoader func(ctx context.Context, st leading.Store, path string, f *os.File, o leadingload.Options) (leadingload.Result, error)

func runLeadingFiles(name string, args []string, stdout, stderr io.Writer, load leadingLoader) int {
	ctx := context.Background()
	chunkRows := leadingload.DefaultChunkRows
	st, closeStore, fset, code := openLeading(ctx, name, args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&chunkRows, "chunk-rows", chunkRows, "每次写入数据库的行数（整个文件仍是要么全部导入、要么一条不导入）")
	})
	if st == nil {
		return code
	}
	defer closeStore()
	if fset.NArg() == 0 {
		fmt.Fprintf(stderr, "请指定要导入的文件：ingest %s 文件...\n", name)
		return exitUsage
	}
	o := leadingload.Options{ChunkRows: chunkRows}
	// A store nobody seeded yet names the built-in org units.
	units, err := app.UnitsOrBuiltin(st).OrgUnits(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "读取单位目录失败：", msg.Text(err))
		return exitError
	}
	o.Units = domain.NewUnitIndex(units)
	failed := 0
	for _, path := range fset.Args() {
		start := time.Now()
		lastReport := start
		o.Progress = func(done, total int) {
			if now := time.Now(); now.Sub(lastReport) >= time.Second || done == total {
				lastReport = now
				fmt.Fprintf(stderr, "\r%s：已写入 %d/%d 行（%.0f%%），每秒 %.0f 行", filepath.Base(path), done, total,
					float64(done)/float64(total)*100, float64(done)/now.Sub(start).Seconds())
				if done == total {
					fmt.Fprintln(stderr)
				}
			}
		}
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "无法打开文件 %s：%v\n", path, msg.Text(errors.Unwrap(err)))
			failed++
			continue
		}
		res, err := load(ctx, st, path, f, o)
		f.Close()
		if err != nil {
			fmt.Fprintln(stderr, msg.Text(err))
			failed++
			continue
		}
		b := res.Batch
		if res.Skipped {
			fmt.Fprintf(stdout, "%s：与 %s 导入的文件内容相同（批次 %s），未重复导入\n", path, b.Ended.In(domain.Beijing).Format("2006-01-02 15:04"), b.ID)
			continue
		}
		secs := time.Since(start).Seconds()
		fmt.Fprintf(stdout, "%s：读取 %d 行，新增 %d、更正 %d、未变 %d", path, b.Rows, b.Counts.Added, b.Counts.Changed, b.Counts.Unchanged)
		if res.Missing > 0 {
			fmt.Fprintf(stdout, "，空值跳过 %d", res.Missing)
		}
		if res.NewEnterprises > 0 {
			fmt.Fprintf(stdout, "，登记企业 %d 家", res.NewEnterprises)
		}
		fmt.Fprintf(stdout, "；用时 %.1f 秒（每秒 %.0f 行），批次 %s\n", secs, float64(b.Rows)/secs, b.ID)
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "%d 个文件未导入\n", failed)
		return exitError
	}
	return exitOK
}

// runLeadingDemo generates the demo: into the store, or to CSV files.
func runLeadingDemo(args []string, stdout, stderr io.Writer) int {
	o := app.LeadingDemoOptions
	var end, out, pricesOut string
	var seed uint64
	own := func(f *flag.FlagSet) {
		f.IntVar(&o.Enterprises, "enterprises", o.Enterprises, "企业数")
		f.IntVar(&o.Days, "days", o.Days, "天数（截至 -end）")
		f.StringVar(&end, "end", "2024-11-30", "最后一天")
		f.Uint64Var(&seed, "seed", 2024, "随机种子（相同参数生成完全相同的数据）")
		f.StringVar(&out, "o", "", "只把用电量 CSV 写到该文件（- 为标准输出），不载入数据库")
		f.StringVar(&pricesOut, "prices-o", "", "只把价格 CSV 写到该文件，不载入数据库")
	}
	// Writing files needs no store, so the flags are parsed here and the
	// store is opened only to load.
	cfg := config.Default()
	fset := flag.NewFlagSet("ingest leading-demo", flag.ContinueOnError)
	fset.SetOutput(stderr)
	cfg.Register(fset)
	own(fset)
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if out != "" || pricesOut != "" {
		return writeLeadingDemo(o, end, seed, out, pricesOut, stdout, stderr)
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "配置有误：", msg.Text(err))
		return exitUsage
	}
	ctx := context.Background()
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "无法打开数据库：", msg.Text(err))
		return exitError
	}
	defer st.Close()
	day, err := leadingload.ParseDate(end)
	if err != nil {
		fmt.Fprintln(stderr, "-end：", msg.Text(err))
		return exitUsage
	}
	o.End, o.Seed = day, seed
	start := time.Now()
	loaded, n, err := app.LoadLeadingDemo(ctx, st, o, time.Now().UTC())
	if err != nil {
		fmt.Fprintln(stderr, "载入先行指标示例数据失败：", msg.Text(err))
		return exitError
	}
	if !loaded {
		fmt.Fprintln(stdout, "相同参数的先行指标示例数据已载入过，未重复载入")
		return exitOK
	}
	fmt.Fprintf(stdout, "已载入先行指标示例数据 %d 行（%d 家企业 × %d 天及原材料价格），用时 %.1f 秒\n",
		n, o.Enterprises, o.Days, time.Since(start).Seconds())
	return exitOK
}

func writeLeadingDemo(o leadinggen.Options, end string, seed uint64, out, pricesOut string, stdout, stderr io.Writer) int {
	day, err := leadingload.ParseDate(end)
	if err != nil {
		fmt.Fprintln(stderr, "-end：", msg.Text(err))
		return exitUsage
	}
	o.End, o.Seed = day, seed
	write := func(path string, fn func(io.Writer) error) error {
		if path == "-" {
			return fn(stdout)
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if out != "" {
		if err := write(out, func(w io.Writer) error { return leadinggen.Write(w, o) }); err != nil {
			fmt.Fprintln(stderr, "写出用电量 CSV 失败：", msg.Text(err))
			return exitError
		}
	}
	if pricesOut != "" {
		if err := write(pricesOut, func(w io.Writer) error { return leadinggen.WritePrices(w, o) }); err != nil {
			fmt.Fprintln(stderr, "写出价格 CSV 失败：", msg.Text(err))
			return exitError
		}
	}
	return exitOK
}
