// Package budgetload loads payment exports (支付数据) into the fact store,
// all or nothing, with the same parser, number reader and located issues as
// the actuals loader (internal/parse, internal/load).
//
// Canonical columns (Chinese aliases in PaymentSchema): unit 预算单位,
// function_code 功能分类科目编码 (any level: 201, 20104, 2010401), economic_code
// 经济分类科目编码 (optional), project 项目名称 (optional), source 资金来源
// (本年 | 结转; default the project's source, else 本年), period 期间
// (2024-06, 2024年1-6月, optionally followed by 当月/累计), amount 金额 (元 or
// 万元, the unit in the header or the cell), value_type 口径 (optional),
// note 备注.
//
// Rules: the unit must be a budget unit (reporters: their own); the
// function class (first three digits) must be in the year's budget; the
// period must lie in the budget's year; a 累计 amount starts in January,
// cannot be negative and cannot fall within the file; two rows with the same
// key and different amounts are an error; rows whose unit cell reads 合计/
// 小计/总计 are totals and skipped (counted). Rows equal to the stored
// current value are unchanged; loading a file twice adds nothing.
package budgetload

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"industrydash/internal/budget"
	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/store"
)

// The payment columns.
const (
	FieldUnit      parse.Field = "unit"
	FieldFunction  parse.Field = "function_code"
	FieldEconomic  parse.Field = "economic_code"
	FieldProject   parse.Field = "project"
	FieldSource    parse.Field = "source"
	FieldPeriod    parse.Field = "period"
	FieldAmount    parse.Field = "amount"
	FieldValueType parse.Field = "value_type"
	FieldNote      parse.Field = "note"
)

// The columns of a payment-system export that only stand in for others.
const (
	// FieldUnitCode is the budget unit's code (单位编码), read when the unit
	// name does not match.
	FieldUnitCode parse.Field = "unit_code"
	// FieldDate is the payment date (支付日期): its month is the period, and
	// a file with a date column lists single payments, summed per month.
	FieldDate parse.Field = "date"
)

// PaymentSchema is the payments file layout: the product's own columns and
// the names 预算管理一体化 / 国库集中支付 exports use (see README 支付数据格式).
var PaymentSchema = parse.Schema{
	Example: "预算单位、功能分类科目编码、经济分类科目编码、项目名称、资金来源、期间、金额（元）",
	Columns: []parse.SchemaColumn{
		{Field: FieldUnit, Label: "预算单位", Required: true, Aliases: []string{"单位名称", "预算单位名称", "单位", "agencyName", "基层预算单位", "预算单位（名称）"}},
		{Field: FieldUnitCode, Label: "单位编码", Satisfies: FieldUnit, Aliases: []string{"单位代码", "预算单位编码", "预算单位代码", "agencyCode"}},
		{Field: FieldFunction, Label: "功能分类科目编码", Required: true, Aliases: []string{"支出功能分类科目", "支出功能科目", "功能分类科目", "功能科目编码", "功能科目", "功能分类", "功能分类编码", "支出功能分类科目编码", "支出功能分类", "功能分类科目名称", "科目编码", "expFuncCode", "expFuncName"}},
		{Field: FieldEconomic, Label: "经济分类科目编码", Aliases: []string{"部门支出经济分类", "部门经济分类科目", "部门经济分类", "部门支出经济分类科目", "部门预算支出经济分类", "经济分类科目", "经济科目编码", "经济科目", "经济分类", "支出经济分类", "depBgtEcoCode"}},
		{Field: FieldProject, Label: "项目名称", Aliases: []string{"预算项目", "项目", "项目代码", "项目编码", "proName"}},
		{Field: FieldSource, Label: "资金来源", Aliases: []string{"指标来源", "预算来源", "来源"}},
		{Field: FieldPeriod, Label: "期间", Period: true, Aliases: []string{"月份", "支付月份", "支付期间", "所属期", "所属月份", "会计期间", "时间"}},
		{Field: FieldDate, Label: "支付日期", Period: true, Satisfies: FieldPeriod, Aliases: []string{"付款日期", "支付时间", "付款时间", "支付确认日期", "交易日期", "清算日期", "日期", "payTime", "xpayDate"}},
		{Field: FieldAmount, Label: "金额", Required: true, Number: true, Aliases: []string{"支付金额", "支出金额", "实际支付", "实际支出", "实付金额", "支付申请金额", "发生额", "累计支出", "本月支出", "当月支出", "数值", "payAppAmt"}},
		{Field: FieldValueType, Label: "口径", Aliases: []string{"累计/当月", "当月/累计"}},
		{Field: FieldNote, Label: "备注", Aliases: []string{"说明", "摘要", "用途", "资金用途", "支付用途", "useDes"}},
	},
	Ignore: map[string]string{
		"政府支出经济分类":   "政府预算经济分类（501、502…）与部门预算的经济分类不是同一套科目，已忽略；“三公”等按“部门支出经济分类”判断",
		"政府经济分类":     "政府预算经济分类与部门预算的经济分类不是同一套科目，已忽略",
		"政府预算支出经济分类": "政府预算经济分类与部门预算的经济分类不是同一套科目，已忽略",
		"资金性质":       "资金性质（一般公共预算等）不区分本年与结转，已忽略；需要时请加“资金来源”列",
		"导入日期":       "导入日期不是支付日期，已忽略",
		"序号":         "序号，已忽略",
	},
}

