package viewcache_test

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"industrydash/internal/viewcache"
)

func TestLRUEvictsByBytesLeastRecentlyUsedFirst(t *testing.T) {
	c := viewcache.NewLRU(300)
	c.Add("a", "A", 100)
	c.Add("b", "B", 100)
	c.Add("c", "C", 100)
	if _, ok := c.Get("a"); !ok { // a is now the most recently used
		t.Fatal("a missing before the bound was reached")
	}
	c.Add("d", "D", 150) // 450 bytes: b (oldest) and then c must go
	for key, want := range map[string]bool{"a": true, "b": false, "c": false, "d": true} {
		if _, ok := c.Get(key); ok != want {
			t.Errorf("after adding d: %s present = %v, want %v", key, ok, want)
		}
	}
	if n, bytes := c.Stats(); n != 2 || bytes != 250 {
		t.Fatalf("Stats = %d entries, %d bytes; want 2, 250", n, bytes)
	}
	c.Add("huge", "X", 301) // larger than the whole bound: not kept, nothing evicted
	if _, ok := c.Get("huge"); ok {
		t.Fatal("a value larger than the bound was stored")
	}
	if n, _ := c.Stats(); n != 2 {
		t.Fatalf("a too-large value evicted others: %d entries left", n)
	}
	c.Add("a", "A2", 200) // replacing counts the new size only: 350 bytes, so d goes
	if n, bytes := c.Stats(); n != 1 || bytes != 200 {
		t.Fatalf("after replacing a: %d entries, %d bytes; want 1, 200", n, bytes)
	}
	if v, _ := c.Get("a"); v != "A2" {
		t.Fatalf("a = %v after replacing, want A2", v)
	}
}

// GetBytes finds what Get finds, counts as a use like Get (so the entry
// survives the next eviction), and allocates nothing.
func TestGetBytesIsGet(t *testing.T) {
	c := viewcache.NewLRU(200)
	c.Add("a", "A", 100)
	c.Add("b", "B", 100)
	key := []byte("a")
	if v, ok := c.GetBytes(key); !ok || v != "A" {
		t.Fatalf("GetBytes(a) = %v, %v", v, ok)
	}
	if _, ok := c.GetBytes([]byte("zz")); ok {
		t.Fatal("GetBytes found a key never added")
	}
	c.Add("c", "C", 100) // b, not a, is the least recently used
	if _, ok := c.Get("a"); !ok {
		t.Fatal("a was evicted although GetBytes had just used it")
	}
	if _, ok := c.Get("b"); ok {
		t.Fatal("b survived: GetBytes did not mark a as used")
	}
	if n := testing.AllocsPerRun(100, func() { c.GetBytes(key) }); n != 0 {
		t.Errorf("GetBytes allocates %v times per lookup, want 0", n)
	}
}

func TestLoadBuildsOnceForConcurrentMisses(t *testing.T) {
	c := viewcache.NewLRU(1 << 20)
	var builds atomic.Int32
	release := make(chan struct{})
	const n = 50
	var wg sync.WaitGroup
	var entered atomic.Int32
	results := make([]any, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			entered.Add(1)
			v, _, err := c.Load("k", func() (any, int64, error) {
				builds.Add(1)
				<-release // hold the build until every caller has asked
				return "built", 10, nil
			})
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		}()
	}
	// Hold the first build until every caller has asked and had time to
	// reach Load: without de-duplication they would all be building now.
	for entered.Load() < n || builds.Load() == 0 {
		runtime.Gosched()
	}
	for i := 0; i < 100; i++ {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if got := builds.Load(); got != 1 {
		t.Fatalf("%d concurrent misses ran build %d times, want once", n, got)
	}
	for i, v := range results {
		if v != "built" {
			t.Fatalf("caller %d got %v", i, v)
		}
	}
	if _, hit, _ := c.Load("k", func() (any, int64, error) { t.Fatal("built again on a warm key"); return nil, 0, nil }); !hit {
		t.Fatal("warm Load did not report a hit")
	}
}

func TestLoadDoesNotKeepFailures(t *testing.T) {
	c := viewcache.NewLRU(1 << 20)
	boom := errors.New("boom")
	if _, _, err := c.Load("k", func() (any, int64, error) { return nil, 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	v, hit, err := c.Load("k", func() (any, int64, error) { return 7, 8, nil })
	if err != nil || hit || v != 7 {
		t.Fatalf("after a failure: %v, hit %v, %v; want a fresh build", v, hit, err)
	}
}

func TestSizeCountsWhatIsReachable(t *testing.T) {
	type row struct {
		Name string
		Vals []float64
	}
	type view struct {
		Rows  []row
		ByKey map[string]*row
	}
	small := view{Rows: []row{{Name: "a", Vals: make([]float64, 10)}}}
	big := view{ByKey: map[string]*row{}}
	for i := 0; i < 100; i++ {
		r := &row{Name: fmt.Sprintf("row-%03d", i), Vals: make([]float64, 100)}
		big.Rows = append(big.Rows, *r)
		big.ByKey[r.Name] = r
	}
	s, b := viewcache.Size(&small), viewcache.Size(&big)
	if s < 80 { // ten float64s at least
		t.Fatalf("Size(small) = %d, want ≥ 80", s)
	}
	// Rows and ByKey share each row's values: counted once, 80,000 bytes,
	// plus names, row headers and the map.
	if b < 100*100*8 || b > 2*100*100*8 {
		t.Fatalf("Size(big) = %d, want between %d and %d", b, 100*100*8, 2*100*100*8)
	}
	shared := &row{Vals: make([]float64, 1000)}
	twice := []*row{shared, shared}
	if got := viewcache.Size(twice); got > 8000+1000 {
		t.Fatalf("Size counts a shared object twice: %d", got)
	}
}

func TestVersionedEmptiesOnANewVersion(t *testing.T) {
	v := viewcache.NewVersioned(1 << 20)
	v.At("1").Add("1|k", "old", 10)
	if _, ok := v.At("1").Get("1|k"); !ok {
		t.Fatal("an entry of the current version is gone")
	}
	if _, ok := v.At("2").Get("1|k"); ok {
		t.Fatal("an entry of the previous version survived a version change")
	}
	if n, bytes := v.Stats(); n != 0 || bytes != 0 {
		t.Fatalf("after a version change: %d entries, %d bytes; want none", n, bytes)
	}
}
