package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/seeds"
)

// runCatalogue implements "ingest catalogue": it loads the built-in catalogue
// (or an edited one from -dir), and prints its targets as a table or as JSON.
// A broken catalogue prints every problem (file, row, column) and exits 1.
func runCatalogue(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("catalogue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defaultYear := 2024
	if ys := seeds.BuiltinYears(); len(ys) > 0 {
		defaultYear = ys[len(ys)-1]
	}
	year := fs.Int("year", defaultYear, "年份：读取该年的目标文件 targets_<年份>.csv")
	asJSON := fs.Bool("json", false, "以 JSON 数组输出，每个目标一个对象")
	dir := fs.String("dir", "", "从该目录读取修改过的目录文件（org_units.csv、indicators.csv、targets_<年份>.csv）；不填则用内置目录")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法：ingest catalogue [-year 2024] [-json] [-dir 目录]")
		fmt.Fprintln(stderr, "显示并校验目标目录。目录有错时逐条列出文件、行、列和修改办法，退出码为 1。")
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
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "多余的参数“%s”；目录请用 -dir 指定。\n", strings.Join(fs.Args(), " "))
		return exitUsage
	}

	var cat *domain.Catalogue
	var err error
	if *dir != "" {
		if st, serr := os.Stat(*dir); serr != nil || !st.IsDir() {
			fmt.Fprintf(stderr, "目录“%s”不存在或不是文件夹，请检查 -dir 参数。\n", *dir)
			return exitError
		}
		cat, err = seeds.Load(os.DirFS(*dir), *year)
	} else {
		cat, err = seeds.Builtin(*year)
	}
	if err != nil {
		fmt.Fprintln(stderr, msg.Text(err))
		return exitError
	}
	if *asJSON {
		err = writeCatalogueJSON(stdout, cat)
	} else {
		err = writeCatalogueTable(stdout, cat)
	}
	if err != nil {
		fmt.Fprintf(stderr, "输出失败：%v\n", msg.Text(err))
		return exitError
	}
	return exitOK
}

// catalogueTarget is one target as "ingest catalogue -json" prints it: the
// target with its indicator's and org unit's descriptive fields.
type catalogueTarget struct {
	Year         int                 `json:"year"`
	Indicator    string              `json:"indicator"`
	Name         string              `json:"name"`
	Unit         string              `json:"unit"`
	Kind         domain.MeasureKind  `json:"kind"`
	Direction    domain.Direction    `json:"direction"`
	Comparator   domain.Comparator   `json:"comparator"`
	Value        float64             `json:"value"`
	ValueHigh    *float64            `json:"value_high,omitempty"`
	Tolerance    *float64            `json:"tolerance,omitempty"`
	Baseline     *float64            `json:"baseline,omitempty"`
	Aspiration   bool                `json:"aspiration"`
	OrgUnit      string              `json:"org_unit"`
	OrgUnitName  string              `json:"org_unit_name"`
	Chain        string              `json:"chain"`
	Section      string              `json:"section"`
	SourceQuote  string              `json:"source_quote"`
	SourceOrgan  string              `json:"source_organ,omitempty"`
	Scope        string              `json:"scope,omitempty"`
	PriceBasis   string              `json:"price_basis,omitempty"`
	Reporting    domain.ValueType    `json:"reporting"`
	TierOf       string              `json:"tier_of,omitempty"`
	TierMin      float64             `json:"tier_min,omitempty"`
	TierMax      float64             `json:"tier_max,omitempty"`
	TierNew      bool                `json:"tier_new,omitempty"`
	Stages       []string            `json:"stages,omitempty"`
	DueMonth     int                 `json:"due_month,omitempty"`
	Revision     int                 `json:"revision"`
	RevisionKind domain.RevisionKind `json:"revision_kind"`
	RecordedAt   time.Time           `json:"recorded_at"`
	Note         string              `json:"note,omitempty"`
}