// Store is what loading payments needs.
type Store interface {
	Payments(ctx context.Context, year int, asOf time.Time) ([]budget.Payment, error)
	AppendPayments(ctx context.Context, rows []budget.Payment) (budget.WriteCounts, error)
	RecordBatch(ctx context.Context, b store.Batch) error
}

// Options control one load.
type Options struct {
	// RecordedBy is the user or process recording the payments.
	RecordedBy string
	// OnlyUnit, when set (a budget unit code), rejects rows of other units.
	OnlyUnit string
	// Now returns the current time (time.Now when nil).
	Now func() time.Time
	// MaxIssues caps the listed errors (load.DefaultMaxIssues when 0).
	MaxIssues int
}

// Summary reports a load: the actuals loader's summary plus the total rows
// skipped.
type Summary struct {
	load.Summary
	TotalRows int `json:"total_rows"`
	// Payments counts the single payments of a dated export (one row per
	// payment), summed into Read monthly figures; 0 for a table of figures.
	Payments int `json:"payments,omitempty"`
}

// Text renders the summary in Chinese.
func (s *Summary) Text() string { return s.Summary.Text() }

// Loader loads payment files against one year's budget.
type Loader struct {
	st Store
	b  *budget.Budget
}

// New returns a loader for the budget b writing to st.
func New(st Store, b *budget.Budget) *Loader { return &Loader{st: st, b: b} }

var (
	leadingCode = regexp.MustCompile(`^\s*[\[【(（]?\s*(\d+)`)
	totalWords  = map[string]bool{"合计": true, "总计": true, "小计": true, "本页合计": true, "累计合计": true}
	vtSuffix    = regexp.MustCompile(`\s*(当月|本月|累计)$`)
)

type cand struct {
	p     budget.Payment
	row   parse.Row
	index int
}

