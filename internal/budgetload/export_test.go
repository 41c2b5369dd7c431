package budgetload_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/budget"
	"industrydash/internal/budgetload"
)

// A 国库集中支付 / 预算管理一体化 export as the payment system writes it:
// a title row, a 序号 column, the department's own name for 本级,
// "code-name" classification cells, both economic classifications, amounts
// in 元 with no unit in the header, a payment date per row, a refund as a
// negative row, payee and account columns, and a 合计 row.
const exportCSV = `包头市工业和信息化局2024年6月国库集中支付明细
序号,区划名称,单位名称,支出功能科目,政府支出经济分类,部门支出经济分类,项目名称,用途,收款方账户名称,收款方账号,支付方式,支付金额,付款日期,导入日期
1,包头市本级,包头市工业和信息化局,2010401-行政运行,50502-商品和服务支出,30217-公务接待费,,接待费,某宾馆,6222000011112222,授权支付,"8,000.00",2024-06-03,2024-07-01
2,包头市本级,包头市工业和信息化局,2010401-行政运行,50502-商品和服务支出,30217-公务接待费,,接待费退回,某宾馆,6222000011112222,授权支付,-500.00,2024-06-20,2024-07-01
3,包头市本级,包头市工业和信息化局,2010401 行政运行,50501-工资奖金津补贴,30101 基本工资,,6月工资,个人,6222000011113333,直接支付,"1,250,000.00",2024/6/10,2024-07-01
4,包头市本级,包头市大数据中心,2150550-事业运行,50502-商品和服务支出,30201-办公费,,办公用品,某公司,6222000011114444,授权支付,"3,200.50",2024年6月12日,2024-07-01
5,包头市本级,包头市大数据中心,2150550-事业运行,50502-商品和服务支出,30201-办公费,,打印纸,某公司,6222000011114444,授权支付,799.50,20240625,2024-07-01
6,包头市本级,包头市工业和信息化局,2010401-行政运行,50502-商品和服务支出,30217-公务接待费,,接待费,某饭店,6222000011115555,授权支付,"1,000.00",2024-05-28 10:20:31,2024-07-01
合计,,,,,,,,,,,"1,262,500.00",,
`

