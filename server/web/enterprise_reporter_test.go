package web_test

import (
	"strings"
	"testing"

	"industrydash/internal/store"
)

// TestEnterpriseReporterFillsItsOwnForm: a reporter bound to an enterprise
// unit (北奔, E150204-01) sees its own named target at home, opens the
// 重点企业月报 with its lines, and is refused another enterprise's form.
func TestEnterpriseReporterFillsItsOwnForm(t *testing.T) {
	e := newEnv(t, true)
	rk, _ := e.session(t, store.RoleReporter, "E150204-01")
	resp, page := e.do(t, "GET", "/submissions?year=2024", "", "Cookie", rk)
	if resp.StatusCode != 200 || !strings.Contains(page, "本单位目标与进度") || !strings.Contains(page, `data-indicator="ev_truck.beiben_output"`) {
		t.Fatalf("北奔's home: %d, its target 北奔新能源重卡产量 missing", resp.StatusCode)
	}
	resp, page = e.do(t, "GET", "/submissions/E150204-01/2024-10", "", "Cookie", rk)
	if resp.StatusCode != 200 || !strings.Contains(page, "北奔新能源重卡产量") || !strings.Contains(page, "企业工业总产值") ||
		strings.Contains(page, "通威2000吨电子级多晶硅项目") {
		t.Fatalf("北奔's form: %d", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/submissions/E150203-01/2024-10", "", "Cookie", rk); resp.StatusCode != 403 {
		t.Fatalf("北奔 opened 通威's form: %d", resp.StatusCode)
	}
}
