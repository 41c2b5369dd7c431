package progress_test

import (
	"testing"

	"industrydash/internal/progress"
)

func TestPhrases(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"ahead", progress.PhraseGap(6.6, false), "超序时进度6.6个百分点"},
		{"behind", progress.PhraseGap(-3.46, false), "慢序时进度3.5个百分点"},
		{"whole number", progress.PhraseGap(-2, false), "慢序时进度2.0个百分点"},
		{"level when it rounds to zero", progress.PhraseGap(0.04, false), "与序时进度持平"},
		{"level when it rounds to zero from below", progress.PhraseGap(-0.04, false), "与序时进度持平"},
		{"ceiling above pace", progress.PhraseGap(6.6, true), "高于序时进度6.6个百分点"},
		{"ceiling below pace", progress.PhraseGap(-5, true), "低于序时进度5.0个百分点"},
		{"completion", progress.PhraseCompletion(56.6, 6.6, false), "完成年度目标的56.6%，超序时进度6.6个百分点"},
		{"ceiling completion", progress.PhraseCompletion(45, -5, true), "占年度控制目标的45.0%，低于序时进度5.0个百分点"},
		{"growth above target", progress.PhraseVsTarget(13, 9, true), "增长13.0%，高于目标4个百分点"},
		{"growth below target", progress.PhraseVsTarget(7.45, 9, true), "增长7.5%，低于目标1.5个百分点"},
		{"decline", progress.PhraseVsTarget(-2.5, 9, true), "下降2.5%，低于目标11.5个百分点"},
		{"growth on target", progress.PhraseVsTarget(9.02, 9, true), "增长9.0%，与目标持平"},
		{"just under target is never level", progress.PhraseVsTarget(14.96, 15, true), "增长14.96%，低于目标0.04个百分点"},
		{"zero growth", progress.PhraseVsTarget(0, 5, true), "持平，低于目标5个百分点"},
		{"share against target", progress.PhraseVsTarget(35.2, 33.4, false), "为35.2%，高于目标1.8个百分点"},
		{"同比 growth", progress.PhraseYoY(12.34), "同比增长12.3%"},
		{"同比 fall", progress.PhraseYoY(-3.05), "同比下降3.1%"},
		{"同比 flat", progress.PhraseYoY(0.01), "同比持平"},
		{"pace", progress.PhraseRequiredPace(2, 10, 35.54, 1.254, "亿元", false), "剩余2个月需月均完成35.5亿元，为前10个月月均的1.25倍"},
		{"pace after January", progress.PhraseRequiredPace(11, 1, 90, 1.1, "亿元", false), "剩余11个月需月均完成90.0亿元，为1月的1.1倍"},
		{"pace with no average to compare", progress.PhraseRequiredPace(6, 6, 50, 0, "户", false), "剩余6个月需月均完成50户"},
		{"projection", progress.PhraseProjection(1020.45, "亿元"), "预计全年完成1020.5亿元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