func writeCatalogueJSON(w io.Writer, cat *domain.Catalogue) error {
	out := make([]catalogueTarget, 0, len(cat.Targets))
	for _, t := range cat.Targets {
		ind, _ := cat.Indicator(t.Indicator)
		u, _ := cat.OrgUnit(t.OrgUnit)
		out = append(out, catalogueTarget{
			Year: t.Year, Indicator: t.Indicator, Name: ind.Name, Unit: ind.Unit, Kind: ind.Kind,
			Direction: ind.Direction, Comparator: t.Comparator, Value: t.Value, ValueHigh: t.ValueHigh,
			Tolerance: t.Tolerance, Baseline: t.Baseline, Aspiration: t.Aspiration,
			OrgUnit: t.OrgUnit, OrgUnitName: u.Name, Chain: ind.Chain, Section: t.Section,
			SourceQuote: t.SourceQuote, SourceOrgan: ind.SourceOrgan, Scope: ind.Scope,
			PriceBasis: ind.PriceBasis, Reporting: ind.Reporting, TierOf: ind.TierOf,
			TierMin: ind.TierMin, TierMax: ind.TierMax, TierNew: ind.TierNew, Stages: ind.Stages, DueMonth: t.DueMonth,
			Revision: t.Revision, RevisionKind: t.RevisionKind, RecordedAt: t.RecordedAt, Note: t.Note,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encode catalogue: %w", err)
	}
	return nil
}

// writeCatalogueTable prints the targets grouped by work-plan section, in an
// aligned table that reads well in a terminal with CJK-width characters.
func writeCatalogueTable(w io.Writer, cat *domain.Catalogue) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%d年目标目录：%d 个目标，%d 个指标，%d 个单位\n", cat.Year, len(cat.Targets), len(cat.Indicators), len(cat.OrgUnits))
	header := []string{"序号", "指标代码", "指标名称", "板块", "单位", "目标", "力争"}
	var sections []string
	rows := map[string][][]string{}
	for i, t := range cat.Targets {
		ind, _ := cat.Indicator(t.Indicator)
		u, _ := cat.OrgUnit(t.OrgUnit)
		unitName := u.ShortName
		if unitName == "" || u.Kind == domain.KindCity {
			unitName = u.Name
		}
		asp := ""
		if t.Aspiration {
			asp = "是"
		}
		if _, ok := rows[t.Section]; !ok {
			sections = append(sections, t.Section)
		}
		rows[t.Section] = append(rows[t.Section], []string{
			strconv.Itoa(i + 1), t.Indicator, ind.Name, ind.Chain, unitName, describeTarget(t, ind), asp,
		})
	}
	widths := make([]int, len(header))
	measure := func(r []string) {
		for i, c := range r {
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	measure(header)
	for _, rs := range rows {
		for _, r := range rs {
			measure(r)
		}
	}
	line := func(r []string) {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(runewidth.FillRight(c, widths[i]))
			b.WriteString("  ")
		}
		fmt.Fprintln(ew, strings.TrimRight(b.String(), " "))
	}
	for _, s := range sections {
		fmt.Fprintf(ew, "\n【%s】\n", s)
		line(header)
		for _, r := range rows[s] {
			line(r)
		}
	}
	return ew.err
}

// describeTarget renders a target the way the plan words it: "≥ 6000 亿元",
// "30% 左右（±2）", "1—2 个", "较上年提高 2 个百分点", "达到“建成投产”".
func describeTarget(t domain.Target, ind domain.Indicator) string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	unit := ind.Unit
	sep := " "
	if unit == "%" {
		sep = ""
	}
	v := num(t.Value) + sep + unit
	switch t.Comparator {
	case domain.AtLeast:
		if ind.Kind == domain.Milestone {
			if i := int(t.Value) - 1; i >= 0 && i < len(ind.Stages) {
				return "达到“" + ind.Stages[i] + "”"
			}
		}
		return "≥ " + v
	case domain.AtMost:
		return "≤ " + v
	case domain.Approx:
		if t.Tolerance != nil {
			tol := num(*t.Tolerance)
			if unit == "%" {
				tol += " 个百分点"
			} else {
				tol += sep + unit
			}
			return v + " 左右（±" + tol + "）"
		}
		return v + " 左右"
	case domain.Range:
		if t.ValueHigh != nil {
			return num(t.Value) + "—" + num(*t.ValueHigh) + sep + unit
		}
	case domain.DeltaPP:
		s := "较上年提高 " + num(t.Value) + " 个百分点"
		if t.Baseline != nil {
			s += "（基数 " + num(*t.Baseline) + "%）"
		}
		return s
	}
	return string(t.Comparator) + " " + v
}

// errWriter keeps the first write error so printing code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = fmt.Errorf("write output: %w", err)
	}
	return n, err
}
