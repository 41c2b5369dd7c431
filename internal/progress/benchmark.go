package progress

import (
	"strings"

	"industrydash/internal/domain"
)

// BenchmarkClause is a rate's comparison with the benchmark units as its
// sentence prints it, without the figure itself: "高于全国、全区9.2、7.4个
// 百分点" for "1—7月同比增长15.1%，高于全国、全区9.2、7.4个百分点，…". "" when the
// assessment is not a rate or has no benchmark figure for its period. Cards
// that show the figure apart from the sentence print this beside it.
func BenchmarkClause(ind domain.Indicator, a Assessment) string {
	if a.Kind != domain.Rate || a.Value == nil || len(a.Benchmarks) == 0 {
		return ""
	}
	head, _ := rateClauses(ind, a)
	_, clause, ok := strings.Cut(head, "，")
	if !ok {
		return ""
	}
	return clause
}
