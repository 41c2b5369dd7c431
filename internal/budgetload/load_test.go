package budgetload_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"industrydash/internal/budget"
	"industrydash/internal/budgetload"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/store/embedded"
	"industrydash/seeds"
)

func setup(t testing.TB) (embedded.Combined, *budgetload.Loader, *budget.Budget) {
	t.Helper()
	db, err := embedded.Open(embedded.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	st := db.Both()
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, err := seeds.BuiltinBudget(2024)
	if err != nil {
		t.Fatal(err)
	}
	return st, budgetload.New(st, b), b
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const goodCSV = `2024年部门支付明细（1—6月）
预算单位,功能分类科目编码,经济分类科目编码,项目名称,资金来源,期间,金额（元）,备注
局本级,2010401 行政运行,30101 基本工资,,本年,2024年1-6月 累计,"12,000,000.00",
大数据中心,2150550,30201,,,2024-06,"150,000",
局本级,2150899,39999,鹿城一卡通清分服务费,,2024年1-6月累计,2600000,二季度已拨付
执法支队,2111001,30217,,本年,2024-05 当月,3000,
合计,,,,,,,
`

func TestLoadPaymentsGBK(t *testing.T) {
	ctx := context.Background()
	st, l, b := setup(t)
	sum, err := l.LoadBytes(ctx, gbk(t, goodCSV), "支付明细.csv", budgetload.Options{RecordedBy: "财务科"})
	if err != nil {
		t.Fatalf("load: %v\n%s", err, sum.Text())
	}
	if sum.Read != 4 || sum.Loaded != 4 || sum.TotalRows != 1 {
		t.Errorf("summary %+v, want 4 read, 4 loaded, 1 total row skipped", sum)
	}
	pays, err := st.Payments(ctx, 2024, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]budget.Payment{}
	for _, p := range pays {
		got[p.Unit+"/"+p.FunctionCode] = p
	}
	if p := got["gxj/2010401"]; p.Amount != 1200 || p.ValueType != budget.ValueYTD || p.From != 1 || p.To != 6 || p.EconomicCode != "30101" || p.Source != budget.SourceCurrent {
		t.Errorf("局本级 row: %+v (12,000,000元 = 1200万元, 累计 1—6月)", p)
	}
	if p := got["dsj/2150550"]; p.Amount != 15 || p.ValueType != budget.ValuePeriod || p.From != 6 {
		t.Errorf("大数据中心 row: %+v (a month is 当月)", p)
	}
	if p := got["gxj/2150899"]; p.Project != "prj.yikatong" || p.Amount != 260 || p.Note != "二季度已拨付" {
		t.Errorf("project row: %+v (name resolved to the seed project)", p)
	}
	if p := got["zfzd/2111001"]; p.ValueType != budget.ValuePeriod || p.To != 5 || p.Amount != 0.3 {
		t.Errorf("当月 suffix row: %+v", p)
	}
	// Loading the same file again changes nothing.
	sum, err = l.LoadBytes(ctx, gbk(t, goodCSV), "支付明细.csv", budgetload.Options{RecordedBy: "财务科"})
	if err != nil || sum.Loaded != 0 || sum.Unchanged != 4 {
		t.Errorf("reload: %v %+v, want 0 loaded, 4 unchanged", err, sum)
	}
	// The engine reads the loaded figures.
	lines, initial := budget.Current(b.Lines)
	bb := *b
	bb.Lines = lines
	pays, _ = st.Payments(ctx, 2024, time.Time{})
	rep, err := budget.Execute(bb, initial, pays, 0, budget.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if want := "1—6月支出1475.30万元，支出进度46.8%，低于序时进度3.2个百分点"; rep.Total.Sentence != want {
		t.Errorf("total sentence %q, want %q", rep.Total.Sentence, want)
	}
}

func TestLoadPaymentsLocatesBadRows(t *testing.T) {
	ctx := context.Background()
	st, l, _ := setup(t)
	bad := "预算单位,功能分类科目编码,经济分类科目编码,项目名称,资金来源,期间,金额（万元）\n" +
		"包头市统计局,2010401,30101,,本年,2024-06,1\n" + // 2: unknown unit
		"局本级,20104011,30101,,本年,2024-06,1\n" + // 3: 8 digits
		"局本级,2130101,30101,,本年,2024-06,1\n" + // 4: class 213 not in the budget
		"局本级,2010401,30101,,明年,2024-06,1\n" + // 5: bad source
		"局本级,2010401,30101,,本年,2023-12,1\n" + // 6: other year
		"局本级,2010401,30101,,本年,2024年1-5月,100\n" + // 7
		"局本级,2010401,30101,,本年,2024年1-6月,90\n" + // 8: 累计 falls
		"局本级,2010401,30201,,本年,2024-06,abc\n" + // 9: not a number
		"大数据中心,2150550,30201,,本年,2024-06,5\n" +
		"大数据中心,2150550,30201,,本年,2024-06,6\n" + // 11: same key, other amount
		"局本级,2010401,3021,,本年,2024-06,1\n" // 12: economic code of 4 digits
	sum, err := l.LoadBytes(ctx, []byte(bad), "pay.csv", budgetload.Options{})
	if !errors.Is(err, load.ErrRejected) {
		t.Fatalf("err = %v, want ErrRejected", err)
	}
	want := []string{
		"文件“pay.csv”第2行“预算单位”列（A列）：预算单位“包头市统计局”不是本部门 2024 年的预算单位",
		"文件“pay.csv”第3行“功能分类科目编码”列（B列）：功能分类科目编码“20104011”应为 3（类）、5（款）或 7（项）位数字",
		"文件“pay.csv”第4行“功能分类科目编码”列（B列）：功能分类科目“2130101”所属的类（213）不在本部门 2024 年预算中",
		"文件“pay.csv”第5行“资金来源”列（E列）：资金来源“明年”无法识别",
		"文件“pay.csv”第6行“期间”列（F列）：期间“2023-12”不在 2024 年度",
		"文件“pay.csv”第8行“金额（万元）”列（G列）：累计金额 90.00万元 小于第7行 1—5月的累计 100.00万元",
		"文件“pay.csv”第9行“金额（万元）”列（G列）：",
		"文件“pay.csv”第11行“金额（万元）”列（G列）：与第10行是同一单位、科目、项目、资金来源和期间，但金额不同（5.00万元 与 6.00万元）",
		"文件“pay.csv”第12行“经济分类科目编码”列（C列）：经济分类科目编码“3021”应为 3 位（类）或 5 位（款）数字",
	}
	var text []string
	for _, e := range sum.Errors {
		text = append(text, e.String())
	}
	all := strings.Join(text, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in\n%s", w, all)
		}
	}
	if len(sum.Errors) != len(want) {
		t.Errorf("%d errors, want %d:\n%s", len(sum.Errors), len(want), all)
	}
	if pays, _ := st.Payments(ctx, 2024, time.Time{}); len(pays) != 0 {
		t.Errorf("a rejected file wrote %d payments", len(pays))
	}
	if !strings.Contains(sum.Text(), "未导入任何数据") {
		t.Errorf("summary text %q", sum.Text())
	}
}

func TestLoadPaymentsFileProblems(t *testing.T) {
	_, l, _ := setup(t)
	ctx := context.Background()
	_, err := l.LoadBytes(ctx, []byte("预算单位,期间,金额\n局本级,2024-06,1\n"), "pay.csv", budgetload.Options{})
	var fe *parse.FileError
	if !errors.As(err, &fe) || !strings.Contains(msg.Text(err), "缺少必需的列：功能分类科目编码") {
		t.Errorf("missing column: %v", err)
	}
	sum, err := l.LoadBytes(ctx, []byte("预算单位,功能分类科目编码,期间,金额（元）\n大数据中心,201,2024-06,1500\n"), "pay.csv", budgetload.Options{OnlyUnit: "gxj"})
	if !errors.Is(err, load.ErrRejected) || !strings.Contains(sum.Errors[0].String(), "只能导入本单位的支付数据") {
		t.Errorf("reporter of 局本级 loading 大数据中心: %v", err)
	}
}

func TestLoadPaymentsXLSX(t *testing.T) {
	ctx := context.Background()
	st, l, _ := setup(t)
	f := excelize.NewFile()
	rows := [][]any{
		{"预算单位", "功能科目", "经济科目", "项目", "资金来源", "期间", "累计支出（万元）"},
		{"gxj", "2010401", "30217", nil, "本年", "2024年1-6月", 1.4},
		{"包头市大数据中心", "2150599", "30227", "某上年结转项目", "结转", "2024年1-6月", 73.25},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sum, err := l.LoadBytes(ctx, buf.Bytes(), "支付.xlsx", budgetload.Options{})
	if err != nil || sum.Loaded != 2 {
		t.Fatalf("xlsx: %v %+v", err, sum)
	}
	pays, _ := st.Payments(ctx, 2024, time.Time{})
	if len(pays) != 2 || pays[0].Amount != 73.25 || pays[0].Source != budget.SourceCarryover || pays[0].Project != "某上年结转项目" || pays[1].ValueType != budget.ValueYTD {
		t.Errorf("payments %+v", pays)
	}
}

// TestReadmeExample loads the payments example of README.md and checks the
// figures the README quotes.
func TestReadmeExample(t *testing.T) {
	ctx := context.Background()
	st, l, b := setup(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i := strings.Index(text, "```csv\n预算单位,")
	if i < 0 {
		t.Fatal("README has no payments example")
	}
	example := text[i+len("```csv\n"):]
	example = example[:strings.Index(example, "```")]
	if _, err := l.LoadBytes(ctx, []byte(example), "example.csv", budgetload.Options{}); err != nil {
		t.Fatal(err)
	}
	pays, _ := st.Payments(ctx, 2024, time.Time{})
	rep, err := budget.Execute(*b, nil, pays, 0, budget.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var reception, yikatong string
	for _, r := range rep.Lines {
		switch r.Code {
		case "sg.reception":
			reception = r.Sentence
		case "prj.yikatong":
			yikatong = r.Sentence + " " + r.StatusLabel
		}
	}
	if !strings.Contains(text, "“"+rep.Total.Sentence+"”") {
		t.Errorf("README total sentence differs from %q", rep.Total.Sentence)
	}
	if !strings.Contains(reception, "超预算0.13万元") || !strings.Contains(yikatong, "低于用款计划进度25.0个百分点 预警") {
		t.Errorf("reception %q, 一卡通 %q", reception, yikatong)
	}
}