func TestPaymentSystemExport(t *testing.T) {
	for _, enc := range []string{"utf8", "gbk", "xlsx"} {
		t.Run(enc, func(t *testing.T) {
			ctx := context.Background()
			st, l, b := setup(t)
			var data []byte
			name := "支付明细.csv"
			switch enc {
			case "utf8":
				data = []byte(exportCSV)
			case "gbk":
				data = gbk(t, exportCSV)
			case "xlsx":
				data, name = exportXLSX(t), "支付明细.xlsx"
			}
			sum, err := l.LoadBytes(ctx, data, name, budgetload.Options{})
			if err != nil {
				t.Fatalf("load: %v\n%s", err, sum.Text())
			}
			text := sum.Text()
			for _, want := range []string{"6 笔支付", "合计/小计行 1 行已跳过", "按元计", "付款日期", "政府预算经济分类", "导入日期"} {
				if !strings.Contains(text, want) {
					t.Errorf("summary lacks %q:\n%s", want, text)
				}
			}
			pays, err := st.Payments(ctx, 2024, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, p := range pays {
				got[p.Unit+"/"+p.EconomicCode+"/"+strconv.Itoa(p.To)] += p.Amount
				if p.ValueType != budget.ValuePeriod || p.From != p.To {
					t.Errorf("a dated payment is the month's own amount: %+v", p)
				}
			}
			want := map[string]float64{
				"gxj/30217/6": 0.75, // 8000 − 500 元, the refund nets
				"gxj/30217/5": 0.1,
				"gxj/30101/6": 125,
				"dsj/30201/6": 0.4, // 3200.50 + 799.50 元
			}
			if len(got) != len(want) {
				t.Errorf("payments %v, want %v", got, want)
			}
			for k, v := range want {
				if d := got[k] - v; d > 1e-9 || d < -1e-9 {
					t.Errorf("%s = %v万元, want %v", k, got[k], v)
				}
			}
			// The 三公 line reads the netted 公务接待费 through May and June.
			rep, err := budget.Execute(*b, nil, pays, 6, budget.DefaultConfig())
			if err != nil {
				t.Fatal(err)
			}
			for _, ln := range rep.Lines {
				if ln.Code == "sg.reception" && (ln.Spent < 0.85-1e-9 || ln.Spent > 0.85+1e-9) {
					t.Errorf("公务接待费 spent %v万元, want 0.85", ln.Spent)
				}
			}
			// Loading the same export again changes nothing.
			again, err := l.LoadBytes(ctx, data, name, budgetload.Options{})
			if err != nil || again.Loaded != 0 || again.Unchanged != 4 {
				t.Errorf("second load: %v %+v", err, again)
			}
		})
	}
}

func exportXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	lines := strings.Split(strings.TrimSpace(exportCSV), "\n")
	for i, ln := range lines {
		var row []any
		for j, c := range splitCSV(ln) {
			// Amounts as numbers, the 付款日期 of row 1 as a real date cell.
			if j == 11 && i > 1 && c != "" {
				var v float64
				if _, err := fmtSscan(strings.ReplaceAll(c, ",", ""), &v); err == nil {
					row = append(row, v)
					continue
				}
			}
			if j == 12 && c == "2024-06-03" {
				row = append(row, time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC))
				continue
			}
			row = append(row, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.MergeCell("Sheet1", "A1", "N1"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBudgetUnitNames(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"包头市工业和信息化局", "包头市工业和信息化局本级", "包头市工业和信息化局（本级）", "工业和信息化局本级", "局本级", "gxj", "401001-包头市工业和信息化局", "包头市工业和信息化局 "} {
		t.Run(name, func(t *testing.T) {
			st, l, _ := setup(t)
			csv := "单位名称,功能分类科目编码,期间,金额（元）\n" + name + ",2010401,2024-06,10000\n"
			if sum, err := l.LoadBytes(ctx, []byte(csv), "p.csv", budgetload.Options{}); err != nil {
				t.Fatalf("%v\n%s", err, sum.Text())
			}
			pays, _ := st.Payments(ctx, 2024, time.Time{})
			if len(pays) != 1 || pays[0].Unit != "gxj" {
				t.Errorf("%q → %+v, want 局本级", name, pays)
			}
		})
	}
	st, l, _ := setup(t)
	csv := "单位编码,单位名称,功能分类科目编码,期间,金额（元）\nzfzd,某名称写错的单位,2010401,2024-06,10000\n"
	if sum, err := l.LoadBytes(ctx, []byte(csv), "p.csv", budgetload.Options{}); err != nil {
		t.Fatalf("unit by code column: %v\n%s", err, sum.Text())
	}
	if pays, _ := st.Payments(ctx, 2024, time.Time{}); len(pays) != 1 || pays[0].Unit != "zfzd" {
		t.Errorf("by code column: %+v", pays)
	}
	// A unit of another department is refused, naming the cell.
	sum, err := l.LoadBytes(ctx, []byte("单位名称,功能分类科目编码,期间,金额\n包头市统计局,2010401,2024-06,1\n"), "p.csv", budgetload.Options{})
	if err == nil || !strings.Contains(sum.Errors[0].String(), "第2行“单位名称”列（A列）") {
		t.Errorf("foreign unit: %v %+v", err, sum)
	}
}

func TestAmountWithoutUnitIsYuan(t *testing.T) {
	ctx := context.Background()
	st, l, _ := setup(t)
	sum, err := l.LoadBytes(ctx, []byte("预算单位,功能分类科目编码,期间,金额\n局本级,201,2024-06,1500\n"), "pay.csv", budgetload.Options{})
	if err != nil || !strings.Contains(sum.Text(), "按元计") {
		t.Fatalf("%v %s", err, sum.Text())
	}
	pays, _ := st.Payments(ctx, 2024, time.Time{})
	if len(pays) != 1 || pays[0].Amount != 0.15 {
		t.Errorf("1500 元 = 0.15 万元: %+v", pays)
	}
}

// TestReadmeExportExample loads the payment-system example of README.md.
func TestReadmeExportExample(t *testing.T) {
	ctx := context.Background()
	st, l, _ := setup(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i := strings.Index(text, "```csv\n序号,单位名称,")
	if i < 0 {
		t.Fatal("README has no payment-export example")
	}
	example := text[i+len("```csv\n"):]
	example = example[:strings.Index(example, "```")]
	sum, err := l.LoadBytes(ctx, []byte(example), "export.csv", budgetload.Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, sum.Text())
	}
	pays, _ := st.Payments(ctx, 2024, time.Time{})
	if len(pays) != 1 || pays[0].Unit != "gxj" || pays[0].EconomicCode != "30217" || pays[0].Amount != 0.75 || sum.TotalRows != 1 {
		t.Errorf("README says 局本级 6月公务接待费 0.75万元: %+v", pays)
	}
}
