package parse_test

import (
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		unit    string
		missing bool
		wantErr bool
	}{
		{in: "1234.5", want: 1234.5},
		{in: "1,234.5", want: 1234.5},
		{in: "1，234.5", want: 1234.5},
		{in: "4,520,000", want: 4520000},
		{in: "１２３．４", want: 123.4},
		{in: "－１２３．４", want: -123.4},
		{in: "−5", want: -5},
		{in: " +7 ", want: 7},
		{in: ".5", want: 0.5},
		{in: "4.52E+06", want: 4520000},
		{in: "123.4万元", want: 123.4, unit: "万元"},
		{in: "123.4 万元", want: 123.4, unit: "万元"},
		{in: "15%", want: 15, unit: "%"},
		{in: "15％", want: 15, unit: "%"},
		{in: "452（亿元）", want: 452, unit: "亿元"},
		{in: "3t", want: 3, unit: "吨"},
		{in: "", missing: true},
		{in: "  ", missing: true},
		{in: "—", missing: true},
		{in: "——", missing: true},
		{in: "-", missing: true},
		{in: "－", missing: true},
		{in: "/", missing: true},
		{in: "N/A", missing: true},
		{in: "12a", wantErr: true},
		{in: "abc", wantErr: true},
		{in: "1,23", wantErr: true},
		{in: "12,3456", wantErr: true},
		{in: "1.2.3", wantErr: true},
		{in: "123亿", wantErr: true},
		{in: "+", wantErr: true},
		{in: "1e999", wantErr: true},
		{in: "NaN", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parse.ParseNumber(tt.in, domain.BuiltinUnits())
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseNumber(%q) = %+v, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseNumber(%q): %v", tt.in, err)
			}
			if got.Missing != tt.missing || got.Value != tt.want || got.Unit != tt.unit {
				t.Errorf("ParseNumber(%q) = %+v, want value %v unit %q missing %v", tt.in, got, tt.want, tt.unit, tt.missing)
			}
		})
	}
}

func TestParseNumberErrorMessage(t *testing.T) {
	_, err := parse.ParseNumber("12a", domain.BuiltinUnits())
	want := "无法识别的数字“12a”：数字后面的“a”不是可识别的计量单位，请只填数字，或写成 123.4万元 这样的数字加单位"
	if err == nil || msg.Text(err) != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in      string
		want    domain.Period
		vt      domain.ValueType
		wantErr bool
	}{
		{in: "2024-03", want: domain.Month(2024, 3)},
		{in: "2024/3", want: domain.Month(2024, 3)},
		{in: "2024.03", want: domain.Month(2024, 3)},
		{in: "202403", want: domain.Month(2024, 3)},
		{in: "2024-03-01", want: domain.Month(2024, 3)},
		{in: "2024/3/31", want: domain.Month(2024, 3)},
		{in: "2024年3月", want: domain.Month(2024, 3)},
		{in: "2024年03月份", want: domain.Month(2024, 3)},
		{in: "2024年十二月", want: domain.Month(2024, 12)},
		{in: "２０２４年３月", want: domain.Month(2024, 3)},
		{in: "2024年1-3月", want: domain.YTD(2024, 3), vt: domain.ValueYTD},
		{in: "2024年1—3月", want: domain.YTD(2024, 3), vt: domain.ValueYTD},
		{in: "2024年1——5月", want: domain.YTD(2024, 5), vt: domain.ValueYTD},
		{in: "2024年1~3月", want: domain.YTD(2024, 3), vt: domain.ValueYTD},
		{in: "2024年1～3月", want: domain.YTD(2024, 3), vt: domain.ValueYTD},
		{in: "2024年1至5月", want: domain.YTD(2024, 5), vt: domain.ValueYTD},
		{in: "2024年1月-5月", want: domain.YTD(2024, 5), vt: domain.ValueYTD},
		{in: "2024年1-2月", want: domain.YTD(2024, 2), vt: domain.ValueYTD},
		{in: "2024年4-6月", want: domain.Period{Year: 2024, From: 4, To: 6}, vt: domain.ValuePeriod},
		{in: "2024年一季度", want: domain.Quarter(2024, 1), vt: domain.ValuePeriod},
		{in: "2024年第二季度", want: domain.Quarter(2024, 2), vt: domain.ValuePeriod},
		{in: "2024Q1", want: domain.Quarter(2024, 1), vt: domain.ValuePeriod},
		{in: "2024-q4", want: domain.Quarter(2024, 4), vt: domain.ValuePeriod},
		{in: "2024年上半年", want: domain.YTD(2024, 6), vt: domain.ValueYTD},
		{in: "2024年", want: domain.YTD(2024, 12), vt: domain.ValueYTD},
		{in: "2024-01~05", want: domain.YTD(2024, 5), vt: domain.ValueYTD},
		{in: "2024-13", wantErr: true},
		{in: "2024年5-3月", wantErr: true},
		{in: "2024年0月", wantErr: true},
		{in: "三月", wantErr: true},
		{in: "", wantErr: true},
		{in: "2024-03-45", wantErr: true},
		{in: "2024Q5", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parse.ParsePeriod(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParsePeriod(%q) = %+v, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePeriod(%q): %v", tt.in, err)
			}
			if got.Period != tt.want || got.DefaultValueType() != tt.vt {
				t.Errorf("ParsePeriod(%q) = %v (default 口径 %q), want %v (%q)", tt.in, got.Period, got.DefaultValueType(), tt.want, tt.vt)
			}
		})
	}
}

