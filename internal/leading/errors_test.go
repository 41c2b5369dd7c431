package leading_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"industrydash/internal/leading"
	"industrydash/internal/msg"
)

func TestValidateMessages(t *testing.T) {
	d := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		err  error
		code string
		want string
	}{
		{leading.PowerReading{Date: d}.Validate(), leading.CodeNoEnterprise, "企业代码为空"},
		{leading.PowerReading{Enterprise: "e"}.Validate(), leading.CodeBadReadDate, "日期无效或超出 1970—2105 年"},
		{leading.PowerReading{Enterprise: "e", Date: d, Wh: -1}.Validate(), leading.CodeNegativePower, "用电量不能为负数"},
		{leading.PowerReading{Enterprise: "e", Date: d, Wh: leading.MaxDailyWh + 1}.Validate(), leading.CodePowerTooLarge,
			"用电量超过每日 1 亿千瓦时，请检查单位是否应为千瓦时"},
		{leading.PriceObs{Date: d, Price: 1}.Validate(), leading.CodeNoCommodity, "品种为空"},
		{leading.PriceObs{Commodity: "c", Price: 1}.Validate(), leading.CodeBadReadDate, "日期无效或超出 1970—2105 年"},
		{leading.PriceObs{Commodity: "c", Date: d}.Validate(), leading.CodeBadPrice, "价格应为正数"},
	}
	for _, tc := range tests {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.code)
			continue
		}
		if got := msg.Text(tc.err); got != tc.want {
			t.Errorf("msg.Text = %q, want %q", got, tc.want)
		}
		if got := string(msg.CodeOf(tc.err)); got != tc.code {
			t.Errorf("code = %q, want %q", got, tc.code)
		}
		if _, ok := msg.Lookup(msg.Code(tc.code)); !ok {
			t.Errorf("code %q is not in the catalogue", tc.code)
		}
	}
	if (leading.PowerReading{Enterprise: "e", Date: d, Wh: 1}).Validate() != nil {
		t.Error("valid reading rejected")
	}
}

// spanStore has data from 2024 on and nothing else.
type spanStore struct{ leading.Store }

func (spanStore) PowerSpan(context.Context) (time.Time, time.Time, error) {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), nil
}

func TestBuildViewToBeforeFrom(t *testing.T) {
	q := leading.PowerQuery{From: time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	_, err := leading.BuildView(context.Background(), spanStore{}, q)
	if !errors.Is(err, leading.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	if got, want := msg.Text(err), "结束日期 2024-03-01 早于开始日期 2024-03-02：leading: invalid rows"; got != want {
		t.Errorf("msg.Text = %q, want %q", got, want)
	}
}
