package seeds

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/budget"
	"industrydash/internal/msg"
)

// The department budget's files (seeds/budget/). Lines and performance
// targets live in one file per year, like the targets.
const (
	BudgetUnitsFile = "budget_units.csv"
	// BudgetSourceFile is the disclosure's text the quotes are taken from.
	BudgetSourceFile = "source_%d.txt"
)

// BudgetLinesFile names the budget lines of year: budget_lines_2024.csv.
func BudgetLinesFile(year int) string { return fmt.Sprintf("budget_lines_%d.csv", year) }

// PerformanceFile names the performance targets of year: performance_2024.csv.
func PerformanceFile(year int) string { return fmt.Sprintf("performance_%d.csv", year) }

// Department is the budget's department (部门).
const Department = "包头市工业和信息化局"

//go:embed budget/*.csv budget/*.txt
var builtinBudget embed.FS

// budgetApproval is when each year's budget was published; the lines'
// RecordedAt, so that loading the seed twice adds nothing.
var budgetApproval = map[int]time.Time{
	2024: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC),
}

var budgetUnitColumns = []column{
	{key: "code", aliases: []string{"单位代码"}, required: true},
	{key: "name", aliases: []string{"单位名称"}, required: true},
	{key: "short_name", aliases: []string{"简称"}},
	{key: "kind", aliases: []string{"类型"}},
	{key: "budget", aliases: []string{"预算数"}},
	{key: "quote", aliases: []string{"原文"}},
}

var budgetLineColumns = []column{
	{key: "table", aliases: []string{"表"}, required: true},
	{key: "code", aliases: []string{"代码"}, required: true},
	{key: "name", aliases: []string{"名称"}, required: true},
	{key: "parent", aliases: []string{"上级"}},
	{key: "breakdown", aliases: []string{"分解口径"}},
	{key: "amount", aliases: []string{"金额"}, required: true},
	{key: "unit", aliases: []string{"计量单位"}},
	{key: "nature", aliases: []string{"性质"}},
	{key: "match", aliases: []string{"执行口径"}},
	{key: "source", aliases: []string{"资金来源"}},
	{key: "budget_unit", aliases: []string{"预算单位"}},
	{key: "plan", aliases: []string{"用款计划"}},
	{key: "share_pct", aliases: []string{"占比"}},
	{key: "yoy_change", aliases: []string{"增减额"}},
	{key: "yoy_pct", aliases: []string{"增减率"}},
	{key: "alt_amount", aliases: []string{"另处数值"}},
	{key: "alt_quote", aliases: []string{"另处原文"}},
	{key: "quote", aliases: []string{"原文"}, required: true},
	{key: "note", aliases: []string{"备注"}},
}

var perfColumns = []column{
	{key: "project", aliases: []string{"项目代码"}, required: true},
	{key: "indicator", aliases: []string{"指标"}, required: true},
	{key: "category", aliases: []string{"指标类别"}},
	{key: "target", aliases: []string{"目标值"}, required: true},
	{key: "value", aliases: []string{"数值"}},
	{key: "unit", aliases: []string{"计量单位"}},
	{key: "comparator", aliases: []string{"比较方式"}},
	{key: "quote", aliases: []string{"原文"}, required: true},
}

// BuiltinBudget loads the embedded department budget of year.
func BuiltinBudget(year int) (*budget.Budget, error) {
	sub, err := fs.Sub(builtinBudget, "budget")
	if err != nil {
		return nil, fmt.Errorf("builtin budget: %w", err)
	}
	if _, err := fs.Stat(sub, BudgetLinesFile(year)); err != nil {
		return nil, msg.New(msg.SeedsNoBudgetYear, year, BudgetLinesFile(year))
	}
	return LoadBudget(sub, year)
}

var budgetLinesName = regexp.MustCompile(`^budget_lines_(\d{4})\.csv$`)

// BuiltinBudgetYears returns the years the embedded budget has lines for, ascending.
func BuiltinBudgetYears() []int {
	entries, err := fs.ReadDir(builtinBudget, "budget")
	if err != nil {
		return nil
	}
	var years []int
	for _, e := range entries {
		if m := budgetLinesName.FindStringSubmatch(e.Name()); m != nil {
			y, _ := strconv.Atoi(m[1])
			years = append(years, y)
		}
	}
	return years // ReadDir sorts by name: ascending years
}

