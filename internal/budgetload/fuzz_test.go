package budgetload_test

import (
	"context"
	"errors"
	"testing"

	"industrydash/internal/budgetload"
	"industrydash/internal/load"
	"industrydash/internal/parse"
)

// FuzzLoadPayments feeds arbitrary CSV text through the payments loader:
// it never panics, a refused file says where and why, and a loaded one
// accounts for every row it read.
//
//	go test ./internal/budgetload -run '^$' -fuzz '^FuzzLoadPayments$' -fuzztime=15s
func FuzzLoadPayments(f *testing.F) {
	for _, s := range []string{
		goodCSV,
		"预算单位,功能分类科目编码,期间,金额（万元）\n局本级,201,2024-06,1\n",
		"预算单位,功能分类科目编码,期间,金额（元）\n局本级,2010401,2024年1-6月 累计,\"1,000\"\n局本级,2010401,2024年1-5月,2000\n",
		"unit,function_code,period,amount,source\ngxj,215,2024-13,1万元,结转\n",
		"预算单位,功能分类科目编码,期间,金额\n合计,,,\n",
	} {
		f.Add([]byte(s))
	}
	_, l, _ := setup(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		sum, err := l.LoadBytes(context.Background(), b, "fuzz.csv", budgetload.Options{RecordedBy: "fuzz"})
		var fe *parse.FileError
		switch {
		case errors.As(err, &fe):
			if fe.Error() == "" {
				t.Fatal("empty file error")
			}
		case errors.Is(err, load.ErrRejected):
			if len(sum.Errors) == 0 && sum.MoreErrors == 0 {
				t.Fatal("rejected without an error")
			}
			for _, e := range sum.Errors {
				if e.Where == "" || e.Message == "" || e.Row <= 0 {
					t.Fatalf("issue without a location or reason: %+v", e)
				}
			}
		case err != nil:
			t.Fatalf("storage error on fuzz input: %v", err)
		default:
			if sum.Loaded+sum.Unchanged+sum.Duplicates != sum.Read {
				t.Fatalf("read %d rows but loaded %d, unchanged %d, duplicates %d", sum.Read, sum.Loaded, sum.Unchanged, sum.Duplicates)
			}
		}
	})
}
