package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writePlan(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const planSnippet = "（二）做强两大旗帜型产业\n\n2025年力争稀土产业产值突破1200亿元，硅产业产值达到２５００亿元。力争到2027年，稀土产业产值达到2000亿元。"

func TestExtractJSONMapsToTheCatalogue(t *testing.T) {
	path := writePlan(t, "2025年工作要点.txt", planSnippet)
	code, out, errOut := runCmd("extract", "-json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Year      int `json:"year"`
		Proposals []struct {
			Indicator  string  `json:"indicator"`
			Value      float64 `json:"value"`
			Unit       string  `json:"unit"`
			Aspiration bool    `json:"aspiration"`
			Section    string  `json:"section"`
		} `json:"proposals"`
		Flagged []struct {
			Year int `json:"year"`
		} `json:"flagged"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if res.Year != 2025 || len(res.Proposals) != 2 || len(res.Flagged) != 1 || res.Flagged[0].Year != 2027 {
		t.Fatalf("got %+v", res)
	}
	if p := res.Proposals[0]; p.Indicator != "rare_earth.output_value" || p.Value != 1200 || p.Unit != "亿元" || !p.Aspiration || p.Section != "（二）做强两大旗帜型产业" {
		t.Errorf("first proposal %+v", p)
	}
	if p := res.Proposals[1]; p.Indicator != "silicon.output_value" || p.Value != 2500 {
		t.Errorf("second proposal %+v", p)
	}
}

func TestExtractTableAndErrors(t *testing.T) {
	path := writePlan(t, "plan.txt", planSnippet)
	code, out, _ := runCmd("extract", "-year", "2025", path)
	if code != 0 || !strings.Contains(out, "稀土产业产值 ≥1200亿元（力争）") || !strings.Contains(out, "其他年份的目标 1 条") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if code, _, errOut := runCmd("extract", filepath.Join(t.TempDir(), "none.txt")); code != exitError || !strings.Contains(errOut, "读不到文件") {
		t.Errorf("missing file: exit %d %q", code, errOut)
	}
	if code, _, _ := runCmd("extract"); code != exitUsage {
		t.Errorf("no file: exit %d", code)
	}
}

func TestExtractShowsTheStretchLevel(t *testing.T) {
	path := writePlan(t, "plan.txt", "2025年工作要点\n规上工业增加值确保增长6%、力争7%。")
	code, out, _ := runCmd("extract", path)
	if code != 0 || !strings.Contains(out, "规上工业增加值增长 ≥6%，力争7%") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}
