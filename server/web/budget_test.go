package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
	"time"

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
	if api.Month != 6 || !api.HasPayments || api.Total.Sentence != "1—6月支出1501.40万元，支出进度47.6%，低于序时进度2.4个百分点" ||
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
	if reception != "over 1—6月支出1.40万元，超预算0.13万元（预算1.27万元）" || mengqi != "red" {
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
	// Exports: the projects table as XLSX holds the same figures, with number
	// formats (万元 to 0.01, percentages to 0.1).
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
		if len(r) > 4 && strings.Contains(r[0], "蒙企通") && r[1] == "35.00" && r[4] == "0.0" {
			found = true
		}
	}
	if !found {
		t.Errorf("蒙企通 row missing from the export: %v", rows)
	}
	// The whole page as one workbook, one sheet per chart.
	resp, x = e.do(t, "GET", "/export/budget/all.xlsx?year=2024", "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("all.xlsx: %d %s", resp.StatusCode, x)
	}
	if f, err = excelize.OpenReader(strings.NewReader(x)); err != nil || len(f.GetSheetList()) < 5 {
		t.Errorf("all.xlsx: %v, sheets %v", err, f.GetSheetList())
	}
	// The upload is audited.
	audCk, _ := e.session(t, "auditor", "") // the audit log is the audit administrator's
	_, audit := e.do(t, "GET", "/audit", "", "Cookie", audCk)
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

