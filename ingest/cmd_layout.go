package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"industrydash/internal/load"
	"industrydash/internal/msg"
)

// mapFlags collects repeated -map 名称=指标 flags.
type mapFlags []string

func (m *mapFlags) String() string     { return strings.Join(*m, ",") }
func (m *mapFlags) Set(s string) error { *m = append(*m, s); return nil }

// runLayout lists saved import layouts, or saves one from a file and the
// mappings given: `ingest layout -save 统计月报 -map 规上工业产值=industry.output_value 月报.xlsx`.
func runLayout(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	var name, by string
	var maps mapFlags
	sts, fset, code := openStore(ctx, "layout", args, stderr, func(f *flag.FlagSet) {
		f.StringVar(&name, "save", "", "保存为导入模板的名称")
		f.Var(&maps, "map", "文件中的名称=指标代码或名称（或地区=单位代码），可重复")
		f.StringVar(&by, "by", currentUser(), "记录人")
	})
	if sts == nil {
		return code
	}
	defer sts.Close()
	st := sts.Facts
	if name == "" {
		list, err := load.ReadLayouts(ctx, st)
		if err != nil {
			fmt.Fprintln(stderr, "读取导入模板失败：", msg.Text(err))
			return exitError
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "还没有保存的导入模板（在“数据导入”页预览后保存，或 ingest layout -save 名称 -map 名称=指标 文件）")
		}
		for _, l := range list {
			fmt.Fprintf(stdout, "%s\t对应 %d 个指标名称、%d 个单位\n", l.Name, len(l.Names), len(l.Units))
		}
		return exitOK
	}
	if fset.NArg() != 1 {
		fmt.Fprintln(stderr, "用法：ingest layout -save 名称 -map 文件中的名称=指标 … 样例文件")
		return exitUsage
	}
	cat, err := load.ReadCatalogue(ctx, st)
	if err != nil {
		fmt.Fprintln(stderr, "读取指标目录失败：", msg.Text(err))
		return exitError
	}
	res, err := cat.ParseFile(fset.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, msg.Text(err))
		return exitError
	}
	lay := load.Layout{Name: name, Signature: load.Signature(res), Names: map[string]string{}, Units: map[string]string{}}
	for _, m := range maps {
		from, to, ok := strings.Cut(m, "=")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !ok || from == "" || to == "" {
			fmt.Fprintf(stderr, "-map “%s” 应写成 文件中的名称=指标代码或名称\n", m)
			return exitUsage
		}
		if ind, ok := cat.Indicator(to); ok {
			lay.Names[load.LayoutKey(from)] = ind.Code
		} else if u, ok := cat.OrgUnit(to); ok {
			lay.Units[load.LayoutKey(from)] = u.Code
		} else {
			fmt.Fprintf(stderr, "“%s”既不是指标目录中的指标，也不是单位目录中的单位\n", to)
			return exitError
		}
	}
	if err := load.SaveLayout(ctx, st, lay, by); err != nil {
		if ae, ok := load.IsAliasError(err); ok {
			fmt.Fprintln(stderr, ae.Message())
			return exitError
		}
		fmt.Fprintln(stderr, "保存导入模板失败：", msg.Text(err))
		return exitError
	}
	fmt.Fprintf(stdout, "已保存导入模板“%s”（%d 个指标名称、%d 个单位）；此后同样式的文件自动按它导入，也可 ingest actuals -layout %s 文件\n", name, len(lay.Names), len(lay.Units), name)
	return exitOK
}