// LoadBytes parses and loads one file all or nothing. A *parse.FileError
// is a whole-file problem for users; load.ErrRejected means the returned
// summary lists the rows' problems and nothing was written; other errors
// are storage failures.
func (l *Loader) LoadBytes(ctx context.Context, b []byte, name string, opts Options) (*Summary, error) {
	started := time.Now()
	if opts.Now != nil {
		started = opts.Now()
	}
	t, err := parse.ReadTable(b, name, PaymentSchema)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Summary: load.Summary{Source: name, Checksum: t.Checksum, Ignored: t.Ignored, StartedAt: started, Errors: []load.Issue{}, Warnings: []load.Issue{}}}
	maxIssues := opts.MaxIssues
	if maxIssues <= 0 {
		maxIssues = load.DefaultMaxIssues
	}
	bad := map[int]bool{}
	fail := func(i int, r parse.Row, f parse.Field, format string, args ...any) {
		bad[i] = true
		if len(sum.Errors) >= maxIssues {
			sum.MoreErrors++
			return
		}
		c := r.Cell(f)
		sum.Errors = append(sum.Errors, load.Issue{File: r.File, Sheet: r.Sheet, Row: r.Row, Column: c.Col, Header: c.Header,
			Where: r.Where(f), Message: fmt.Sprintf(format, args...)})
	}
	dated, titleUnit, notes := columnNotes(t)
	cands, skipped := l.candidates(t, opts, titleUnit, fail, sum)
	notes = append(notes, skipped...)
	if dated {
		// One row per payment: rows of one key and month are summed.
		sum.Payments = sum.Read
		cands = sumByKey(cands)
		sum.Read = len(cands)
		sum.Notes = append(sum.Notes, fmt.Sprintf("按支付日期把 %d 笔支付按月汇总为 %d 条（单位、科目、项目、资金来源、月份相同的相加，退款和更正的负数相抵）。", sum.Payments, sum.Read))
	}
	if sum.TotalRows > 0 {
		sum.Notes = append(sum.Notes, fmt.Sprintf("合计/小计行 %d 行已跳过（不重复计入）。", sum.TotalRows))
	}
	sum.Notes = append(sum.Notes, notes...)
	uniq := checkWithinFile(cands, sum, fail)
	if len(bad) > 0 {
		if dated {
			sum.Read = sum.Payments
		}
		sum.Rejected = len(bad)
		sum.EndedAt = time.Now()
		return sum, load.ErrRejected
	}
	return l.write(ctx, t, uniq, sum, name, started, opts)
}

// columnNotes reads the table's columns: whether it is a dated export (a
// payment date column), the amounts' unit stated above the header, and the
// notes telling the user how the period and the amounts were read.
func columnNotes(t *parse.Table) (bool, string, []string) {
	dated := false
	for _, c := range t.Columns {
		dated = dated || c.Field == FieldDate
	}
	var notes []string
	// A "金额单位：万元" line above the header states the amounts' unit.
	titleUnit := ""
	if u := parse.TitleUnit(t.Title, domain.BuiltinUnits()); u == "元" || u == "万元" || u == "亿元" {
		titleUnit = u
	}
	for _, c := range t.Columns {
		switch {
		case c.Field == FieldDate:
			notes = append(notes, fmt.Sprintf("期间取自“%s”列（%s列）的月份。", c.Header, c.Col))
		case c.Field == FieldAmount && c.Unit == "" && titleUnit != "":
			notes = append(notes, fmt.Sprintf("金额列“%s”（%s列）按表头上方注明的“%s”计。", c.Header, c.Col, titleUnit))
		case c.Field == FieldAmount && c.Unit == "":
			notes = append(notes, fmt.Sprintf("金额列“%s”（%s列）没有注明单位，按元计（支付系统导出的惯例）；如为万元，请把表头改为“%s（万元）”。", c.Header, c.Col, c.Header))
		}
	}
	return dated, titleUnit, notes
}

// candidates validates every row of the table into candidate payments,
// counting the total rows and the rows read in sum; it returns the
// candidates and a note for each row skipped as not a payment.
func (l *Loader) candidates(t *parse.Table, opts Options, titleUnit string, fail func(int, parse.Row, parse.Field, string, ...any), sum *Summary) ([]cand, []string) {
	var notes []string
	var cands []cand
	for i, r := range t.Rows {
		if isTotalRow(r) {
			sum.TotalRows++
			continue
		}
		// A row with neither an amount nor a function code is not a
		// payment: a footer (制表人：…, 打印日期：…) or a note. Listed.
		if r.Text(FieldAmount) == "" && r.Text(FieldFunction) == "" {
			text := r.Lead
			for _, f := range []parse.Field{FieldUnit, FieldNote, FieldProject} {
				if text == "" {
					text = r.Text(f)
				}
			}
			notes = append(notes, fmt.Sprintf("跳过第%d行“%s”：没有金额和功能科目，不是支付数据（表尾或说明）。", r.Row, text))
			continue
		}
		sum.Read++
		p, ok := l.row(i, r, opts, titleUnit, fail)
		if ok {
			cands = append(cands, cand{p: p, row: r, index: i})
		}
	}
	return cands, notes
}