func TestBudgetMonitorForm(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "analyst", "")
	body, ct := multipartFields(t, "p.csv", []byte(paymentsCSV+"局本级,2150899,,鹿城一卡通清分服务费,,2024年1-6月,1300000\n"), "csrf", csrf)
	if resp, page := e.do(t, "POST", "/budget/payments", body, "Cookie", ck, "Content-Type", ct); resp.StatusCode != 200 {
		t.Fatalf("upload: %d %s", resp.StatusCode, page)
	}
	resp, page := e.do(t, "GET", "/budget/monitor/prj.yikatong?year=2024", "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("monitor page: %d %s", resp.StatusCode, page)
	}
	for _, w := range []string{"鹿城一卡通清分服务费 绩效运行监控表（2024年1—6月）", "用款计划进度", "清分服务费率", "2.0%", "按季度拨付清分服务费补贴", "低于用款计划进度25.0个百分点"} {
		if !strings.Contains(page, w) {
			t.Errorf("monitor page lacks %q", w)
		}
	}
	resp, x := e.do(t, "GET", "/budget/monitor/prj.yikatong/form.xlsx?year=2024", "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("xlsx: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("绩效运行监控表")
	found := false
	for _, r := range rows {
		if len(r) > 3 && r[0] == "年度资金总额" && r[1] == "520.00" && r[2] == "130.00" && r[3] == "25.0%" {
			found = true
		}
	}
	if !found {
		t.Errorf("budget row missing: %v", rows)
	}
	if resp, d := e.do(t, "GET", "/budget/monitor/prj.yikatong/form.docx?year=2024", "", "Cookie", ck); resp.StatusCode != 200 || !strings.HasPrefix(d, "PK") {
		t.Errorf("docx: %d", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/budget/monitor/exp.basic", "", "Cookie", ck); resp.StatusCode != 404 {
		t.Errorf("a line without targets: %d, want 404", resp.StatusCode)
	}
}

// TestBudgetMonitorWorkflow fills a form, submits it, has another analyst
// return and then approve it; the entries reach the downloads and nothing
// enters the pending-data overlay.
func TestBudgetMonitorWorkflow(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "analyst", "")
	body, ct := multipartFields(t, "p.csv", []byte(paymentsCSV), "csrf", csrf)
	if resp, page := e.do(t, "POST", "/budget/payments", body, "Cookie", ck, "Content-Type", ct); resp.StatusCode != 200 {
		t.Fatalf("upload: %d %s", resp.StatusCode, page)
	}
	post := func(ck, csrf string, kv ...string) (int, string) {
		resp, page := e.do(t, "POST", "/budget/monitor/prj.mengqitong?year=2024", form(append([]string{"csrf", csrf}, kv...)...),
			"Cookie", ck, "Content-Type", "application/x-www-form-urlencoded")
		return resp.StatusCode, page
	}
	// Submitting with an empty indicator is refused.
	if code, page := post(ck, csrf, "action", "submit", "r0_present", "1"); code != 422 || !strings.Contains(page, "提交前请填写") {
		t.Fatalf("empty submit: %d %s", code, page)
	}
	code, page := post(ck, csrf, "action", "submit", "reason", "平台服务费年底按年支付", "measure", "11月完成验收后支付",
		"r0_present", "1", "r0_progress", "已签订服务合同，尚未付费", "r0_estimate", "12月支付1次", "r0_reason", "按年付费", "r0_measure", "按合同执行")
	if code != 200 || !strings.Contains(page, "已提交，待审核") {
		t.Fatalf("submit: %d %s", code, page)
	}
	// A submitted form is not pending data for the dashboards.
	if pend, err := e.Review.PendingObservations(t.Context(), 2024); err != nil || len(pend) != 0 {
		t.Errorf("pending overlay holds %d values (%v) while the form is submitted, want none", len(pend), err)
	}
	// The submitter cannot approve it.
	if code, page := post(ck, csrf, "action", "approve"); code != 422 || !strings.Contains(page, "不能审核自己提交的表") {
		t.Fatalf("self approval: %d %s", code, page)
	}
	ck2, csrf2 := e.session(t, "admin", "")
	if code, page := post(ck2, csrf2, "action", "return"); code != 422 || !strings.Contains(page, "退回时请填写原因") {
		t.Fatalf("return without reason: %d", code)
	}
	if code, page := post(ck2, csrf2, "action", "return", "reason", "请补充付款时间"); code != 200 || !strings.Contains(page, "已退回") {
		t.Fatalf("return: %d %s", code, page)
	}
	code, _ = post(ck, csrf, "action", "submit", "r0_present", "1", "r0_progress", "已签订合同，计划12月付费", "r0_estimate", "12月支付1次")
	if code != 200 {
		t.Fatalf("resubmit: %d", code)
	}
	if code, page := post(ck2, csrf2, "action", "approve"); code != 200 || !strings.Contains(page, "已审核通过") {
		t.Fatalf("approve: %d %s", code, page)
	}
	if code, page := post(ck, csrf, "action", "save", "r0_present", "1", "r0_progress", "x"); code != 422 || !strings.Contains(page, "锁定") {
		t.Fatalf("edit after approval: %d %s", code, page)
	}
	// The entries are in the download.
	resp, x := e.do(t, "GET", "/budget/monitor/prj.mengqitong/form.xlsx?year=2024", "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("绩效运行监控表")
	found := false
	for _, r := range rows {
		if len(r) > 5 && r[4] == "已签订合同，计划12月付费" && r[5] == "12月支付1次" {
			found = true
		}
	}
	if !found {
		t.Errorf("filled entry missing from the xlsx: %v", rows)
	}
	// Every action is audited.
	audCk, _ := e.session(t, "auditor", "") // the audit log is the audit administrator's
	_, audit := e.do(t, "GET", "/audit", "", "Cookie", audCk)
	for _, a := range []string{"perf.submit", "perf.return", "perf.approve"} {
		if !strings.Contains(audit, a) {
			t.Errorf("audit lacks %s", a)
		}
	}
}

// TestBudgetNoticeNotInBriefing checks budget execution has its own
// 预算执行情况通报 (page and Word), with the figures of 预算执行, and that the
// industrial-economy 简报 carries no department-budget text, before or after
// payments are loaded.
func TestBudgetNoticeNotInBriefing(t *testing.T) {
	e := newEnv(t, true)
	ck, csrf := e.session(t, "analyst", "")
	_, page := e.do(t, "GET", "/budget/report?year=2024", "", "Cookie", ck)
	if !strings.Contains(page, "预算执行情况通报") || !strings.Contains(page, "2024年尚无支出数据") {
		t.Fatalf("notice before payments: %s", page)
	}
	body, ct := multipartFields(t, "p.csv", []byte(paymentsCSV), "csrf", csrf)
	if resp, page := e.do(t, "POST", "/budget/payments", body, "Cookie", ck, "Content-Type", ct); resp.StatusCode != 200 {
		t.Fatalf("upload: %d %s", resp.StatusCode, page)
	}
	asof := url.QueryEscape(time.Now().Add(time.Minute).Format(time.RFC3339))
	_, page = e.do(t, "GET", "/api/v1/briefing?format=html&year=2024&period=2024-06&asof="+asof, "", "Cookie", ck)
	for _, w := range []string{"部门预算", "预算执行", "支出进度"} {
		if strings.Contains(page, w) {
			t.Errorf("the 简报 carries budget text %q", w)
		}
	}
	resp, page := e.do(t, "GET", "/budget/report?year=2024&period=2024-06&asof="+asof, "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("notice: %d %s", resp.StatusCode, page)
	}
	for _, w := range []string{"2024年1—6月部门预算执行情况", "一、总体执行情况", "1—6月支出1501.40万元，支出进度47.6%，低于序时进度2.4个百分点", "“三公”经费", "下步工作要求", "仅为草稿"} {
		if !strings.Contains(page, w) {
			t.Errorf("notice lacks %q:\n%s", w, page)
		}
	}
	resp, doc := e.do(t, "GET", "/budget/report?year=2024&period=2024-06&format=docx&asof="+asof, "", "Cookie", ck)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), ".docx") {
		t.Fatalf("notice docx: %d %v", resp.StatusCode, resp.Header)
	}
	zr, err := zip.NewReader(strings.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			text = string(b)
		}
	}
	if !strings.Contains(text, "1—6月支出1501.40万元") || !strings.Contains(text, "预算执行情况通报") {
		t.Errorf("docx lacks the notice text")
	}
}
