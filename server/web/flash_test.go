package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"industrydash/internal/store"
)

// withFlash adds the flash cookie a response set to the Cookie header ck,
// as a browser following the redirect would.
func withFlash(ck string, resp *http.Response) string {
	for _, c := range resp.Cookies() {
		if c.Name == "ids_flash" && c.Value != "" {
			return ck + "; ids_flash=" + c.Value
		}
	}
	return ck
}

// Issue 24, finding 6: /targets shows no text taken from the URL; a notice
// comes only from a flash the same session set, and a forged or another
// session's flash shows nothing.
func TestTargetsNoticeIsNotReflected(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	bait := "请立即拨打 400-000-0000 核实账户XYZ"
	for _, path := range []string{"/targets?year=2024&notice=" + url.QueryEscape(bait), "/targets/split?year=2024&indicator=industry.output_value&notice=" + url.QueryEscape(bait)} {
		resp, page := e.do(t, "GET", path, "", "Cookie", ck)
		if resp.StatusCode != 200 || strings.Contains(page, "XYZ") {
			t.Errorf("%s: %d, reflects the notice: %v", path, resp.StatusCode, strings.Contains(page, "XYZ"))
		}
	}
	// A flash made up by the client (or set for another session) is ignored.
	if _, page := e.do(t, "GET", "/targets?year=2024", "", "Cookie", ck+"; ids_flash=6K-35qGo5Y-3WFla.00ff"); strings.Contains(page, "XYZ") || strings.Contains(page, "核实") {
		t.Error("a forged flash cookie was shown")
	}
	resp, _ := e.do(t, "POST", "/targets/split", form("csrf", csrf, "year", "2024", "indicator", "industry.output_value", "document", "包工信发〔2024〕12号",
		"part_150203", "1500"), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 303 {
		t.Fatalf("save split: %d", resp.StatusCode)
	}
	other, _ := e.session(t, store.RoleAdmin, "")
	if _, page := e.do(t, "GET", resp.Header.Get("Location"), "", "Cookie", withFlash(other, resp)); strings.Contains(page, "已分解下达") {
		t.Error("another session's flash was shown")
	}
	if _, page := e.do(t, "GET", resp.Header.Get("Location"), "", "Cookie", withFlash(ck, resp)); !strings.Contains(page, "已分解下达") {
		t.Error("the session's own flash was not shown")
	}
}