// checkWithinFile checks the candidates against each other: a key given
// twice must agree (an equal repeat is counted in sum.Duplicates and
// dropped) and a 累计 amount must not fall. It returns the candidates with
// repeats dropped.
func checkWithinFile(cands []cand, sum *Summary, fail func(int, parse.Row, parse.Field, string, ...any)) []cand {
	// Within the file: a key given twice must agree; 累计 must not fall.
	seen := map[string]int{}
	var uniq []cand
	for _, c := range cands {
		k := c.p.Key()
		if j, dup := seen[k]; dup {
			prev := uniq[j]
			if math.Abs(prev.p.Amount-c.p.Amount) > 1e-9 {
				fail(c.index, c.row, FieldAmount, "与第%d行是同一单位、科目、项目、资金来源和期间，但金额不同（%s 与 %s），请删去错误的一行",
					prev.row.Row, budget.FormatAmount(prev.p.Amount), budget.FormatAmount(c.p.Amount))
			} else {
				sum.Duplicates++
			}
			continue
		}
		seen[k] = len(uniq)
		uniq = append(uniq, c)
	}
	byKey := map[string][]cand{}
	for _, c := range uniq {
		if c.p.ValueType != budget.ValueYTD {
			continue
		}
		k := c.p
		k.From, k.To = 0, 0
		byKey[k.Key()] = append(byKey[k.Key()], c)
	}
	for _, list := range byKey {
		sort.Slice(list, func(i, j int) bool { return list[i].p.To < list[j].p.To })
		for i := 1; i < len(list); i++ {
			if list[i].p.Amount < list[i-1].p.Amount-1e-9 {
				fail(list[i].index, list[i].row, FieldAmount, "累计金额 %s 小于第%d行 1—%d月的累计 %s：累计数不能减少，请核对期间和金额（冲销请按当月负数填报）",
					budget.FormatAmount(list[i].p.Amount), list[i-1].row.Row, list[i-1].p.To, budget.FormatAmount(list[i-1].p.Amount))
			}
		}
	}
	return uniq
}

// write appends the payments that differ from the stored ones, recorded
// at started by opts.RecordedBy, and records the batch; it completes sum.
func (l *Loader) write(ctx context.Context, t *parse.Table, uniq []cand, sum *Summary, name string, started time.Time, opts Options) (*Summary, error) {
	stored, err := l.st.Payments(ctx, l.b.Year, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("read stored payments: %w", err)
	}
	cur := map[string]float64{}
	for _, p := range stored {
		cur[p.Key()] = p.Amount
	}
	now := started
	var rows []budget.Payment
	for _, c := range uniq {
		if v, ok := cur[c.p.Key()]; ok && math.Abs(v-c.p.Amount) <= 1e-9 {
			sum.Unchanged++
			continue
		}
		c.p.RecordedAt, c.p.RecordedBy = now, opts.RecordedBy
		rows = append(rows, c.p)
	}
	if len(rows) > 0 {
		if _, err := l.st.AppendPayments(ctx, rows); err != nil {
			return nil, fmt.Errorf("write payments: %w", err)
		}
	}
	sum.Loaded = len(rows)
	sum.BatchID = newBatchID(now)
	sum.EndedAt = time.Now()
	if err := l.st.RecordBatch(ctx, store.Batch{ID: sum.BatchID, Source: name, Kind: "payments", Checksum: t.Checksum,
		Read: sum.Read, Loaded: sum.Loaded, Unchanged: sum.Unchanged, StartedAt: started, EndedAt: sum.EndedAt, By: opts.RecordedBy}); err != nil {
		return sum, fmt.Errorf("record batch: %w", err)
	}
	return sum, nil
}

// rowCheck holds the state the steps of row share: the row, the payment
// being built and whether every check so far passed.
type rowCheck struct {
	l    *Loader
	i    int
	r    parse.Row
	p    budget.Payment
	ok   bool
	fail func(int, parse.Row, parse.Field, string, ...any)
}

