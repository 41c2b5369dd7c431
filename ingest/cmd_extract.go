package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/internal/msg"
	"industrydash/seeds"
)

// runExtract implements "ingest extract": it reads a plan (text, .docx, .pdf)
// and prints the quantitative targets it proposes, mapped to the built-in
// catalogue's indicators (or to -dir's).
func runExtract(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	year := fs.Int("year", 0, "计划年份；不填则取文中出现最多的年份")
	asJSON := fs.Bool("json", false, "以 JSON 输出（proposals 建议目标、flagged 其他年份、qualitative 定性目标）")
	dir := fs.String("dir", "", "用该目录的指标表（indicators.csv 等）匹配指标；不填则用内置目录")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法：ingest extract [-year 2024] [-json] [-dir 目录] 文件")
		fmt.Fprintln(stderr, "从工作要点、部门预算公开等计划文本（.txt、.docx；装有 pdftotext 时也可 .pdf）中提取年度量化目标，供审核。")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "参数：")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "请给出一个计划文件，例如：ingest extract 2025年工作要点.docx")
		return exitUsage
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "读不到文件“%s”：%v。请检查路径。\n", name, msg.Text(err))
		return exitError
	}
	text, err := extract.Text(context.Background(), name, data)
	if errors.Is(err, extract.ErrNoPDFTool) {
		fmt.Fprintf(stderr, "“%s”是 PDF，但本机没有 pdftotext（poppler-utils）。请安装它，或把 PDF 另存为 .docx/.txt 后再提取。\n", name)
		return exitError
	}
	if err != nil {
		fmt.Fprintf(stderr, "“%s”读不出文字：%v。请另存为 UTF-8 文本或 .docx 后再试。\n", name, msg.Text(err))
		return exitError
	}
	cat, err := catalogueForExtract(*dir)
	if err != nil {
		fmt.Fprintln(stderr, msg.Text(err))
		return exitError
	}
	res := extract.Extract(text, extract.Options{Year: *year, Indicators: cat.Indicators, Units: cat.OrgUnits, UnitTable: cat.UnitTable})
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			fmt.Fprintln(stderr, msg.Text(err))
			return exitError
		}
		return exitOK
	}
	printExtract(stdout, res)
	return exitOK
}

// catalogueForExtract loads the indicators to map to: -dir's or the newest
// built-in year's.
func catalogueForExtract(dir string) (*domain.Catalogue, error) {
	if dir != "" {
		fsys := os.DirFS(dir)
		ys := seeds.Years(fsys)
		if len(ys) == 0 {
			return nil, msg.New(msg.CliNoTargetsCSVInDir, dir)
		}
		return seeds.Load(fsys, ys[len(ys)-1])
	}
	ys := seeds.BuiltinYears()
	return seeds.Builtin(ys[len(ys)-1])
}

func printExtract(w io.Writer, res extract.Result) {
	if res.Document != "" || res.Date != "" {
		fmt.Fprintf(w, "文号：%s　日期：%s\n", orDash(res.Document), orDash(res.Date))
	}
	fmt.Fprintf(w, "%d 年建议目标 %d 条（已去除重复章节）：\n", res.Year, len(res.Proposals))
	for i, p := range res.Proposals {
		fmt.Fprintf(w, "%3d. %s %s\n", i+1, p.Name, targetText(p))
		if p.Indicator != "" {
			fmt.Fprintf(w, "     指标：%s %s（相似度 %.2f）\n", p.Indicator, p.IndicatorName, p.MatchScore)
		} else {
			fmt.Fprintf(w, "     指标：未匹配，建议新建 %s %s（%s，%s）\n", p.SuggestedCode, p.SuggestedName, kindText(p.Kind), directionText(p.Direction))
		}
		if p.Section != "" {
			fmt.Fprintf(w, "     原文：%s（%s，第 %d 字）\n", p.SourceQuote, p.Section, p.Offset)
		} else {
			fmt.Fprintf(w, "     原文：%s（第 %d 字）\n", p.SourceQuote, p.Offset)
		}
	}
	if len(res.Flagged) > 0 {
		fmt.Fprintf(w, "\n其他年份的目标 %d 条（未列入建议）：\n", len(res.Flagged))
		for _, p := range res.Flagged {
			fmt.Fprintf(w, "  - %s %s：%s。原文：%s\n", p.Name, targetText(p), p.Reason, p.SourceQuote)
		}
	}
	if len(res.Qualitative) > 0 {
		fmt.Fprintf(w, "\n定性目标 %d 条（无数值，不作为量化目标）：\n", len(res.Qualitative))
		for _, q := range res.Qualitative {
			fmt.Fprintf(w, "  - %s\n", q.Quote)
		}
	}
}

func targetText(p extract.Proposal) string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	var s string
	switch p.Comparator {
	case "range":
		s = num(p.Value) + "—" + num(*p.ValueHigh) + p.Unit
	case "approx":
		s = num(p.Value) + p.Unit + "左右"
		if p.Tolerance != nil {
			s += "（±" + num(*p.Tolerance) + "）"
		}
	case "<=":
		s = "≤" + num(p.Value) + p.Unit
	case ">":
		s = ">" + num(p.Value) + p.Unit
	case "delta_pp":
		s = "提高" + num(p.Value) + "个百分点"
	default:
		if p.Stage != "" {
			s = "≥" + p.Stage
		} else {
			s = "≥" + num(p.Value) + p.Unit
		}
	}
	if p.Aspiration {
		s += "（力争）"
	}
	if p.Stretch != nil {
		s += "，力争" + num(*p.Stretch) + p.Unit
	}
	return strings.TrimSpace(s)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func kindText(k domain.MeasureKind) string {
	switch k {
	case domain.Flow:
		return "流量"
	case domain.Rate:
		return "比率"
	case domain.Stock:
		return "存量"
	case domain.Milestone:
		return "里程碑"
	}
	return string(k)
}

func directionText(d domain.Direction) string {
	if d == domain.LowerBetter {
		return "越低越好"
	}
	return "越高越好"
}