// BuiltinBudgetSource returns the embedded disclosure text of year ("" when none).
func BuiltinBudgetSource(year int) string {
	b, err := builtinBudget.ReadFile("budget/" + fmt.Sprintf(BudgetSourceFile, year))
	if err != nil {
		return ""
	}
	return string(b)
}

var planPoint = regexp.MustCompile(`^(\d{1,2})\s*[:：]\s*([0-9.]+)%?$`)

// LoadBudget reads and validates the budget of year from fsys (a folder with
// budget_units.csv, budget_lines_YYYY.csv and, optionally,
// performance_YYYY.csv). Every problem is reported at once as *Error. The
// disclosure's own inconsistencies are not problems: see Check.
func LoadBudget(fsys fs.FS, year int) (*budget.Budget, error) {
	ps := &problems{}
	b := &budget.Budget{Year: year, Department: Department}
	at, ok := budgetApproval[year]
	if !ok {
		at = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if t := readTable(fsys, BudgetUnitsFile, budgetUnitColumns, ps); t != nil {
		seen := map[string]int{}
		for _, r := range t.rows {
			u := budget.Unit{Code: r.get("code"), Name: r.get("name"), ShortName: r.get("short_name"), Kind: r.get("kind"), Quote: r.get("quote")}
			if u.Code == "" || u.Name == "" {
				c, h := r.at("code")
				ps.add(t.file, r.num, c, h, "单位代码和单位名称都必须填写")
				continue
			}
			if v := r.get("budget"); v != "" {
				x, err := parseNumber(v)
				if err != nil || x < 0 {
					c, h := r.at("budget")
					ps.add(t.file, r.num, c, h, "预算数“%s”不是非负数字（单位万元）；未单独下达单位预算时留空", v)
					continue
				}
				u.Budget = &x
			}
			for _, k := range []string{u.Code, u.Name, u.ShortName} {
				if k == "" {
					continue
				}
				if prev, dup := seen[k]; dup {
					c, h := r.at("code")
					ps.add(t.file, r.num, c, h, "“%s”与第%d行重复：代码、名称、简称都不能重复", k, prev)
				}
				seen[k] = r.num
			}
			b.Units = append(b.Units, u)
		}
	}
	lineRows := map[string]int{}
	if t := readTable(fsys, BudgetLinesFile(year), budgetLineColumns, ps); t != nil {
		for _, r := range t.rows {
			l, ok := budgetLine(r, year, at, ps)
			if prev, dup := lineRows[l.Code]; dup && l.Code != "" {
				c, h := r.at("code")
				ps.add(t.file, r.num, c, h, "代码“%s”与第%d行重复，每行代码必须唯一", l.Code, prev)
				continue
			}
			if l.Code != "" {
				lineRows[l.Code] = r.num
			}
			if ok {
				b.Lines = append(b.Lines, l)
			}
		}
		// References: parents, budget units, named projects.
		for _, r := range t.rows {
			if p := r.get("parent"); p != "" {
				if _, ok := lineRows[p]; !ok {
					c, h := r.at("parent")
					ps.add(t.file, r.num, c, h, "上级“%s”不是本表中任何一行的代码", p)
				}
			}
			if u := r.get("budget_unit"); u != "" {
				if _, ok := budget.LookupUnit(b.Units, u); !ok {
					c, h := r.at("budget_unit")
					ps.add(t.file, r.num, c, h, "预算单位“%s”不在 %s 中", u, BudgetUnitsFile)
				}
			}
			if m, err := budget.ParseMatch(r.get("match")); err == nil {
				for _, p := range m.NamedProjects() {
					if _, ok := lineRows[p]; !ok {
						c, h := r.at("match")
						ps.add(t.file, r.num, c, h, "执行口径中的项目“%s”不是本表中任何一行的代码", p)
					}
				}
			}
		}
		if _, ok := lineRows[budget.TotalCode]; !ok && len(t.rows) > 0 {
			ps.add(t.file, 0, 0, "", "缺少代码为 %s 的“本年支出合计”行，支出进度以它为总数", budget.TotalCode)
		}
	}
	if _, err := fs.Stat(fsys, PerformanceFile(year)); err == nil {
		if t := readTable(fsys, PerformanceFile(year), perfColumns, ps); t != nil {
			for _, r := range t.rows {
				ind := budget.PerfIndicator{
					Project: r.get("project"), Name: r.get("indicator"), Category: r.get("category"),
					Target: r.get("target"), Unit: r.get("unit"), Comparator: r.get("comparator"), Quote: r.get("quote"),
				}
				if _, ok := lineRows[ind.Project]; !ok {
					c, h := r.at("project")
					ps.add(t.file, r.num, c, h, "项目代码“%s”不在 %s 中", ind.Project, BudgetLinesFile(year))
					continue
				}
				if v := r.get("value"); v != "" {
					x, err := parseNumber(v)
					if err != nil {
						c, h := r.at("value")
						ps.add(t.file, r.num, c, h, "数值“%s”不是数字", v)
						continue
					}
					ind.Value = &x
				}
				switch ind.Comparator {
				case "", ">=", "<=":
				default:
					c, h := r.at("comparator")
					ps.add(t.file, r.num, c, h, "比较方式只能是 >=、<= 或留空")
					continue
				}
				b.Indicators = append(b.Indicators, ind)
			}
		}
	}
	if err := ps.err(); err != nil {
		err.(*Error).Subject = msg.SeedsNounBudget
		return nil, err
	}
	return b, nil
}

// budgetLine reads one row of the lines table.
func budgetLine(r row, year int, at time.Time, ps *problems) (budget.Line, bool) {
	file := r.t.file
	l := budget.Line{
		Year: year, Table: r.get("table"), Code: r.get("code"), Name: r.get("name"),
		Parent: r.get("parent"), Breakdown: r.get("breakdown"), Unit: r.get("unit"),
		Match: r.get("match"), BudgetUnit: r.get("budget_unit"), AltQuote: r.get("alt_quote"),
		Quote: r.get("quote"), Note: r.get("note"), RecordedAt: at, RecordedBy: RecordedBy,
	}
	ok := true
	bad := func(key, format string, args ...any) {
		c, h := r.at(key)
		ps.add(file, r.num, c, h, format, args...)
		ok = false
	}
	if l.Code == "" {
		bad("code", "代码必须填写")
	}
	if l.Name == "" {
		bad("name", "名称必须填写")
	}
	if l.Quote == "" {
		bad("quote", "原文必须填写：从部门预算公开中复制这个数字所在的句子")
	}
	if l.Unit == "" {
		l.Unit = "万元"
	}
	amt, err := parseNumber(r.get("amount"))
	if err != nil || math.IsNaN(amt) || math.IsInf(amt, 0) || amt < 0 {
		bad("amount", "金额“%s”不是非负数字（单位万元，不写单位）", r.get("amount"))
	}
	l.Amount = amt
	if l.Nature, err = budget.ParseNature(r.get("nature")); err != nil {
		bad("nature", "%s", msg.Text(err))
	}
	if _, err := budget.ParseMatch(l.Match); err != nil {
		bad("match", "%s", msg.Text(err))
	}
	if l.Source, err = budget.ParseSource(r.get("source")); err != nil {
		bad("source", "%s", msg.Text(err))
	}
	if l.Nature != budget.NatureInfo && l.Match == "" {
		bad("match", "性质为“%s”的行必须写执行口径（哪些支付计入本行），如 function=201", l.Nature.Label())
	}
	for _, p := range strings.FieldsFunc(r.get("plan"), func(c rune) bool { return c == ';' || c == '；' }) {
		m := planPoint.FindStringSubmatch(strings.TrimSpace(p))
		if m == nil {
			bad("plan", "用款计划“%s”无法识别：写成 月份:累计百分比，用分号分隔，如 3:25;6:50;9:75;12:100", p)
			break
		}
		mo, _ := strconv.Atoi(m[1])
		pct, _ := strconv.ParseFloat(m[2], 64)
		if mo < 1 || mo > 12 || pct < 0 || pct > 100 {
			bad("plan", "用款计划“%s”：月份应为 1—12，累计百分比应为 0—100", p)
			break
		}
		l.Plan = append(l.Plan, budget.PlanPoint{Month: mo, Pct: pct})
	}
	for _, f := range []struct {
		key string
		dst **float64
	}{{"share_pct", &l.SharePct}, {"yoy_change", &l.YoYChange}, {"yoy_pct", &l.YoYPct}, {"alt_amount", &l.AltAmount}} {
		s := r.get(f.key)
		if s == "" {
			continue
		}
		x, err := parseNumber(strings.TrimSuffix(s, "%"))
		if err != nil {
			bad(f.key, "“%s”不是数字", s)
			continue
		}
		*f.dst = &x
	}
	return l, ok
}