// bad reports a problem in field f of the row and marks the row invalid.
func (c *rowCheck) bad(f parse.Field, format string, args ...any) {
	c.fail(c.i, c.r, f, format, args...)
	c.ok = false
}

// row validates one row into a payment.
func (l *Loader) row(i int, r parse.Row, opts Options, titleUnit string, fail func(int, parse.Row, parse.Field, string, ...any)) (budget.Payment, bool) {
	c := &rowCheck{l: l, i: i, r: r, ok: true, fail: fail}
	c.p = budget.Payment{Year: l.b.Year, File: r.File, Row: r.Row, Note: r.Text(FieldNote)}
	c.unit(opts)
	c.functionCode()
	c.economicCode()
	c.projectAndSource()
	if !c.periodAndType() {
		return c.p, false
	}
	c.amount(titleUnit)
	p, bad := c.p, c.bad
	if c.ok {
		if err := budget.ValidatePayment(p); err != nil {
			bad(FieldPeriod, "这一行无法导入（%s），请核对", msg.Text(err))
		}
	}
	return p, c.ok
}

// unit checks the budget unit (by name or code; reporters only their own)
// into p.Unit.
func (c *rowCheck) unit(opts Options) {
	l, r, p, bad := c.l, c.r, &c.p, c.bad
	// Unit.
	unitField := FieldUnit
	if r.Text(FieldUnit) == "" && r.Text(FieldUnitCode) != "" {
		unitField = FieldUnitCode
	}
	if u, found := matchUnit(l.b, r.Text(FieldUnit), r.Text(FieldUnitCode)); !found {
		if r.Text(FieldUnit) == "" && r.Text(FieldUnitCode) == "" {
			bad(FieldUnit, "缺少预算单位，请填写单位名称或代码")
		} else {
			txt := r.Text(unitField)
			bad(unitField, "预算单位“%s”不是本部门 %d 年的预算单位（%s），请填写单位全称、简称或代码", txt, l.b.Year, unitNames(l.b.Units))
		}
	} else if opts.OnlyUnit != "" && u.Code != opts.OnlyUnit {
		bad(FieldUnit, "只能导入本单位的支付数据，这一行是“%s”的", u.Name)
	} else {
		p.Unit = u.Code
	}
}

// functionCode checks the function classification code (3, 5 or 7 digits,
// its class in the budget) into p.FunctionCode.
func (c *rowCheck) functionCode() {
	l, r, p, bad := c.l, c.r, &c.p, c.bad
	// Function code.
	fc := leadingCode.FindStringSubmatch(r.Text(FieldFunction))
	switch {
	case fc == nil:
		bad(FieldFunction, "功能分类科目编码“%s”无法识别，请填写 3、5 或 7 位数字编码，如 201、20104、2010401", r.Text(FieldFunction))
	case len(fc[1]) != 3 && len(fc[1]) != 5 && len(fc[1]) != 7:
		bad(FieldFunction, "功能分类科目编码“%s”应为 3（类）、5（款）或 7（项）位数字", fc[1])
	case !l.hasFunctionClass(fc[1]):
		bad(FieldFunction, "功能分类科目“%s”所属的类（%s）不在本部门 %d 年预算中；如已调整预算，请先导入调整后的预算表", fc[1], fc[1][:3], l.b.Year)
	default:
		p.FunctionCode = fc[1]
	}
}

// economicCode checks the optional economic classification code (3 or 5
// digits) into p.EconomicCode.
func (c *rowCheck) economicCode() {
	r, p, bad := c.r, &c.p, c.bad
	// Economic code (optional).
	if s := r.Text(FieldEconomic); s != "" && !parse.IsMissing(s) {
		ec := leadingCode.FindStringSubmatch(s)
		if ec == nil || len(ec[1]) != 3 && len(ec[1]) != 5 {
			bad(FieldEconomic, "经济分类科目编码“%s”应为 3 位（类）或 5 位（款）数字，如 302、30217", s)
		} else {
			p.EconomicCode = ec[1]
		}
	}
}

