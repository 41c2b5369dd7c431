package progress_test

import (
	"testing"

	"industrydash/internal/progress"
)

func TestFormatting(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"gap of the May example rounds down", progress.FormatNumber(45.2 - 500.0/12), "3.5"},
		{"half rounds away from zero", progress.FormatNumber(3.45), "3.5"},
		{"negative half rounds away from zero", progress.FormatNumber(-3.45), "-3.5"},
		{"binary noise does not flip rounding", progress.FormatNumber(add(2.3, 0.05)), "2.4"},
		{"a measured whole number keeps its one decimal (增长5.0%)", progress.FormatNumber(4.0), "4.0"},
		{"near-whole rounds to whole", progress.FormatNumber(3.96), "4.0"},
		{"a whole amount keeps its decimal (1153.0亿元)", progress.FormatValue(1153, "亿元"), "1153.0亿元"},
		{"a fractional count (monthly average) has one decimal", progress.FormatValue(8.25, "户"), "8.3户"},
		{"a plan figure is printed as the plan writes it", progress.FormatTargetValue(6000, "亿元"), "6000亿元"},
		{"a plan percentage likewise", progress.FormatTargetValue(15, "%"), "15%"},
		{"a printed gap keeps its decimals and at least one", progress.FormatPrinted(5), "5.0"},
		{"tiny negative is zero, not -0", progress.FormatNumber(-0.04), "0.0"},
		{"percent", progress.FormatPct(45.2), "45.2%"},
		{"whole percent", progress.FormatPct(13), "13.0%"},
		{"percentage points", progress.FormatPP(4), "4.0个百分点"},
		{"value with unit", progress.FormatValue(456.25, "亿元"), "456.3亿元"},
		{"count", progress.FormatValue(12, "户"), "12户"},
		{"ratio two decimals", progress.FormatRatio(1.254), "1.25倍"},
		{"whole ratio", progress.FormatRatio(2.001), "2.0倍"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// add sums at run time in float64, where 2.3+0.05 is 2.3499999999999996.
func add(a, b float64) float64 { return a + b }
