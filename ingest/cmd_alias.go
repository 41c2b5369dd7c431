package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// runAlias lists, adds or deletes indicator aliases in the fact store's
// catalogue: `ingest alias`, `ingest alias 规模以上工业总产值 industry.output_value`,
// `ingest alias -delete 规模以上工业总产值`.
func runAlias(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	var del bool
	var by string
	sts, fset, code := openStore(ctx, "alias", args, stderr, func(f *flag.FlagSet) {
		f.BoolVar(&del, "delete", false, "删除别名")
		f.StringVar(&by, "by", currentUser(), "记录人")
	})
	if sts == nil {
		return code
	}
	defer sts.Close()
	st := sts.Facts
	rest := fset.Args()
	report := func(err error) int {
		if ae, ok := load.IsAliasError(err); ok {
			fmt.Fprintln(stderr, ae.Message())
			return exitError
		}
		fmt.Fprintln(stderr, "保存别名失败：", msg.Text(err))
		return exitError
	}
	switch {
	case del && len(rest) == 1:
		if err := load.DeleteAlias(ctx, st, rest[0], by); err != nil {
			return report(err)
		}
		auditLoad(ctx, sts, stderr, "catalogue.alias.delete", rest[0], "", by)
		fmt.Fprintf(stdout, "已删除别名“%s”\n", rest[0])
		return exitOK
	case !del && len(rest) == 2:
		ind, err := load.SaveAlias(ctx, st, rest[0], rest[1], by)
		if err != nil {
			return report(err)
		}
		auditLoad(ctx, sts, stderr, "catalogue.alias", rest[0], ind.Code+" "+ind.Name, by)
		fmt.Fprintf(stdout, "已添加别名：“%s”即指标“%s”（%s）\n", rest[0], ind.Name, ind.Code)
		return exitOK
	case !del && len(rest) == 0:
		list, err := st.CatalogueEntries(ctx, store.EntryAlias)
		if err != nil {
			fmt.Fprintln(stderr, "读取别名失败：", msg.Text(err))
			return exitError
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "还没有添加别名（内置的写法规则：规上=规模以上，增速=增长=增长率，全角=半角，忽略空格）")
		}
		for _, a := range list {
			fmt.Fprintf(stdout, "%s\t%s\t%s %s\n", a.Name, a.Value, a.RecordedAt.Format("2006-01-02"), a.RecordedBy)
		}
		return exitOK
	}
	fmt.Fprintln(stderr, "用法：ingest alias 别名 指标代码或名称；ingest alias -delete 别名；ingest alias（列出）")
	return exitUsage
}