// projectAndSource reads the optional project into p.Project and the
// source of funds into p.Source (default the project's source, else 本年).
func (c *rowCheck) projectAndSource() {
	l, r, p, bad := c.l, c.r, &c.p, c.bad
	// Project (optional) and source.
	var projLine *budget.Line
	if s := r.Text(FieldProject); s != "" && !parse.IsMissing(s) {
		if pl, found := l.project(s); found {
			p.Project, projLine = pl.Code, &pl
		} else {
			p.Project = strings.Join(strings.Fields(s), " ")
		}
	}
	src, err := budget.ParseSource(r.Text(FieldSource))
	if err != nil {
		// Exports write the source in many ways (上年结转资金, 年初预算…);
		// a recognisable word decides, anything else only in 资金来源 is an error.
		switch t := r.Text(FieldSource); {
		case strings.Contains(t, "结转") || strings.Contains(t, "结余"):
			src, err = budget.SourceCarryover, nil
		case strings.Contains(t, "本年") || strings.Contains(t, "当年") || strings.Contains(t, "年初") || strings.Contains(t, "追加"):
			src, err = budget.SourceCurrent, nil
		case normHeader(r.Cell(FieldSource).Header) != "资金来源":
			src, err = "", nil
		}
	}
	switch {
	case err != nil:
		bad(FieldSource, "%s", msg.Text(err))
	case src == "" && projLine != nil && projLine.Source != "":
		p.Source = projLine.Source
	case src == "":
		p.Source = budget.SourceCurrent
	default:
		p.Source = src
	}
}

// periodAndType reads the period (the period column, else the month of
// the payment date) into p.From and p.To and the 口径 into p.ValueType. It
// reports false when the row cannot be read further.
func (c *rowCheck) periodAndType() bool {
	l, r, p, bad := c.l, c.r, &c.p, c.bad
	// Period and 口径: the period column, else the month of the payment date.
	ptxt, pfield := r.Text(FieldPeriod), FieldPeriod
	if ptxt == "" && r.Cell(FieldDate).Present() {
		ptxt, pfield = r.Text(FieldDate), FieldDate
		if m, okDate := dateMonth(ptxt); okDate {
			ptxt = m
		}
		if ptxt == "" {
			bad(FieldDate, "缺少支付日期，请填写如 2024-06-15")
			return false
		}
	}
	vtWord := ""
	if m := vtSuffix.FindStringSubmatch(ptxt); m != nil {
		vtWord, ptxt = m[1], strings.TrimSpace(strings.TrimSuffix(ptxt, m[0]))
	}
	pp, err := parse.ParsePeriod(ptxt)
	if err != nil {
		bad(pfield, "%s", msg.Text(err))
		return false
	}
	if pp.Period.Year != l.b.Year {
		bad(pfield, "期间“%s”不在 %d 年度，本预算只接受 %d 年的支付数据（其他年度请用 -year 指定）", r.Text(pfield), l.b.Year, l.b.Year)
		return false
	}
	p.From, p.To = pp.Period.From, pp.Period.To
	vt, err := parse.ParseValueType(r.Text(FieldValueType))
	if err != nil {
		bad(FieldValueType, "%s", msg.Text(err))
		return false
	}
	if vt == "" && vtWord != "" {
		vt, _ = parse.ParseValueType(vtWord)
	}
	if vt == "" {
		if h := r.Cell(FieldAmount).Header; strings.Contains(h, "累计") {
			vt = "ytd"
		} else if strings.Contains(h, "本月") || strings.Contains(h, "当月") {
			vt = "period"
		}
	}
	if vt == "" {
		vt = pp.DefaultValueType()
	}
	switch vt {
	case "ytd":
		p.ValueType = budget.ValueYTD
		if p.From != 1 {
			bad(FieldPeriod, "累计数应从1月起算，期间“%s”不是从1月开始；如为当月数请在“口径”列写“当月”", r.Text(FieldPeriod))
		}
	default:
		p.ValueType = budget.ValuePeriod
	}
	return true
}

