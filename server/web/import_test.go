package web_test

import (
	"bytes"
	"mime/multipart"
	"os"
	"strings"
	"testing"
)

func multipartFile(t *testing.T, csrf, name string, data []byte) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("csrf", csrf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return buf.String(), w.FormDataContentType()
}

func TestAnalystImportsAFileThroughTheServer(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "analyst", "")
	gbk, err := os.ReadFile("../../internal/load/testdata/rare_earth_gbk.csv")
	if err != nil {
		t.Fatal(err)
	}
	body, ct := multipartFile(t, csrf, "稀土1-5月.csv", gbk)
	resp, page := e.do(t, "POST", "/import", body, "Cookie", ck, "Content-Type", ct)
	if resp.StatusCode != 200 || !strings.Contains(page, "新增 3 条") {
		t.Fatalf("upload: %d %s", resp.StatusCode, page)
	}
	// The new figure shows at once: 4,520,000 万元 = 452 亿元 → 45.2% at May.
	_, api := e.do(t, "GET", "/api/v1/progress?year=2024&period=2024-05", "", "Cookie", ck)
	if !strings.Contains(api, `"completion_pct":45.2`) {
		t.Fatalf("the imported figure is not in the progress API: %s", api)
	}
	// The same file again adds nothing.
	body, ct = multipartFile(t, csrf, "稀土1-5月.csv", gbk)
	_, page = e.do(t, "POST", "/import", body, "Cookie", ck, "Content-Type", ct)
	if !strings.Contains(page, "新增 0 条") {
		t.Fatalf("second upload: %s", page)
	}
	// A bad file loads nothing and names the row and column.
	bad := []byte("指标代码,地区,期间,数值,单位\nsilicon.output_value,包头市,2024-03,100,亿元\nsilicon.output_value,包头市,2024-04,12a,亿元\n")
	body, ct = multipartFile(t, csrf, "bad.csv", bad)
	resp, page = e.do(t, "POST", "/import", body, "Cookie", ck, "Content-Type", ct)
	if resp.StatusCode != 422 || !strings.Contains(page, "第3行") || !strings.Contains(page, "数值") {
		t.Fatalf("bad file: %d %s", resp.StatusCode, page)
	}
	audCk, _ := e.session(t, "auditor", "") // the audit log is the audit administrator's
	_, audit := e.do(t, "GET", "/audit", "", "Cookie", audCk)
	if !strings.Contains(audit, "actuals.upload") {
		t.Error("the upload is not in the audit log")
	}
	// Without the CSRF token the upload is refused.
	body, ct = multipartFile(t, "wrong", "稀土1-5月.csv", gbk)
	if resp, _ := e.do(t, "POST", "/import", body, "Cookie", ck, "Content-Type", ct); resp.StatusCode != 403 {
		t.Fatalf("upload without a valid CSRF token: %d", resp.StatusCode)
	}
}

// TestImportPageOffersItsSampleFile: the 数据导入 page links its 使用说明 and
// a sample file, and the sample file imports as it is.
func TestImportPageOffersItsSampleFile(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "analyst", "")
	_, page := e.do(t, "GET", "/import", "", "Cookie", ck)
	if !strings.Contains(page, `href="#usage"`) || !strings.Contains(page, `id="usage"`) {
		t.Error("the import page does not link its 使用说明")
	}
	const sample = "/static/samples/actuals_sample.csv"
	if !strings.Contains(page, sample) {
		t.Fatal("the import page offers no sample file")
	}
	resp, data := e.do(t, "GET", sample, "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("sample file: status %d", resp.StatusCode)
	}
	body, ct := multipartFile(t, csrf, "实绩导入示例.csv", []byte(data))
	resp, page = e.do(t, "POST", "/import", body, "Cookie", ck, "Content-Type", ct)
	if resp.StatusCode != 200 || !strings.Contains(page, "新增 3 条") {
		t.Fatalf("the sample file does not import: %d %s", resp.StatusCode, page)
	}
	// The audit log names the action in Chinese, the code beside it.
	audCk, _ := e.session(t, "auditor", "") // the audit log is the audit administrator's
	_, audit := e.do(t, "GET", "/audit", "", "Cookie", audCk)
	if !strings.Contains(audit, "网页导入实绩") {
		t.Error("the audit log does not name the upload in Chinese")
	}
}

// An analyst adds an alias on the 数据导入 page; a file using that name
// then imports, and a cross-scope alias is refused with the reason.
func TestAliasOnTheImportPage(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "analyst", "")
	csv := []byte("指标名称,地区,期间,数值（亿元）\n全市规上工业产值,包头市,2024年1-3月,1500\n")
	body, ct := multipartFile(t, csrf, "a.csv", csv)
	if resp, page := e.do(t, "POST", "/import", body, "Cookie", ck, "Content-Type", ct); resp.StatusCode != 422 || !strings.Contains(page, "未知指标") {
		t.Fatalf("before the alias: %d", resp.StatusCode)
	}
	resp, page := e.do(t, "POST", "/import/alias", form("csrf", csrf, "alias", "全市规上工业产值", "indicator", "industry.output_value"), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 200 || !strings.Contains(page, "已添加别名") {
		t.Fatalf("alias: %d %s", resp.StatusCode, page)
	}
	body, ct = multipartFile(t, csrf, "a.csv", csv)
	if resp, page := e.do(t, "POST", "/import", body, "Cookie", ck, "Content-Type", ct); resp.StatusCode != 200 || !strings.Contains(page, "新增 1 条") {
		t.Fatalf("after the alias: %d %s", resp.StatusCode, page)
	}
	resp, page = e.do(t, "POST", "/import/alias", form("csrf", csrf, "alias", "工业总产值", "indicator", "industry.output_value"), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 400 || !strings.Contains(page, "不是同一口径") {
		t.Fatalf("cross-scope alias: %d", resp.StatusCode)
	}
}
