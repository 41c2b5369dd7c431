package clickhouse_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/testenv/chtest"
)

// closedPort returns a 127.0.0.1 port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func TestOpenUnreachable(t *testing.T) {
	tests := []struct {
		name    string
		cfg     clickhouse.Config
		retry   bool   // errors.Is(err, store.ErrUnavailable)
		wantMsg string // substring of the Chinese message
	}{
		{"nothing listens", clickhouse.Config{DSN: fmt.Sprintf("clickhouse://default@127.0.0.1:%d/x", closedPort(t)), DialTimeout: time.Second},
			true, "无法连接 ClickHouse"},
		{"invalid config", clickhouse.Config{DSN: "http://127.0.0.1:8123/x"}, false, "只支持原生协议"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := clickhouse.Open(context.Background(), tc.cfg)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if got := errors.Is(err, store.ErrUnavailable); got != tc.retry {
				t.Errorf("errors.Is(err, ErrUnavailable) = %v, want %v (err %v)", got, tc.retry, err)
			}
			text := msg.Text(err)
			if !strings.Contains(text, tc.wantMsg) {
				t.Errorf("message %q does not mention %q", text, tc.wantMsg)
			}
			if strings.Contains(text, "dial tcp") || strings.Contains(text, "connection refused") {
				t.Errorf("message leaks the driver error: %q", text)
			}
		})
	}
}

func TestOpenCreatesDatabase(t *testing.T) {
	base := chtest.NewDatabase(t)
	dsn := base + "_created"
	ctx := context.Background()
	s, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		runClient(t, base, "DROP DATABASE IF EXISTS "+dsn[strings.LastIndex(dsn, "/")+1:])
	})
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestAppendChunked loads more rows than one insert block holds, so the
// insert flushes several blocks, and reads them back with the real client.
func TestAppendChunked(t *testing.T) {
	tests := []struct {
		name      string
		rows      int
		chunkRows int
	}{
		{"one block", 500, 1000},
		{"exact multiple of the block", 3000, 1000},
		{"several blocks and a remainder", 4321, 1000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dsn := chtest.NewDatabase(t)
			ctx := context.Background()
			s, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn, InsertChunkRows: tc.chunkRows})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			rows := genObs(tc.rows, time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC))
			if err := s.AppendObservations(ctx, rows); err != nil {
				t.Fatal(err)
			}
			got := strings.Fields(runClient(t, dsn,
				"SELECT count(), sum(value), toUnixTimestamp(min(recorded_at)), max(recorded_ns) FROM observation_rows"))
			var want float64
			for _, o := range rows {
				want += o.Value
			}
			last := rows[len(rows)-1].RecordedAt
			w := []string{strconv.Itoa(tc.rows), strconv.FormatFloat(want, 'f', -1, 64),
				strconv.FormatInt(rows[0].RecordedAt.Unix(), 10), strconv.FormatInt(last.UnixNano(), 10)}
			if !slices.Equal(got, w) {
				t.Fatalf("client reads count, sum, first recorded_at, last recorded_ns = %q, want %q", got, w)
			}
			cur, err := s.CurrentObservations(ctx, store.ObsFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(cur) != tc.rows {
				t.Fatalf("CurrentObservations = %d rows, want %d", len(cur), tc.rows)
			}
		})
	}
}

// genObs makes n distinct observations (distinct keys), recorded from t0 on.
func genObs(n int, t0 time.Time) []domain.Observation {
	out := make([]domain.Observation, n)
	for i := range out {
		unit := fmt.Sprintf("U%04d", i/(12*20))
		y := 2005 + (i/12)%20
		m := i%12 + 1
		out[i] = domain.Observation{
			Indicator: "bench.output", OrgUnit: unit, Period: domain.Month(y, m), ValueType: domain.ValuePeriod,
			Value: float64(i%1000) + 0.25, SubmittedValue: float64(i), SubmittedUnit: "万元", Source: "bench.csv",
			BatchID: "bench", RecordedAt: t0.Add(time.Duration(i) * time.Microsecond), RecordedBy: "bench",
		}
	}
	return out
}

// BenchmarkAppendObservations100k measures loading 100,000 observations in
// one call, the size of a large historical import.
func BenchmarkAppendObservations100k(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	dsn := chtest.NewDatabase(b)
	s, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	rows := genObs(n, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.AppendObservations(ctx, rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCurrentObservations measures the argMax query over 100,000 rows
// with one correction per key.
func BenchmarkCurrentObservations(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	dsn := chtest.NewDatabase(b)
	s, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, start := range []time.Time{t0, t0.Add(time.Hour)} {
		if err := s.AppendObservations(ctx, genObs(n/2, start)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, err := s.CurrentObservations(ctx, store.ObsFilter{})
		if err != nil {
			b.Fatal(err)
		}
		if len(got) != n/2 {
			b.Fatalf("got %d rows, want %d", len(got), n/2)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows_scanned/s")
}

// TestDataVersionRefreshedAhead: past half its TTL a remembered data
// version is still returned at once, and one shared query started then
// brings another process's write in before the TTL ends; an answer is
// never older than the TTL.
func TestDataVersionRefreshedAhead(t *testing.T) {
	dsn := chtest.NewDatabase(t)
	ctx := context.Background()
	const ttl = 4 * time.Second
	var mu sync.Mutex
	asked := 0
	trace := func(q string, _ []any) {
		if strings.Contains(q, "data_versions") {
			mu.Lock()
			asked++
			mu.Unlock()
		}
	}
	reader, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn, VersionTTL: ttl, Trace: trace})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	writer, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn}) // another server process
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if err := reader.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now() // the remembered answer is at most this old
	first, err := reader.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := writer.AppendObservations(ctx, genObs(1, time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC))); err != nil {
		t.Fatal(err)
	}
	if v, _ := reader.DataVersion(ctx); v != first {
		t.Fatalf("within half the TTL the remembered version %q was not reused (got %q)", first, v)
	}
	time.Sleep(ttl/2 + 100*time.Millisecond - time.Since(start))
	if v, _ := reader.DataVersion(ctx); v != first {
		t.Fatalf("past half the TTL the call waited for the server: got %q, want the remembered %q", v, first)
	}
	for {
		v, err := reader.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v != first {
			break
		}
		if time.Since(start) > ttl-200*time.Millisecond {
			t.Fatalf("the other process's write was not seen %v after it, before the TTL (%v) ran out", time.Since(start), ttl)
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if asked != 2 {
		t.Errorf("%d data-version queries, want 2 (the first and one refresh)", asked)
	}
}
