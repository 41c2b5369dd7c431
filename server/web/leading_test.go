package web_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

type leadingResp struct {
	From, To string
	Unit     string
	Total    struct {
		Value, LastYear float64
		YoYPct          *float64 `json:"yoy_pct"`
	}
	Monthly []struct {
		Period string
		Value  *float64
	}
	ByDistrict []struct {
		Code, Name string
		Value      float64
	} `json:"by_district"`
	ByChain []struct {
		Name  string
		Value float64
	} `json:"by_chain"`
	Prices []struct {
		Name   string
		Points []struct{ Date string }
	}
}

func TestLeadingPageAndAPI(t *testing.T) {
	a, _ := newApp(t, true) // demo: 200 enterprises × 2 years to 2024-11-30
	resp, body := get(t, a, "/leading")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /leading: %d %s", resp.StatusCode, body)
	}
	page := string(body)
	if !strings.Contains(page, "示例数据") {
		t.Error("the 先行指标 demo is shown without the 示例数据 label")
	}
	if _, b := get(t, a, "/api/v1/leading"); !strings.Contains(string(b), `"demo":true`) {
		t.Error("the leading API does not flag demo data")
	}
	for _, want := range []string{"先行指标", "工业用电量 日走势", "工业用电量 月度同比", "分地区工业用电量", "分产业链工业用电量",
		"大宗原材料价格", "2024-01-01至2024-11-30，全市重点工业企业用电量", "/export/leading/leading_monthly.xlsx?", "同比",
		// The statistics bureau's monthly figure beside the per-enterprise data.
		`id="electricity-official"`, "全市工业用电量（统计口径）1—"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Electricity figures print in 亿千瓦时 once they reach 1亿 (never a
	// seven-digit 万千瓦时), and the published headline is a real figure.
	if m := regexp.MustCompile(`重点工业企业用电量([\d.]+)(亿|万)千瓦时`).FindStringSubmatch(page); m == nil || m[2] != "亿" {
		t.Errorf("enterprise total not in 亿千瓦时: %v", m)
	}
	if m := regexp.MustCompile(`全市工业用电量（统计口径）1—\d+月累计([\d.]+)亿千瓦时`).FindStringSubmatch(page); m == nil || m[1] == "0.0" {
		t.Errorf("published headline missing or zero: %v", m)
	}
	if regexp.MustCompile(`\d{7,}(\.\d+)?\s*万千瓦时`).MatchString(page) {
		t.Error("a seven-digit 万千瓦时 figure on the page")
	}

	resp, body = get(t, a, "/api/v1/leading?from=2024-01-01&to=2024-06-30")
	if resp.StatusCode != 200 {
		t.Fatalf("API: %d %s", resp.StatusCode, body)
	}
	var all leadingResp
	if err := json.Unmarshal(body, &all); err != nil {
		t.Fatal(err)
	}
	if all.Unit != "万千瓦时" || len(all.Monthly) != 6 || all.Total.YoYPct == nil || len(all.Prices) != 5 {
		t.Fatalf("API: unit %q, %d months, yoy %v, %d price series", all.Unit, len(all.Monthly), all.Total.YoYPct, len(all.Prices))
	}
	var sumDistricts, sumChains float64
	for _, d := range all.ByDistrict {
		sumDistricts += d.Value
		if d.Name == d.Code {
			t.Errorf("district %s has no name", d.Code)
		}
	}
	for _, c := range all.ByChain {
		sumChains += c.Value
	}
	if diff := sumDistricts - all.Total.Value; diff > 0.1 || diff < -0.1 {
		t.Errorf("districts sum to %v, total %v", sumDistricts, all.Total.Value)
	}
	if diff := sumChains - all.Total.Value; diff > 0.1 || diff < -0.1 {
		t.Errorf("chains sum to %v, total %v", sumChains, all.Total.Value)
	}

	// A district by name and a chain narrow the selection.
	_, body = get(t, a, "/api/v1/leading?from=2024-01-01&to=2024-06-30&district=%E6%98%86%E9%83%BD%E4%BB%91%E5%8C%BA&chain=%E9%92%A2%E9%93%81")
	var one leadingResp
	if err := json.Unmarshal(body, &one); err != nil {
		t.Fatal(err)
	}
	if len(one.ByDistrict) != 1 || one.ByDistrict[0].Code != "150203" || len(one.ByChain) != 1 || one.ByChain[0].Name != "钢铁" ||
		one.Total.Value <= 0 || one.Total.Value >= all.Total.Value {
		t.Fatalf("filtered: %+v", one)
	}

	for path, want := range map[string]string{
		"/api/v1/leading?chain=%E9%BB%84%E9%87%91":             "chain",
		"/api/v1/leading?from=2024-05-01&to=2024-04-01":        "早于",
		"/api/v1/leading?district=%E7%81%AB%E6%98%9F%E5%8C%BA": "district",
		"/api/v1/leading?from=2024-02-30":                      "不存在",
	} {
		resp, body := get(t, a, path)
		if resp.StatusCode != 400 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
		}
	}

	// Downloads hold the same numbers.
	resp, body = get(t, a, "/export/leading/leading_chain.csv?from=2024-01-01&to=2024-06-30")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "产业链") || !strings.Contains(string(body), "钢铁") {
		t.Fatalf("CSV: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, a, "/export/leading/all.xlsx?from=2024-01-01&to=2024-06-30")
	if resp.StatusCode != 200 {
		t.Fatalf("XLSX: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.GetSheetList()); n != 5 {
		t.Errorf("workbook has %d sheets, want 5", n)
	}
}

func TestLeadingPageEmpty(t *testing.T) {
	a, _ := newApp(t, false)
	resp, body := get(t, a, "/leading")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "尚未导入企业用电量数据") {
		t.Fatalf("empty page: %d %s", resp.StatusCode, body)
	}
}
