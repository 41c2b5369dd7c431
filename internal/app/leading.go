package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"industrydash/internal/leading"
	leadinggen "industrydash/seeds/leading"
)

// LeadingDemoOptions sizes the 先行指标 demo loaded at start-up: 200
// enterprises over two years (146 000 readings), small enough to load in
// well under a second into the embedded store.
var LeadingDemoOptions = leadinggen.Options{Enterprises: 200, Days: 730}

// LeadingDemoKind is the batch kind of generated demo loads.
const LeadingDemoKind = "demo"

// LeadingDemoChecksum identifies a generated demo load in the batch records.
func LeadingDemoChecksum(o leadinggen.Options) string {
	end := leading.Day(o.End)
	return fmt.Sprintf("leadinggen:e=%d:d=%d:end=%s:seed=%d", o.Enterprises, o.Days, end.Format("2006-01-02"), o.Seed)
}

// HasLeadingDemo reports whether the start-up 先行指标 demo is in st, so that
// pages label what they show as 示例数据.
func HasLeadingDemo(ctx context.Context, st leading.Store) (bool, error) {
	_, ok, err := st.LeadingBatch(ctx, LeadingDemoKind, LeadingDemoChecksum(LeadingDemoOptions))
	return ok, err
}

// LoadLeadingDemo writes generated enterprises, consumption and prices
// straight into st (no CSV round trip) and records the batch; a demo with
// the same options loaded before is skipped (loaded false).
func LoadLeadingDemo(ctx context.Context, st leading.Store, o leadinggen.Options, now time.Time) (loaded bool, rows int, err error) {
	check := LeadingDemoChecksum(o)
	if _, ok, err := st.LeadingBatch(ctx, LeadingDemoKind, check); err != nil || ok {
		return false, 0, err
	}
	if err := st.PutEnterprises(ctx, leadinggen.Enterprises(o)); err != nil {
		return false, 0, fmt.Errorf("load leading demo enterprises: %w", err)
	}
	b := leading.Batch{ID: "leading-demo-" + now.UTC().Format("20060102T150405"), Kind: LeadingDemoKind,
		Source: "示例数据生成器", Checksum: check, Started: now.UTC()}
	if err := st.BeginLeadingBatch(ctx, b.ID); err != nil { // all or nothing, like a file
		return false, 0, fmt.Errorf("begin leading demo batch: %w", err)
	}
	const chunk = 100_000
	buf := make([]leading.PowerReading, 0, chunk)
	flush := func() error {
		wc, err := st.AppendPower(ctx, b.ID, now, buf)
		b.Counts = b.Counts.Add(wc)
		b.Rows += len(buf)
		buf = buf[:0]
		return err
	}
	err = leadinggen.Each(o, func(r leading.PowerReading) error {
		buf = append(buf, r)
		if len(buf) == chunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return false, b.Rows, fmt.Errorf("load leading demo consumption: %w", err)
	}
	prices := leadinggen.Prices(o)
	if _, err := st.AppendPrices(ctx, b.ID, now, prices); err != nil {
		return false, b.Rows, fmt.Errorf("load leading demo prices: %w", err)
	}
	b.Rows += len(prices)
	b.Ended = time.Now().UTC()
	if err := st.RecordLeadingBatch(ctx, b); err != nil {
		return false, b.Rows, fmt.Errorf("record leading demo batch: %w", err)
	}
	return true, b.Rows, nil
}

// BootstrapLeading loads the 先行指标 demo when st holds no consumption yet.
func BootstrapLeading(ctx context.Context, ls leading.Store, log *slog.Logger) error {
	if first, _, err := ls.PowerSpan(ctx); err != nil || !first.IsZero() {
		return err
	}
	start := time.Now()
	loaded, n, err := LoadLeadingDemo(ctx, ls, LeadingDemoOptions, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	if loaded {
		log.Info("loaded leading-indicator demo data (先行指标示例数据)", "rows", n, "ms", time.Since(start).Milliseconds())
	}
	return nil
}
