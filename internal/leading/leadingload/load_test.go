package leadingload_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingload"
	"industrydash/internal/msg"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/chtest"
	leadinggen "industrydash/seeds/leading"
)

func TestMain(m *testing.M) { chtest.Main(m) }

var ctx = context.Background()

func openEmbedded(t testing.TB) embedded.Combined {
	t.Helper()
	db, err := embedded.Open(embedded.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s := db.Both()
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

var units = domain.NewUnitIndex([]domain.OrgUnit{
	{Code: "150202", Name: "东河区", Kind: domain.KindDistrict},
	{Code: "150203", Name: "昆都仑区", ShortName: "昆区", Kind: domain.KindDistrict},
	{Code: "150200", Name: "包头市", Kind: domain.KindCity},
})

func opts() leadingload.Options {
	return leadingload.Options{Units: units, Now: func() time.Time { return time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC) }}
}

func TestPowerLoadIdempotentAndCorrection(t *testing.T) {
	st := openEmbedded(t)
	var buf bytes.Buffer
	o := leadinggen.Options{Enterprises: 20, Days: 30}
	if err := leadinggen.Write(&buf, o); err != nil {
		t.Fatal(err)
	}
	var progress []int
	lo := opts()
	lo.ChunkRows = 250
	lo.Progress = func(done, total int) { progress = append(progress, done) }
	lo.Units = nil // the generator writes codes
	res, err := leadingload.LoadPower(ctx, st, "power.csv", bytes.NewReader(buf.Bytes()), lo)
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped || res.Batch.Counts != (leading.WriteCounts{Added: 600}) || res.NewEnterprises != 20 {
		t.Fatalf("first load %+v", res)
	}
	if len(progress) != 3 || progress[2] != 600 {
		t.Fatalf("progress %v, want 250, 500, 600", progress)
	}
	// The same file again adds nothing.
	res, err = leadingload.LoadPower(ctx, st, "power-copy.csv", bytes.NewReader(buf.Bytes()), lo)
	if err != nil || !res.Skipped {
		t.Fatalf("reload: %+v %v", res, err)
	}
	// A file with one corrected value: one change, the rest unchanged.
	lines := strings.Split(buf.String(), "\n")
	f := strings.Split(lines[5], ",")
	f[5] = "1.5"
	lines[5] = strings.Join(f, ",")
	res, err = leadingload.LoadPower(ctx, st, "fixed.csv", strings.NewReader(strings.Join(lines, "\n")), lo)
	if err != nil {
		t.Fatal(err)
	}
	if res.Batch.Counts != (leading.WriteCounts{Changed: 1, Unchanged: 599}) {
		t.Fatalf("correction counts %+v", res.Batch.Counts)
	}
	day, _ := leadingload.ParseDate(f[4])
	by, err := st.PowerBy(ctx, leading.PowerQuery{From: day, To: day, Districts: []string{f[2]}, Chains: []string{f[3]}}, leading.ByChain)
	if err != nil || len(by) != 1 {
		t.Fatalf("PowerBy %+v %v", by, err)
	}
	var want int64
	leadinggen.Each(o, func(r leading.PowerReading) error {
		if r.Date.Equal(day) && r.District == f[2] && r.Chain == f[3] && r.Enterprise != f[0] {
			want += r.Wh
		}
		return nil
	})
	if by[0].Wh != want+1500 {
		t.Fatalf("after correction %d Wh, want %d", by[0].Wh, want+1500)
	}
}

// TestPowerLoadRepeatedKeyAcrossChunks: a file repeating a key in a later
// chunk is not taken for all-new readings (no per-chunk look-up), so the
// later reading wins once instead of both being added.
func TestPowerLoadRepeatedKeyAcrossChunks(t *testing.T) {
	for name, st := range map[string]leading.Store{"embedded": openEmbedded(t), "clickhouse": openClickHouse(t)} {
		t.Run(name, func(t *testing.T) {
			csv := "企业代码,企业名称,地区,产业链,日期,用电量(千瓦时)\n" +
				"E1,甲公司,东河区,稀土,2024-03-01,100\n" +
				"E1,甲公司,东河区,稀土,2024-03-02,200\n" +
				"E1,甲公司,东河区,稀土,2024-03-01,300\n"
			o := opts()
			o.ChunkRows, o.BlockBytes = 1, 40 // each reading in a block of its own
			res, err := leadingload.LoadPower(ctx, st, "repeat.csv", strings.NewReader(csv), o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Batch.Counts != (leading.WriteCounts{Added: 2, Changed: 1}) {
				t.Fatalf("counts %+v, want 2 added, 1 changed", res.Batch.Counts)
			}
			by, err := st.PowerBy(ctx, leading.PowerQuery{From: d(2024, 3, 1), To: d(2024, 3, 2)}, leading.ByChain)
			if err != nil || len(by) != 1 || by[0].Wh != 500_000 || by[0].Readings != 2 {
				t.Fatalf("PowerBy %+v %v, want 500 kWh over 2 readings", by, err)
			}
		})
	}
}

func TestPowerLoadErrorsWriteNothing(t *testing.T) {
	for _, block := range []int{0, 30} { // one block; a block per line or two
		t.Run("block "+strconv.Itoa(block), func(t *testing.T) { testPowerLoadErrorsWriteNothing(t, block) })
	}
}

func testPowerLoadErrorsWriteNothing(t *testing.T, block int) {
	st := openEmbedded(t)
	o := opts()
	o.BlockBytes = block
	csv := "企业代码,企业名称,地区,产业链,日期,用电量(千瓦时)\n" +
		"E1,甲公司,东河区,稀土,2024-03-01,100\n" + // 2 ok
		"E1,甲公司,东河区,稀土,2024-02-30,100\n" + // 3 bad date
		"E2,乙公司,昆区,钢材,2024-03-01,100\n" + // 4 bad chain
		"E3,丙公司,火星区,铝,2024-03-01,100\n" + // 5 bad district
		"E1,甲公司,东河区,稀土,2024-03-02,-5\n" + // 6 negative
		"E9,,,,2024-03-02,7\n" + // 7 unknown enterprise
		"E1,甲公司,昆都仑区,稀土,2024-03-03,8\n" + // 8 inconsistent district
		"E1,甲公司,东河区,稀土,2024-03-04,abc\n" // 9 not a number
	_, err := leadingload.LoadPower(ctx, st, "bad.csv", strings.NewReader(csv), o)
	var fe *leadingload.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a FileError", err)
	}
	want := map[int]string{3: "不存在", 4: "产业链“钢材”", 5: "火星区", 6: "负数", 7: "E9", 8: "第 2 行不一致", 9: "abc"}
	got := map[int]string{}
	for _, r := range fe.Rows {
		got[r.Row] = msg.Text(r)
	}
	for k := 1; k < len(fe.Rows); k++ {
		if fe.Rows[k].Row < fe.Rows[k-1].Row && fe.Rows[k].Row != 7 { // unknown enterprises are listed last
			t.Errorf("errors out of order: row %d after row %d", fe.Rows[k].Row, fe.Rows[k-1].Row)
		}
	}
	for row, frag := range want {
		if !strings.Contains(got[row], frag) || !strings.Contains(got[row], "bad.csv 第 "+strconv.Itoa(row)+" 行") {
			t.Errorf("row %d: %q, want it to mention %q", row, got[row], frag)
		}
	}
	if len(fe.Rows) != len(want) {
		t.Errorf("%d errors, want %d: %v", len(fe.Rows), len(want), err)
	}
	if !strings.Contains(msg.Text(err), "整个文件未导入") || !strings.Contains(got[3], "“日期”列") {
		t.Errorf("message %q", err)
	}
	if first, _, _ := st.PowerSpan(ctx); !first.IsZero() {
		t.Error("a rejected file wrote readings")
	}
	if es, _ := st.Enterprises(ctx); len(es) != 0 {
		t.Errorf("a rejected file registered enterprises: %v", es)
	}
	_, err = leadingload.LoadPower(ctx, st, "hdr.csv", strings.NewReader("企业,日期\nE1,2024-01-01\n"), opts())
	if err == nil || !strings.Contains(msg.Text(err), "缺少") || !strings.Contains(msg.Text(err), "用电量") {
		t.Errorf("missing column: %v", err)
	}
}

func TestPowerLoadGBKAndUnits(t *testing.T) {
	st := openEmbedded(t)
	text := "企业代码,企业名称,地区,产业链,日期,用电量（万千瓦时）\r\n" +
		"E1,甲公司,昆区,稀土,2024年3月1日,1.25\r\n" +
		"E1,甲公司,昆区,稀土,2024/3/2,—\r\n" // missing: skipped
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	res, err := leadingload.LoadPower(ctx, st, "gbk.csv", strings.NewReader(gbk), opts())
	if err != nil {
		t.Fatal(err)
	}
	if res.Batch.Counts.Added != 1 || res.Missing != 1 {
		t.Fatalf("result %+v", res)
	}
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	ps, _ := st.PowerDaily(ctx, leading.PowerQuery{From: day, To: day})
	if len(ps) != 1 || ps[0].Wh != 12_500_000 { // 1.25 万千瓦时 = 12 500 kWh
		t.Fatalf("daily %+v", ps)
	}
	es, _ := st.Enterprises(ctx)
	if len(es) != 1 || es[0].District != "150203" {
		t.Fatalf("enterprise %+v: district should resolve 昆区 to 150203", es)
	}
}

func TestPricesLoad(t *testing.T) {
	st := openEmbedded(t)
	csv := "\uFEFF品种,日期,价格,单位\n稀土氧化镨钕,2024-03-01,40.5,万元/吨\nrebar,2024-03-01,\"3,900\",元/吨\n"
	res, err := leadingload.LoadPrices(ctx, st, "p.csv", strings.NewReader(csv), opts())
	if err != nil || res.Batch.Counts.Added != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	ps, _ := st.Prices(ctx, leading.PriceQuery{})
	if len(ps) != 2 || ps[0].Commodity != "prnd_oxide" || ps[0].Price != 405_000 || ps[1].Price != 3900 {
		t.Fatalf("prices %+v", ps)
	}
	if res, err := leadingload.LoadPrices(ctx, st, "p.csv", strings.NewReader(csv), opts()); err != nil || !res.Skipped {
		t.Fatalf("reload %+v %v", res, err)
	}
	_, err = leadingload.LoadPrices(ctx, st, "q.csv", strings.NewReader("品种,日期,价格\n黄金,2024-03-01,1\n"), opts())
	if err == nil || !strings.Contains(msg.Text(err), "q.csv 第 2 行“品种”列") || !strings.Contains(msg.Text(err), "黄金") {
		t.Fatalf("unknown commodity: %v", err)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-03-01": "2024-03-01", "2024/3/1": "2024-03-01", "20240301": "2024-03-01",
		"2024年3月1日": "2024-03-01", "2024.3.1": "2024-03-01", " 2024-3-1 ": "2024-03-01",
	} {
		d, err := leadingload.ParseDate(in)
		if err != nil || d.Format("2006-01-02") != want {
			t.Errorf("ParseDate(%q) = %v %v", in, d, err)
		}
	}
	for _, in := range []string{"", "2024-13-01", "2023-02-29", "明天", "2024-03"} {
		if _, err := leadingload.ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
}

// BenchmarkLoadPowerClickHouse loads generated rows into a private
// ClickHouse and reports rows/s (LEADING_BENCH_ROWS sets the size).
func BenchmarkLoadPowerClickHouse(b *testing.B) {
	ents, days := 1000, 500
	if os.Getenv("LEADING_BENCH_ROWS") == "10m" {
		ents, days = 10_000, 1000
	}
	f, err := os.CreateTemp(b.TempDir(), "power-*.csv")
	if err != nil {
		b.Fatal(err)
	}
	if err := leadinggen.Write(f, leadinggen.Options{Enterprises: ents, Days: days}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		dsn := chtest.NewDatabase(b)
		st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn})
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		f.Seek(0, 0)
		b.StartTimer()
		res, err := leadingload.LoadPower(ctx, st, "bench.csv", f, leadingload.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Batch.Counts.Added != ents*days {
			b.Fatalf("added %d", res.Batch.Counts.Added)
		}
		st.Close()
	}
	b.ReportMetric(float64(ents*days*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func openClickHouse(t *testing.T) *clickhouse.Store {
	t.Helper()
	st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: chtest.NewDatabase(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// TestPowerLoadOnePassAndTwoAgree: a file whose readings are kept in memory
// (one pass), one read twice (KeepReadings < 0) and one that outgrows the
// limit part way (read again) store the same readings.
func TestPowerLoadOnePassAndTwoAgree(t *testing.T) {
	var buf bytes.Buffer
	o := leadinggen.Options{Enterprises: 12, Days: 40}
	if err := leadinggen.Write(&buf, o); err != nil {
		t.Fatal(err)
	}
	from, to := d(2000, 1, 1), d(2100, 1, 1)
	var want []leading.PowerPoint
	// Kept in memory or read twice, in one block or in blocks of a few
	// lines read on several cores: the same readings are stored.
	for i, c := range []struct{ keep, block int }{{0, 0}, {-1, 0}, {100, 0}, {0, 97}, {-1, 200}, {100, 1000}} {
		keep := c.keep
		st := openEmbedded(t)
		lo := opts()
		lo.Units, lo.ChunkRows, lo.KeepReadings, lo.BlockBytes = nil, 97, keep, c.block
		res, err := leadingload.LoadPower(ctx, st, "power.csv", bytes.NewReader(buf.Bytes()), lo)
		if err != nil {
			t.Fatalf("keep %d, block %d: %v", keep, c.block, err)
		}
		if res.Batch.Counts.Added != 480 {
			t.Fatalf("keep %d, block %d: counts %+v, want 480 added", keep, c.block, res.Batch.Counts)
		}
		got, err := st.PowerDaily(ctx, leading.PowerQuery{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			want = got
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("keep %d, block %d stored %+v, want %+v", keep, c.block, got, want)
		}
	}
	var wh, reads, genWh int64
	for _, p := range want {
		wh, reads = wh+p.Wh, reads+p.Readings
	}
	leadinggen.Each(o, func(r leading.PowerReading) error { genWh += r.Wh; return nil })
	if reads != 480 || wh != genWh {
		t.Fatalf("stored %d readings, %d Wh; the file has 480 readings, %d Wh", reads, wh, genWh)
	}
}

// TestParseDateFastPathIsTimeParse: 2024-03-01 is read without
// time.Parse; every such text must give what time.Parse gave (and fall
// back to the full reading, with its messages, where time.Parse refused).
func TestParseDateFastPathIsTimeParse(t *testing.T) {
	for _, y := range []int{0, 1969, 1970, 2023, 2024, 2100, 2105, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				want, werr := time.Parse("2006-01-02", s)
				got, err := leadingload.ParseDate(s)
				if werr == nil && (err != nil || !got.Equal(want) || got.Location() != time.UTC) {
					t.Fatalf("ParseDate(%q) = %v %v, want %v", s, got, err, want)
				}
				if werr != nil && err == nil {
					t.Fatalf("ParseDate(%q) = %v, time.Parse refused it: %v", s, got, werr)
				}
			}
		}
	}
}
