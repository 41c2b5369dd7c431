package retry_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"industrydash/internal/retry"
	"industrydash/internal/store"
)

func TestDo(t *testing.T) {
	unavailable := fmt.Errorf("写入失败：无法连接 ClickHouse: %w", errors.Join(store.ErrUnavailable, errors.New("connection refused")))
	final := errors.New("数据有错误")
	fast := retry.Policy{Initial: time.Millisecond, Max: 2 * time.Millisecond, MaxAttempts: 5}
	tests := []struct {
		name     string
		errs     []error // returned by successive calls; nil after the list
		wantErr  error
		wantCall int
	}{
		{"succeeds at once", nil, nil, 1},
		{"retries an outage until it ends", []error{unavailable, unavailable}, nil, 3},
		{"a data error is final", []error{final}, final, 1},
		{"gives up after MaxAttempts", []error{unavailable, unavailable, unavailable, unavailable, unavailable, unavailable}, store.ErrUnavailable, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls, retries := 0, 0
			p := fast
			p.OnRetry = func(int, time.Duration, error) { retries++ }
			err := retry.Do(context.Background(), p, func(context.Context) error {
				calls++
				if calls <= len(tc.errs) {
					return tc.errs[calls-1]
				}
				return nil
			})
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if calls != tc.wantCall || retries != min(calls-1, fast.MaxAttempts-1) {
				t.Fatalf("calls = %d (retries %d), want %d", calls, retries, tc.wantCall)
			}
		})
	}
}

func TestDoStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	unavailable := errors.Join(store.ErrUnavailable, errors.New("refused"))
	calls := 0
	err := retry.Do(ctx, retry.Policy{Initial: time.Hour, MaxElapsed: 2 * time.Hour}, func(context.Context) error {
		calls++
		cancel()
		return unavailable
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err = %v after %d calls, want context.Canceled after 1", err, calls)
	}
}
