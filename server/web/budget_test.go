package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func multipartFields(t *testing.T, name string, data []byte, kv ...string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(kv); i += 2 {
		_ = w.WriteField(kv[i], kv[i+1])
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return buf.String(), w.FormDataContentType()
}

const paymentsCSV = "预算单位,功能分类科目编码,经济分类科目编码,项目名称,资金来源,期间,金额（元）\n" +
	"局本级,2010401,30101,,本年,2024年1-6月 累计,\"15,000,000\"\n" +
	"局本级,2010401,30217,,本年,2024年1-6月 累计,14000\n" +
	"局本级,2150899,,“蒙企通”民营企业综合服务平台运维费,,2024年1-6月,0\n"

type budgetAPI struct {
	Year        int  `json:"year"`
	Month       int  `json:"month"`
	HasPayments bool `json:"has_payments"`
	Total       struct {
		Budget          *float64 `json:"budget"`
		Spent           float64  `json:"spent"`
		ExecutionPct    *float64 `json:"execution_pct"`
		TimeProgressPct float64  `json:"time_progress_pct"`
		GapPP           *float64 `json:"gap_pp"`
		Status          string   `json:"status"`
		Sentence        string   `json:"sentence"`
	} `json:"total"`
	Lines []struct {
		Code     string  `json:"code"`
		Name     string  `json:"name"`
		Group    string  `json:"group"`
		Spent    float64 `json:"spent"`
		Status   string  `json:"status"`
		Color    string  `json:"color"`
		Sentence string  `json:"sentence"`
	} `json:"lines"`
	Paragraph   string `json:"paragraph"`
	Consistency []struct {
		Rule string `json:"rule"`
	} `json:"consistency"`
}

// TestBudgetThroughTheServer uploads payments as an analyst and reads the
// execution back from the API, the page and an export.
func TestBudgetThroughTheServer(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "analyst", "")
	// Before any payment: the page says so, the API has no data.
	resp, page := e.do(t, "GET", "/budget", "", "Cookie", ck)
	if resp.StatusCode != 200 || !strings.Contains(page, "尚未导入2024年的支付数据") {
		t.Fatalf("empty budget page: %d %s", resp.StatusCode, page)
	}
	body, ct := multipartFields(t, "支付1-6月.csv", []byte(paymentsCSV), "csrf", csrf, "year", "2024")
	resp, page = e.do(t, "POST", "/budget/payments", body, "Cookie", ck, "Content-Type", ct)
	if resp.StatusCode != 200 || !strings.Contains(page, "新增 3 条") {
		t.Fatalf("upload: %d %s", resp.StatusCode, page)
	}
	_, raw := e.do(t, "GET", "/api/v1/budget?year=2024", "", "Cookie", ck)
	var api budgetAPI
	if err := json.Unmarshal([]byte(raw), &api); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	// 1501.4 / 3151.93 = 47.6% at June (50%): 2.4 behind.
	if api.Month != 6 || !api.HasPayments || api.Total.Sentence != "1—6月支出1501.4万元，支出进度47.6%，低于序时进度2.4个百分点" ||
		!eq(api.Total.GapPP, -2.4) || api.Total.TimeProgressPct != 50 {
		t.Fatalf("total %+v", api.Total)
	}
	groups := map[string]bool{}
	var reception, mengqi string
	for _, l := range api.Lines {
		groups[l.Group] = true
		if l.Code == "sg.reception" {
			reception = l.Status + " " + l.Sentence
		}
		if l.Code == "prj.mengqitong" {
			mengqi = l.Color
		}
	}
	for _, g := range []string{"unit", "function", "project", "ceiling"} {
		if !groups[g] {
			t.Errorf("no %s lines in the API", g)
		}
	}
	if reception != "over 1—6月支出1.4万元，超预算0.13万元（预算1.27万元）" || mengqi != "red" {
		t.Errorf("公务接待费 %q, 蒙企通 %q", reception, mengqi)
	}
	if len(api.Consistency) < 8 || !strings.Contains(api.Paragraph, "公务接待费超预算0.13万元") {
		t.Errorf("consistency %d findings; paragraph %q", len(api.Consistency), api.Paragraph)
	}
	// The page shows the sentence, a chart, the warnings and the findings.
	_, page = e.do(t, "GET", "/budget?year=2024&period=2024-06", "", "Cookie", ck)
	for _, w := range []string{"低于序时进度2.4个百分点", `data-echarts-for=`, "超预算", "勾稽检查", "3151.92万元"} {
		if !strings.Contains(page, w) {
			t.Errorf("budget page lacks %q", w)
		}
	}
	// Exports: the projects table as XLSX holds the same figures.
	resp, x := e.do(t, "GET", "/export/budget/budget_projects.xlsx?year=2024", "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d %s", resp.StatusCode, x)
	}
	f, err := excelize.OpenReader(strings.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	found := false
	for _, r := range rows {
		if len(r) > 4 && strings.Contains(r[0], "蒙企通") && r[1] == "35" && r[4] == "0" {
			found = true
		}
	}
	if !found {
		t.Errorf("蒙企通 row missing from the export: %v", rows)
	}
	// The upload is audited.
	_, audit := e.do(t, "GET", "/audit", "", "Cookie", ck)
	if !strings.Contains(audit, "payments.load") {
		t.Error("the payments upload is not in the audit log")
	}
}

func TestPaymentsUploadRefusals(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "analyst", "")
	// Through the 数据导入 page with a bad row: 422, located, nothing loaded.
	bad := "预算单位,功能分类科目编码,期间,金额（万元）\n局本级,201,2024-06,1\n统计局,201,2024-06,1\n"
	body, ct := multipartFields(t, "bad.csv", []byte(bad), "csrf", csrf, "kind", "payments")
	resp, page := e.do(t, "POST", "/import", body, "Cookie", ck, "Content-Type", ct)
	if resp.StatusCode != 422 || !strings.Contains(page, "文件“bad.csv”第3行“预算单位”列（A列）") {
		t.Fatalf("bad payments via /import: %d %s", resp.StatusCode, page)
	}
	_, raw := e.do(t, "GET", "/api/v1/budget", "", "Cookie", ck)
	if !strings.Contains(raw, `"has_payments":false`) {
		t.Errorf("a rejected file loaded payments: %s", raw)
	}
	// A leader reads but may not load.
	lck, lcsrf := e.session(t, "leader", "")
	body, ct = multipartFields(t, "p.csv", []byte(paymentsCSV), "csrf", lcsrf)
	if resp, _ := e.do(t, "POST", "/budget/payments", body, "Cookie", lck, "Content-Type", ct); resp.StatusCode != 403 {
		t.Errorf("leader upload: %d, want 403", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/budget", "", "Cookie", lck); resp.StatusCode != 200 {
		t.Errorf("leader page: %d", resp.StatusCode)
	}
	// A district reporter sees no department budget.
	rck, _ := e.session(t, "reporter", "150203")
	if resp, _ := e.do(t, "GET", "/api/v1/budget", "", "Cookie", rck); resp.StatusCode != 403 {
		t.Errorf("reporter API: %d, want 403", resp.StatusCode)
	}
	// A bad period parameter is a 400 with a Chinese message.
	if resp, raw := e.do(t, "GET", "/api/v1/budget?period=2024-13", "", "Cookie", ck); resp.StatusCode != 400 || !strings.Contains(raw, "period") {
		t.Errorf("bad period: %d %s", resp.StatusCode, raw)
	}
}