func TestUnits(t *testing.T) {
	tests := []struct {
		header, name, unit string
	}{
		{"数值（万元）", "数值", "万元"},
		{"产值(亿元)", "产值", "亿元"},
		{"数值（单位：万吨）", "数值", "万吨"},
		{"增速(%)", "增速", "%"},
		{"数值（含税）", "数值(含税)", ""},
		{"数值", "数值", ""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			name, unit := parse.SplitHeaderUnit(tt.header, domain.BuiltinUnits())
			if name != tt.name || unit != tt.unit {
				t.Errorf("SplitHeaderUnit(%q) = %q, %q; want %q, %q", tt.header, name, unit, tt.name, tt.unit)
			}
		})
	}
	for in, want := range map[string]string{"（万元）": "万元", " 亿 元 ": "亿元", "％": "%", "万tce": "万吨标煤", "单位：吨": "吨"} {
		t.Run("normalize "+in, func(t *testing.T) {
			if got := parse.NormalizeUnit(in); got != want {
				t.Errorf("NormalizeUnit(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestParseValueType(t *testing.T) {
	tests := []struct {
		in      string
		want    domain.ValueType
		wantErr bool
	}{
		{"当月", domain.ValuePeriod, false},
		{"本月", domain.ValuePeriod, false},
		{"累计", domain.ValueYTD, false},
		{"本年累计", domain.ValueYTD, false},
		{"ytd", domain.ValueYTD, false},
		{"", "", false},
		{"季度", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parse.ParseValueType(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseValueType(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// The canonical month (2024-03) is read without a regexp; it must mean
// exactly what the same month written 2024/03 means, errors included.
func TestParsePeriodCanonicalMonthFastPath(t *testing.T) {
	for y := 1995; y <= 2105; y += 5 {
		for m := 0; m <= 13; m++ {
			for _, f := range []string{"%d-%d", "%d-%02d"} {
				fast := fmt.Sprintf(f, y, m)
				slow := strings.Replace(fast, "-", "/", 1)
				a, aerr := parse.ParsePeriod(fast)
				b, berr := parse.ParsePeriod(slow)
				if a != b || msg.CodeOf(aerr) != msg.CodeOf(berr) {
					t.Errorf("%s → %+v %v; %s → %+v %v", fast, a, aerr, slow, b, berr)
				}
			}
		}
	}
}

// The cumulative range 2024年1-3月 is read without a regexp; it must mean
// exactly what 2024年1至3月 means, errors included.
func TestParsePeriodRangeFastPath(t *testing.T) {
	for y := 1995; y <= 2105; y += 5 {
		for from := 0; from <= 13; from++ {
			for to := 0; to <= 13; to++ {
				for _, f := range []string{"%d年%d-%d月", "%d年%02d-%02d月"} {
					fast := fmt.Sprintf(f, y, from, to)
					slow := strings.Replace(fast, "-", "至", 1)
					a, aerr := parse.ParsePeriod(fast)
					b, berr := parse.ParsePeriod(slow)
					if a != b || msg.CodeOf(aerr) != msg.CodeOf(berr) {
						t.Errorf("%s → %+v %v; %s → %+v %v", fast, a, aerr, slow, b, berr)
					}
				}
			}
		}
	}
}

// TestPlainNumbersReadAsTheFullReading: a plain decimal ("123.45") takes
// a shortcut; the same number written so that it cannot ("+123.45",
// "1,234.5" grouping) must give the same value.
func TestPlainNumbersReadAsTheFullReading(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for n := 0; n < 20000; n++ {
		v := rng.Float64() * math.Pow(10, float64(rng.Intn(12)))
		s := strconv.FormatFloat(v, 'f', rng.Intn(8), 64)
		plain, err1 := parse.ParseNumber(s, domain.Units{})
		signed, err2 := parse.ParseNumber("+"+s, domain.Units{})
		if err1 != nil || err2 != nil || plain != signed {
			t.Fatalf("%q: %+v %v; %q: %+v %v", s, plain, err1, "+"+s, signed, err2)
		}
	}
	for _, s := range []string{"-", ".", "-.", "1.2.3", "12a", "1e5", "--1"} {
		a, errA := parse.ParseNumber(s, domain.Units{})
		if s == "-" && (!a.Missing || errA != nil) {
			t.Fatalf("%q: %+v %v, want missing", s, a, errA)
		}
		if s != "-" && s != "1e5" && errA == nil {
			t.Fatalf("%q read as %+v", s, a)
		}
	}
}
