package parse_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

// Seed corpora live in testdata/fuzz/<FuzzName>; these f.Add calls add the
// everyday forms so `go test` alone exercises them. Run one fuzzer with
//
//	go test ./internal/parse -run '^$' -fuzz '^FuzzReadCSV$' -fuzztime=15s
//
// FuzzReadXLSX is slow (every input is a zip archive); add
// -fuzzminimizetime=3s or minimising a new input takes a minute.

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1234.5", "1,234.5", "1，234.5", "４,５２０,０００", "－１２３．４", "123.4万元", "15%", "—", "N/A", "12a", "1e309", "1,23", "-.5E-3吨", "(万元)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parse.ParseNumber(s, domain.BuiltinUnits())
		if err != nil {
			if msg.Text(err) == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if n.Missing {
			if !parse.IsMissing(s) {
				t.Fatalf("ParseNumber(%q) missing but IsMissing false", s)
			}
			return
		}
		if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
			t.Fatalf("ParseNumber(%q) = %v", s, n.Value)
		}
		if n.Unit != "" && !domain.BuiltinUnits().Known(n.Unit) {
			t.Fatalf("ParseNumber(%q) unit %q unknown", s, n.Unit)
		}
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2024-03", "2024/3", "202403", "2024年3月", "2024.03", "2024年1-3月", "2024年1—3月", "2024年1~3月",
		"2024年一季度", "2024Q1", "2024-01~05", "2024年十二月", "2024-03-01T00:00:00", "2024年上半年", "9999年99月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parse.ParsePeriod(s)
		if err != nil {
			return
		}
		if !p.Period.Valid() {
			t.Fatalf("ParsePeriod(%q) = %+v, not a valid period", s, p.Period)
		}
		if vt := p.DefaultValueType(); vt == domain.ValueYTD && p.Period.From != 1 {
			t.Fatalf("ParsePeriod(%q) = %+v defaults to 累计 but does not start in January", s, p.Period)
		}
	})
}

func FuzzUnits(f *testing.F) {
	for _, s := range []string{"万元", "（万元）", "单位：亿元", "数值（万元）", "产值(亿元)", "万tce", "％", "((吨))", "单位:(万吨)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u := parse.NormalizeUnit(s)
		if again := parse.NormalizeUnit(u); again != u {
			t.Fatalf("NormalizeUnit not idempotent: %q → %q → %q", s, u, again)
		}
		name, unit := parse.SplitHeaderUnit(s, domain.BuiltinUnits())
		if unit != "" && !domain.BuiltinUnits().Known(unit) {
			t.Fatalf("SplitHeaderUnit(%q) unit %q unknown", s, unit)
		}
		if len(name) > len(s)*3+3 {
			t.Fatalf("SplitHeaderUnit(%q) grew the name to %q", s, name)
		}
		_, _ = parse.ParseValueType(s)
	})
}

// checkResult asserts what every successful read must satisfy.
func checkResult(t *testing.T, res *parse.Result, name string) {
	t.Helper()
	for _, r := range res.Records {
		if r.File != name || r.Row < 1 {
			t.Fatalf("record %+v: file or row wrong", r)
		}
		if r.Value.Present() && r.Where(r.Value) == "" {
			t.Fatalf("record %+v has no location", r)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("指标名称,地区,期间,数值（万元）\n稀土产业产值,包头市,2024年1-5月,\"4,520,000\"\n"))
	f.Add(gbk(f, "标题\n指标,单位,期间,数值\nA,东河区,2024-03,1\n"))
	f.Add([]byte("\xef\xbb\xbfindicator\tperiod\tvalue\nx\t2024-03\t1\n"))
	f.Add([]byte("指标名称,地区,期间,数值（万元）,\n,,,当月,累计\nA,东河区,2024-03,10,30\n"))
	f.Add([]byte("\"a\nb\",期间,数值\n\"x\",2024-03,\"1\n"))
	// Wide statistics tables: indicators in rows, regions in rows.
	f.Add([]byte("2024年1—10月主要指标\n指标名称,计量单位,绝对数,,增长（%）,\n,,10月,1—10月,10月,1—10月\n规模以上工业增加值,%,—,—,8.5,12.3\n  其中：稀土,万元,1,2,3,4\n注：x\n"))
	f.Add([]byte("2024年1-9月\n单位：亿元\n地区,规上工业总产值,,位次\n,1-9月份,增长(%),\n全市,1,2,3\n昆区,1,—,1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := parse.ReadCSV(bytes.NewReader(b), "f.csv")
		if err != nil {
			if !strings.Contains(msg.Text(err), "f.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		checkResult(t, res, "f.csv")
	})
}

func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`[{"indicator":"x","period":"2024-03","value":1.5}]`))
	f.Add([]byte(`{"rows":[{"指标名称":"稀土产业产值","期间":"2024年1-5月","数值（万元）":"4,520,000","单位":"万元"}]}`))
	f.Add([]byte(`{"rows":[{"indicator":"x","period":"2024-03","value":{"a":[1,2]},"当月":null,"累计":true}]}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := parse.ReadJSON(bytes.NewReader(b), "f.json")
		if err != nil {
			if !strings.Contains(msg.Text(err), "f.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		checkResult(t, res, "f.json")
	})
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(mergedWorkbook(f))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := parse.ReadXLSX(bytes.NewReader(b), "f.xlsx")
		if err != nil {
			if !strings.Contains(msg.Text(err), "f.xlsx") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		checkResult(t, res, "f.xlsx")
	})
}
