// Package retry reruns a write that failed because the store could not be
// reached (store.ErrUnavailable: a ClickHouse restart, a network fault),
// with capped exponential backoff, bounded in attempts and in time.
//
// It is only safe around idempotent work. The loader is: a rerun validates
// the file again, counts rows already stored with the same value as
// unchanged and writes only the rest, so rows that reached the store before
// the failure (an insert is sent in blocks, and earlier blocks stay) are
// neither lost nor written twice.
package retry

import (
	"context"
	"errors"
	"fmt"
	"time"

	"industrydash/internal/store"
)

// Policy bounds the retries. Zero fields take the defaults.
type Policy struct {
	// MaxAttempts caps the tries, the first included (default 30).
	MaxAttempts int
	// MaxElapsed stops retrying once this much time has passed since the
	// first try (default 5 minutes).
	MaxElapsed time.Duration
	// Initial is the first wait (default 500ms); each wait doubles up to Max.
	Initial time.Duration
	// Max caps one wait (default 10s).
	Max time.Duration
	// OnRetry, when set, is told about each failure before the wait, e.g. to
	// print "数据库暂时无法访问，5 秒后重试".
	OnRetry func(attempt int, wait time.Duration, err error)
}

func (p Policy) withDefaults() Policy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 30
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 5 * time.Minute
	}
	if p.Initial <= 0 {
		p.Initial = 500 * time.Millisecond
	}
	if p.Max <= 0 {
		p.Max = 10 * time.Second
	}
	return p
}

// Retryable reports whether err is worth another try: the store was
// unreachable. Data errors, rejections and cancellations are final.
func Retryable(err error) bool {
	return err != nil && errors.Is(err, store.ErrUnavailable) && !errors.Is(err, context.Canceled)
}

// Do runs fn until it succeeds, fails with a non-retryable error, or the
// policy's attempts or time run out; it then returns fn's last error
// (wrapped with the attempt count when retries ran out). It stops early
// when ctx ends.
func Do(ctx context.Context, p Policy, fn func(ctx context.Context) error) error {
	p = p.withDefaults()
	start := time.Now()
	wait := p.Initial
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil || !Retryable(err) {
			return err
		}
		if attempt >= p.MaxAttempts || time.Since(start)+wait > p.MaxElapsed {
			return fmt.Errorf("gave up after %d attempts in %v: %w", attempt, time.Since(start).Round(time.Second), err)
		}
		if p.OnRetry != nil {
			p.OnRetry(attempt, wait, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(ctx.Err(), err)
		case <-t.C:
		}
		wait = min(wait*2, p.Max)
	}
}
