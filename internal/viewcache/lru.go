// Package viewcache is the memory behind the dashboards' caches: a
// least-recently-used map bounded by the bytes its values hold, and a
// loader that builds a missing value once however many callers ask for it
// at the same time (golang.org/x/sync/singleflight).
//
// Keys are strings chosen by the caller; a caller that keys on a data
// version puts the version into the key (or purges the cache when the
// version changes), so an answer computed from old facts is never returned
// for new ones.
package viewcache

import (
	"container/list"
	"sync"

	"golang.org/x/sync/singleflight"
)

// LRU is a byte-bounded least-recently-used cache. It is safe for
// concurrent use. The zero value is not usable; call NewLRU.
type LRU struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // front: most recently used
	items map[string]*list.Element

	flight singleflight.Group
}

type entry struct {
	key   string
	value any
	size  int64
}

// NewLRU returns a cache that holds values of at most maxBytes in total (as
// reported by the sizes given to Add). maxBytes ≤ 0 disables caching.
func NewLRU(maxBytes int64) *LRU {
	return &LRU{max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

// Get returns the value under key and marks it most recently used.
func (c *LRU) Get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.use(c.items[key])
}

// GetBytes is Get for a key built in a byte slice: a lookup does not
// allocate the key.
func (c *LRU) GetBytes(key []byte) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.use(c.items[string(key)])
}

// use returns the value of el (none when el is nil) and marks it most
// recently used; c.mu is held.
func (c *LRU) use(el *list.Element) (any, bool) {
	if el == nil {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry).value, true
}

// Add stores value under key, counting size bytes for it, and evicts the
// least recently used entries until the total fits. A value larger than
// the whole bound is not stored.
func (c *LRU) Add(key string, value any, size int64) {
	if size < 1 {
		size = 1
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	if size > c.max {
		return
	}
	c.items[key] = c.order.PushFront(&entry{key: key, value: value, size: size})
	c.size += size
	for c.size > c.max {
		c.remove(c.order.Back())
	}
}

func (c *LRU) remove(el *list.Element) {
	e := el.Value.(*entry)
	c.order.Remove(el)
	delete(c.items, e.key)
	c.size -= e.size
}

// Purge drops every entry.
func (c *LRU) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
	c.size = 0
}

// Stats reports the number of entries and the bytes they are counted for.
func (c *LRU) Stats() (entries int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.size
}

// Load returns the value under key, building it on a miss. Concurrent
// misses of one key run build once and share its result; a failed build is
// not stored, and the next Load tries again. build returns the value and
// the bytes to count for it. hit reports whether the value was already
// stored.
func (c *LRU) Load(key string, build func() (any, int64, error)) (value any, hit bool, err error) {
	if v, ok := c.Get(key); ok {
		return v, true, nil
	}
	v, err, _ := c.flight.Do(key, func() (any, error) {
		// A caller that missed just before the previous build finished
		// finds its value here instead of building again.
		if v, ok := c.Get(key); ok {
			return v, nil
		}
		v, size, err := build()
		if err != nil {
			return nil, err
		}
		c.Add(key, v, size)
		return v, nil
	})
	return v, false, err
}

// Versioned is an LRU that holds the answers of one data version at a
// time: asking for a new version empties it, so answers computed from
// older facts are neither served nor kept. It is safe for concurrent use.
type Versioned struct {
	mu      sync.Mutex
	version string
	lru     *LRU
}

// NewVersioned returns a versioned cache of at most maxBytes.
func NewVersioned(maxBytes int64) *Versioned { return &Versioned{lru: NewLRU(maxBytes)} }

// At returns the cache of version, emptying it when the version moved on.
// Callers still put the version into their keys: a build that started
// under the previous version and ends after the change must not be found
// under the new one.
func (v *Versioned) At(version string) *LRU {
	v.mu.Lock()
	defer v.mu.Unlock()
	if version != v.version {
		v.version = version
		v.lru.Purge()
	}
	return v.lru
}

// Stats reports the entries and bytes of the current version.
func (v *Versioned) Stats() (entries int, bytes int64) { return v.lru.Stats() }