// amount reads the amount, in 万元 (the cell's unit, else the header's,
// else the title's, else 元), into p.Amount.
func (c *rowCheck) amount(titleUnit string) {
	r, p, bad := c.r, &c.p, c.bad
	// Amount.
	atxt := r.Text(FieldAmount)
	n, err := parse.ParseNumber(amountText(atxt), domain.BuiltinUnits())
	switch {
	case err != nil:
		bad(FieldAmount, "%s", msg.Text(err))
	case n.Missing:
		bad(FieldAmount, "缺少金额：没有支出请填 0")
	default:
		unit := n.Unit
		if unit == "" {
			unit = r.HeaderUnit[FieldAmount]
		}
		if unit == "" {
			unit = titleUnit
		}
		var scale float64
		switch unit {
		case "元":
			scale = 1e-4
		case "万元":
			scale = 1
		case "亿元":
			scale = 1e4
		case "":
			scale = 1e-4 // exports state amounts in 元 (stated in the summary)
		default:
			bad(FieldAmount, "金额的单位“%s”不是货币单位，请用 元 或 万元", unit)
		}
		p.Amount = n.Value * scale
		if p.ValueType == budget.ValueYTD && p.Amount < 0 {
			bad(FieldAmount, "累计金额不能为负数；冲销、退款请按当月负数填报")
		}
	}
}

func (l *Loader) hasFunctionClass(code string) bool {
	for _, ln := range l.b.Lines {
		if ln.Table == "功能分类" && ln.Code == code[:3] {
			return true
		}
	}
	return false
}

// project resolves a project cell by line code or name (quotes and spaces ignored).
func (l *Loader) project(s string) (budget.Line, bool) {
	norm := func(x string) string {
		x = strings.Join(strings.Fields(x), "")
		return strings.NewReplacer("“", "", "”", "", "\"", "", "「", "", "」", "").Replace(x)
	}
	n := norm(s)
	for _, ln := range l.b.Lines {
		if ln.Table != "项目" || ln.Parent == "" {
			continue
		}
		if m, err := budget.ParseMatch(ln.Match); err != nil || len(m.NamedProjects()) == 0 {
			continue // the remainder line is not a project name
		}
		if s == ln.Code || n == norm(ln.Name) {
			return ln, true
		}
	}
	return budget.Line{}, false
}

func unitNames(units []budget.Unit) string {
	var names []string
	for _, u := range units {
		names = append(names, u.Name)
	}
	return strings.Join(names, "、")
}

func newBatchID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "pay-" + now.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b)
}

// IsUserError reports whether err is for users' eyes (a whole-file problem
// or a rejected load) rather than a storage failure.
func IsUserError(err error) bool {
	var fe *parse.FileError
	return errors.As(err, &fe) || errors.Is(err, load.ErrRejected)
}

// isTotalRow reports a 合计/小计/总计 row: its unit cell, or the row's first
// non-blank cell (a 序号 column), is such a word, possibly followed by
// a colon or a bracket ("合计：", "合计（元）").
func isTotalRow(r parse.Row) bool {
	for _, t := range []string{r.Text(FieldUnit), r.Lead} {
		t = strings.Join(strings.Fields(t), "")
		if totalWords[t] {
			return true
		}
		for w := range totalWords {
			if rest, ok := strings.CutPrefix(t, w); ok && rest != "" && strings.ContainsRune(":：(（[【", []rune(rest)[0]) {
				return true
			}
		}
	}
	return false
}

// sumByKey sums single payments of one key (unit, codes, project, source,
// month): refunds and corrections (negative rows) net against payments.
func sumByKey(cs []cand) []cand {
	idx := map[string]int{}
	count := map[string]int{}
	var out []cand
	for _, c := range cs {
		k := c.p.Key()
		count[k]++
		if j, ok := idx[k]; ok {
			out[j].p.Amount += c.p.Amount
			continue
		}
		idx[k] = len(out)
		out = append(out, c)
	}
	for i := range out {
		if n := count[out[i].p.Key()]; n > 1 {
			out[i].p.Note = fmt.Sprintf("%d笔支付合计", n)
		}
		// Sums of amounts in 元 carry float noise: keep cents.
		out[i].p.Amount = math.Round(out[i].p.Amount*1e6) / 1e6
	}
	return out
}

var (
	reDate    = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT].*)?$`)
	reDateNum = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:\d{6})?$`)
)

// dateMonth reads a payment date (2024-06-15, 2024/6/15, 2024年6月15日,
// 20240615, with or without a time) as its month "2024-06".
func dateMonth(s string) (string, bool) {
	s = strings.TrimSpace(s)
	m := reDate.FindStringSubmatch(s)
	if m == nil {
		m = reDateNum.FindStringSubmatch(s)
	}
	if m == nil {
		return "", false
	}
	var y, mo, d int
	fmt.Sscan(m[1], &y)
	fmt.Sscan(m[2], &mo)
	fmt.Sscan(m[3], &d)
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d", y, mo), true
}

// normName tidies a unit name for comparison: full-width forms narrowed,
// spaces, brackets and quotes dropped.
func normName(s string) string {
	s = strings.Join(strings.Fields(parse.Narrow(s)), "")
	return strings.NewReplacer("(", "", ")", "", "（", "", "）", "", "【", "", "】", "", "[", "", "]", "", "“", "", "”", "", "\"", "").Replace(s)
}

// normHeader is a header without spaces or a unit in brackets.
func normHeader(h string) string {
	n, _ := parse.SplitHeaderUnit(h, domain.BuiltinUnits())
	return strings.Join(strings.Fields(n), "")
}

// cityPrefix matches a leading city name ("包头市"), which exports may omit.
var cityPrefix = regexp.MustCompile(`^[\p{Han}]{2,3}市`)

// matchUnit finds a budget unit by its full name, short name or code; by
// the department's own name for the 本级 unit ("包头市工业和信息化局" is
// "包头市工业和信息化局本级"); with or without the city prefix; by either
// part of a "code-name" cell; else by the unit code column.
func matchUnit(b *budget.Budget, name, code string) (budget.Unit, bool) {
	forms := func(u budget.Unit) []string {
		out := []string{normName(u.Code), normName(u.Name), normName(u.ShortName)}
		if u.Kind == "本级" {
			out = append(out, normName(strings.TrimSuffix(u.Name, "本级")), normName(b.Department), normName(b.Department)+"本级")
		}
		for _, f := range out[1:] {
			if p := cityPrefix.FindString(f); p != "" && len(f) > len(p)+3 {
				out = append(out, strings.TrimPrefix(f, p))
			}
		}
		return out
	}
	try := func(s string) (budget.Unit, bool) {
		n := normName(s)
		if n == "" {
			return budget.Unit{}, false
		}
		for _, u := range b.Units {
			for _, f := range forms(u) {
				if f != "" && f == n {
					return u, true
				}
			}
		}
		return budget.Unit{}, false
	}
	for _, s := range []string{name, code} {
		if u, ok := try(s); ok {
			return u, true
		}
		// "401001-包头市大数据中心", "401001 包头市大数据中心".
		if m := codeName.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
			if u, ok := try(m[2]); ok {
				return u, true
			}
			if u, ok := try(m[1]); ok {
				return u, true
			}
		}
	}
	return budget.Unit{}, false
}

var codeName = regexp.MustCompile(`^\[?([0-9A-Za-z.]+)\]?\s*[-－—_:：\s]\s*(.+)$`)

// amountText strips what finance exports put around an amount: a currency
// sign (¥ ￥) and accounting brackets for a negative, "(500.00)" = -500.00.
func amountText(s string) string {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimLeft(t, "¥￥"))
	for _, p := range [][2]string{{"(", ")"}, {"（", "）"}} {
		if inner, ok := strings.CutPrefix(t, p[0]); ok {
			if inner, ok = strings.CutSuffix(inner, p[1]); ok {
				inner = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(inner), "¥￥"))
				if inner != "" && inner[0] != '-' {
					return "-" + inner
				}
			}
		}
	}
	return t
}
