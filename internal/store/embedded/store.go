// Package embedded is the pure-Go store used when no ClickHouse is
// configured: one bbolt file in a data directory for durability, and an
// in-memory index built at Open that answers every query. No cgo, so the one
// binary also runs on Windows.
//
// Reads of the catalogue, observations, users and submissions never touch
// the file: that data lives in memory in a compact form (a million
// observations take about 100 MB of heap), which keeps an overview over them
// in the tens of milliseconds. Sessions, tokens, submission events and the
// audit log grow without bound and are read from the file one key or range
// at a time (see accounts.go). Open reads the file back in (about two
// seconds for a million rows on a small server). Writes go to bbolt first,
// in one transaction per call, and reach the index only after the commit, so
// a failed write leaves both unchanged.
package embedded

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// FileName is the database file inside Config.Dir.
const FileName = "indicators.db"

// DefaultLockTimeout is how long Open waits for another process to release
// the data directory.
const DefaultLockTimeout = 2 * time.Second

// Config configures the embedded store.
type Config struct {
	// Dir is the data directory; it is created when missing.
	Dir string
	// LockTimeout is how long Open waits for the file lock (0: DefaultLockTimeout).
	LockTimeout time.Duration
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if strings.TrimSpace(c.Dir) == "" {
		return msg.New(msg.StoreNoDir)
	}
	if c.LockTimeout < 0 {
		return msg.New(msg.StoreBadLockTimeout, c.LockTimeout)
	}
	return nil
}

// Bucket names.
var (
	bucketMeta       = []byte("meta")
	bucketOrgUnits   = []byte("org_units")
	bucketIndicators = []byte("indicators")
	bucketTargets    = []byte("targets")
	bucketObs        = []byte("observations")
	bucketBatches    = []byte("batches")

	keySchema      = []byte("schema_version")
	keyDataVersion = []byte("data_version")
	keyStoreID     = []byte("store_id")
)

// migrations are the embedded schema's versions; migration i brings the
// file to version i+1. Append new ones, never edit applied ones.
var migrations = []func(tx *bolt.Tx) error{
	// 1: the buckets and the store identity.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketOrgUnits, bucketIndicators, bucketTargets, bucketObs, bucketBatches} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		if meta.Get(keyStoreID) == nil {
			id := make([]byte, 8)
			if _, err := rand.Read(id); err != nil {
				return fmt.Errorf("store id: %w", err)
			}
			if err := meta.Put(keyStoreID, []byte(hex.EncodeToString(id))); err != nil {
				return err
			}
		}
		return nil
	},
	// 2: users, sessions, tokens, submissions, submission events, audit log.
	migrateAccounts,
	// 3: the outbox of approved values.
	migrateOutbox,
	// 4: 消息推送: subscriptions, notices, delivery attempts, rule state.
	migrateNotify,
}

// SchemaVersion is the schema version this build expects.
var SchemaVersion = len(migrations)

var errClosed = msg.New(msg.StoreClosed)

// Store is the embedded store. It is safe for concurrent use.
// DB is the embedded store's one bbolt file, held in memory, with what
// both of its faces share: the writer lock, the schema and the loaded
// data. Facts and Workflow return the fact store and the workflow store
// over it; one process opens a data directory once.
type DB struct {
	dir string

	// mu serialises writers: a writer holds it across its checks, the
	// bolt write and its fsync. rmu guards what readers see: readers hold
	// it shared; a writer takes it exclusively only to publish a committed
	// write's in-memory changes (and Close and Migrate to change db and
	// schema), so a reader never waits for a writer's fsync.
	mu      sync.RWMutex
	rmu     sync.RWMutex
	db      *bolt.DB
	schema  int
	storeID string
	version uint64
	// versionText is the last DataVersion answer: every cached request
	// asks, and the answer changes only with a fact write.
	versionText atomic.Pointer[dataVersion]

	units   map[string]domain.OrgUnit
	inds    map[string]domain.Indicator
	targets map[string][]domain.Target // by Target.Key, revisions ascending
	batches []store.Batch              // newest first
	obs     *obsIndex
	users   map[string]store.User       // by ID
	subs    map[string]store.Submission // current version by ID
	lead    leadingState                // the 先行指标 data, loaded on first use

	// inWrite, when set (by tests), runs inside every write transaction
	// before it commits.
	inWrite func()
}

// Store is the embedded fact store (store.Store): the catalogue, targets,
// observations, batches, 先行指标 and budget data.
type Store struct{ *DB }

// Workflow is the embedded workflow store (store.Workflow): accounts,
// sessions, submissions, the audit log and the push outbox.
type Workflow struct{ *DB }

var (
	_ store.Store    = (*Store)(nil)
	_ store.Workflow = (*Workflow)(nil)
)

// Facts returns the fact store over d.
func (d *DB) Facts() *Store { return &Store{d} }

// Workflow returns the workflow store over d.
func (d *DB) Workflow() *Workflow { return &Workflow{d} }

// Open opens (creating if needed) the store in cfg.Dir and loads it into
// memory. Only one process may have the directory open at a time. Call
// Migrate before the first write.
func Open(cfg Config) (*DB, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
		return nil, msg.Wrap(err, msg.StoreMkdir, cfg.Dir)
	}
	timeout := cfg.LockTimeout
	if timeout == 0 {
		timeout = DefaultLockTimeout
	}
	path := filepath.Join(cfg.Dir, FileName)
	opts := &bolt.Options{Timeout: timeout, FreelistType: bolt.FreelistMapType}
	if runtime.GOOS != "windows" && strconv.IntSize == 64 {
		// Reserve address space up front: every time bbolt outgrows its map
		// it remaps and copies the open transaction's pages, which made large
		// appends several times slower. (On Windows the file would grow to
		// the map size, so it keeps the default there.)
		opts.InitialMmapSize = 1 << 30
	}
	db, err := bolt.Open(path, 0o600, opts)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, msg.New(msg.StoreLocked, cfg.Dir)
	}
	if err != nil {
		return nil, msg.Wrap(err, msg.StoreOpenFile, path)
	}
	s := &DB{dir: cfg.Dir, db: db}
	if err := s.load(); err != nil {
		_ = db.Close()
		return nil, err
	}
	if s.schema > SchemaVersion {
		_ = db.Close()
		return nil, msg.New(msg.StoreNewerSchema, cfg.Dir, s.schema, SchemaVersion)
	}
	return s, nil
}

// load reads the whole file into memory.
func (s *DB) load() error {
	s.units = map[string]domain.OrgUnit{}
	s.inds = map[string]domain.Indicator{}
	s.targets = map[string][]domain.Target{}
	s.batches = nil
	s.obs = newObsIndex()
	s.users = map[string]store.User{}
	s.subs = map[string]store.Submission{}
	err := s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			s.schema = int(getUint(meta, keySchema))
			s.version = getUint(meta, keyDataVersion)
			s.storeID = string(meta.Get(keyStoreID))
		}
		if err := eachJSON(tx, bucketOrgUnits, func(u domain.OrgUnit) { s.units[u.Code] = u }); err != nil {
			return err
		}
		if err := eachJSON(tx, bucketIndicators, func(ind domain.Indicator) { s.inds[ind.Code] = ind }); err != nil {
			return err
		}
		// Keys sort by target key then big-endian revision: revisions come ascending.
		if err := eachJSON(tx, bucketTargets, func(t domain.Target) { s.targets[t.Key()] = append(s.targets[t.Key()], t) }); err != nil {
			return err
		}
		if err := eachJSON(tx, bucketBatches, func(b store.Batch) { s.batches = append(s.batches, b) }); err != nil {
			return err
		}
		if err := s.loadAccounts(tx); err != nil {
			return err
		}
		b := tx.Bucket(bucketObs)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		sc := &strCache{intern: s.obs.intern}
		for k, v := c.First(); k != nil; k, v = c.Next() {
			o, rec, err := decodeObs(v, sc)
			if err != nil {
				return fmt.Errorf("observation %x: %w", k, err)
			}
			s.obs.add(o, rec, binary.BigEndian.Uint64(k), true)
		}
		s.obs.commit()
		return nil
	})
	if err != nil {
		return msg.Wrap(err, msg.StoreReadFile, filepath.Join(s.dir, FileName))
	}
	sortBatches(s.batches)
	return nil
}

func eachJSON[T any](tx *bolt.Tx, bucket []byte, f func(T)) error {
	b := tx.Bucket(bucket)
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return fmt.Errorf("%s %q: %w", bucket, k, err)
		}
		f(x)
		return nil
	})
}

func getUint(b *bolt.Bucket, key []byte) uint64 {
	v := b.Get(key)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func putUint(b *bolt.Bucket, key []byte, v uint64) error {
	return b.Put(key, binary.BigEndian.AppendUint64(nil, v))
}

// write runs a fact write (catalogue, targets, observations, leading data):
// fn in one bbolt transaction that also bumps the data version, so the
// dashboard caches keyed on it see the new facts. On success, apply updates
// the in-memory state. The caller holds s.mu.
func (s *DB) write(ctx context.Context, what string, fn func(tx *bolt.Tx) error, apply func()) error {
	return s.update(ctx, what, true, fn, apply)
}

// writeState runs a write that changes no fact (accounts, sessions, tokens,
// submissions, audit entries, ingest batch records): the data version stays,
// so a login or a saved draft never empties the dashboard caches.
func (s *DB) writeState(ctx context.Context, what string, fn func(tx *bolt.Tx) error, apply func()) error {
	return s.update(ctx, what, false, fn, apply)
}

func (s *DB) update(ctx context.Context, what string, fact bool, fn func(tx *bolt.Tx) error, apply func()) error {
	if err := s.writable(ctx); err != nil {
		return err
	}
	next := s.version
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if s.inWrite != nil {
			s.inWrite()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !fact {
			return nil
		}
		meta := tx.Bucket(bucketMeta)
		next = getUint(meta, keyDataVersion) + 1
		return putUint(meta, keyDataVersion, next)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	s.rmu.Lock()
	s.version = next
	apply()
	s.rmu.Unlock()
	return nil
}

// writable checks that the store is open and migrated. The caller holds s.mu.
func (s *DB) writable(ctx context.Context) error {
	if err := s.readable(ctx); err != nil {
		return err
	}
	if s.schema != SchemaVersion {
		return msg.New(msg.StoreNotMigrated, s.dir, s.schema, SchemaVersion)
	}
	return nil
}

// readable checks that the store is open. The caller holds s.mu (a writer) or s.rmu (a reader).
func (s *DB) readable(ctx context.Context) error {
	if s.db == nil {
		return errClosed
	}
	return ctx.Err()
}

// Migrate brings the file to SchemaVersion; it is idempotent.
func (s *DB) Migrate(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.readable(ctx); err != nil {
		return err
	}
	if s.schema >= SchemaVersion {
		return nil
	}
	var id string
	err := s.db.Update(func(tx *bolt.Tx) error {
		for v := s.schema; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migration %d: %w", v+1, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		id = string(meta.Get(keyStoreID))
		return putUint(meta, keySchema, uint64(SchemaVersion))
	})
	if err != nil {
		return msg.Wrap(err, msg.StoreMigrate, s.dir)
	}
	s.rmu.Lock()
	s.schema, s.storeID = SchemaVersion, id
	s.rmu.Unlock()
	return nil
}

// SchemaStatus returns the applied and the expected schema versions.
func (s *DB) SchemaStatus(ctx context.Context) (applied, expected int, err error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return 0, 0, err
	}
	return s.schema, SchemaVersion, nil
}

// DataVersion returns "<store id>-<fact write counter>"; the counter is
// persisted and bumped by every fact write (never by accounts, sessions,
// submissions or the audit log), so the value survives restarts and differs
// between two data directories.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return "", err
	}
	if v := s.versionText.Load(); v != nil && v.storeID == s.storeID && v.n == s.version {
		return v.text, nil
	}
	v := &dataVersion{storeID: s.storeID, n: s.version, text: s.storeID + "-" + strconv.FormatUint(s.version, 10)}
	s.versionText.Store(v)
	return v.text, nil
}

// dataVersion is a DataVersion answer with what it was made from.
type dataVersion struct {
	storeID string
	n       uint64
	text    string
}

// Ping checks that the file is open and readable.
func (s *DB) Ping(ctx context.Context) error {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return err
	}
	if err := s.db.View(func(*bolt.Tx) error { return nil }); err != nil {
		return fmt.Errorf("ping embedded store: %w", err)
	}
	return nil
}

// Close releases the file lock. Later calls fail with a clear error.
func (s *DB) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	s.obs = newObsIndex()
	s.users, s.subs = map[string]store.User{}, map[string]store.Submission{}
	s.lead.loadMu.Lock()
	s.lead.reset() // frees the 先行指标 data
	s.lead.loaded = false
	s.lead.loadMu.Unlock()
	if err != nil {
		return fmt.Errorf("close embedded store: %w", err)
	}
	return nil
}

// Path returns the database file's path.
func (s *DB) Path() string { return filepath.Join(s.dir, FileName) }

// ---- catalogue ----

// PutOrgUnits inserts or replaces org units by code.
func (s *Store) PutOrgUnits(ctx context.Context, units []domain.OrgUnit) error {
	for i, u := range units {
		if strings.TrimSpace(u.Code) == "" {
			return msg.New(msg.StoreUnitNoCode, i+1)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write(ctx, "save org units", func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketOrgUnits), units, func(u domain.OrgUnit) string { return u.Code })
	}, func() {
		for _, u := range units {
			s.units[u.Code] = u
		}
	})
}

// PutIndicators inserts or replaces indicators by code.
func (s *Store) PutIndicators(ctx context.Context, inds []domain.Indicator) error {
	for i, ind := range inds {
		if strings.TrimSpace(ind.Code) == "" {
			return msg.New(msg.StoreIndicatorNoCode, i+1)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write(ctx, "save indicators", func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketIndicators), inds, func(ind domain.Indicator) string { return ind.Code })
	}, func() {
		for _, ind := range inds {
			s.inds[ind.Code] = cloneIndicator(ind)
		}
	})
}

func putJSON[T any](b *bolt.Bucket, list []T, key func(T) string) error {
	for _, x := range list {
		v, err := json.Marshal(x)
		if err != nil {
			return fmt.Errorf("encode %s: %w", key(x), err)
		}
		if err := b.Put([]byte(key(x)), v); err != nil {
			return fmt.Errorf("put %s: %w", key(x), err)
		}
	}
	return nil
}

// OrgUnits returns every org unit ordered by Order then Code.
func (s *Store) OrgUnits(ctx context.Context) ([]domain.OrgUnit, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.OrgUnit, 0, len(s.units))
	for _, u := range s.units {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b domain.OrgUnit) int {
		if a.Order != b.Order {
			return cmpInt(a.Order, b.Order)
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out, nil
}

// Indicators returns every indicator ordered by Order then Code.
func (s *Store) Indicators(ctx context.Context) ([]domain.Indicator, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.Indicator, 0, len(s.inds))
	for _, ind := range s.inds {
		out = append(out, cloneIndicator(ind))
	}
	slices.SortFunc(out, func(a, b domain.Indicator) int {
		if a.Order != b.Order {
			return cmpInt(a.Order, b.Order)
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out, nil
}

func cloneIndicator(ind domain.Indicator) domain.Indicator {
	ind.Breakdown = slices.Clone(ind.Breakdown)
	ind.Stages = slices.Clone(ind.Stages)
	return ind
}

func cloneTarget(t domain.Target) domain.Target {
	cp := func(p *float64) *float64 {
		if p == nil {
			return nil
		}
		v := *p
		return &v
	}
	t.ValueHigh, t.Tolerance, t.Baseline = cp(t.ValueHigh), cp(t.Tolerance), cp(t.Baseline)
	t.Phasing = slices.Clone(t.Phasing)
	return t
}

func targetKey(t domain.Target) []byte {
	return binary.BigEndian.AppendUint32([]byte(t.Key()+"\x00"), uint32(t.Revision))
}

// AddTargets appends target revisions: a target equal in content to its
// current revision is skipped, a changed or new one becomes revision n+1.
// RecordedAt is kept as given (now, when zero), so Targets(year, asOf) can
// tell which revision stood at a time.
func (s *Store) AddTargets(ctx context.Context, targets []domain.Target) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return 0, err
	}
	added := domain.NewRevisions(targets, func(k string) (domain.Target, bool) {
		if revs := s.targets[k]; len(revs) > 0 {
			return revs[len(revs)-1], true
		}
		return domain.Target{}, false
	}, time.Now())
	for i := range added {
		added[i] = cloneTarget(added[i]) // the store keeps them in memory
	}
	if len(added) == 0 {
		return 0, nil
	}
	err := s.write(ctx, "add targets", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTargets)
		for _, t := range added {
			v, err := json.Marshal(t)
			if err != nil {
				return fmt.Errorf("encode target %s: %w", t.Key(), err)
			}
			if err := b.Put(targetKey(t), v); err != nil {
				return fmt.Errorf("put target %s: %w", t.Key(), err)
			}
		}
		return nil
	}, func() {
		for _, t := range added {
			s.targets[t.Key()] = append(s.targets[t.Key()], t)
		}
	})
	if err != nil {
		return 0, err
	}
	return len(added), nil
}

// Targets returns the revision of every target of year current at asOf
// (the latest when asOf is zero), ordered by indicator then org unit.
func (s *Store) Targets(ctx context.Context, year int, asOf time.Time) ([]domain.Target, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var out []domain.Target
	for _, revs := range s.targets {
		if len(revs) == 0 || revs[0].Year != year {
			continue
		}
		for i := len(revs) - 1; i >= 0; i-- {
			if asOf.IsZero() || !revs[i].RecordedAt.After(asOf) {
				out = append(out, cloneTarget(revs[i]))
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b domain.Target) int {
		if c := strings.Compare(a.Indicator, b.Indicator); c != 0 {
			return c
		}
		return strings.Compare(a.OrgUnit, b.OrgUnit)
	})
	return out, nil
}

// TargetRevisions returns every revision of one target, oldest first (none
// for an unknown target).
func (s *Store) TargetRevisions(ctx context.Context, year int, indicator, orgUnit string) ([]domain.Target, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	revs := s.targets[domain.Target{Year: year, Indicator: indicator, OrgUnit: orgUnit}.Key()]
	out := make([]domain.Target, len(revs))
	for i, t := range revs {
		out[i] = cloneTarget(t)
	}
	return out, nil
}

// TargetYears returns the years that have targets, ascending.
func (s *Store) TargetYears(ctx context.Context) ([]int, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var out []int
	for _, revs := range s.targets {
		if len(revs) > 0 && !slices.Contains(out, revs[0].Year) {
			out = append(out, revs[0].Year)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ---- observations ----

// AppendObservations validates every row, then writes all of them in one
// bbolt transaction with sequential keys; the index changes only after the
// commit, so a rejected or failed call changes nothing.
func (s *Store) AppendObservations(ctx context.Context, obs []domain.Observation) error {
	for i, o := range obs {
		if err := o.Validate(); err != nil {
			return msg.New(msg.StoreBadObservation, i+1, o.Indicator, o.OrgUnit, o.Period, err)
		}
		if y := o.RecordedAt.Year(); y < 1900 || y > 2200 {
			return msg.New(msg.StoreBadRecordedAt, i+1, o.RecordedAt.Format(time.RFC3339))
		}
	}
	if len(obs) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var first uint64
	return s.write(ctx, "append observations", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketObs)
		b.FillPercent = 1 // append-only with increasing keys: pack pages full
		first = b.Sequence() + 1
		// bbolt keeps references to keys and values until the commit, so
		// they live in arenas: one block of keys, and one growing buffer
		// whose earlier slices stay valid when it is reallocated.
		keys := make([]byte, 8*len(obs))
		buf := make([]byte, 0, 128*len(obs))
		for i, o := range obs {
			if i%8192 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			key := keys[8*i : 8*i+8 : 8*i+8]
			binary.BigEndian.PutUint64(key, first+uint64(i))
			start := len(buf)
			buf = encodeObs(buf, o)
			if err := b.Put(key, buf[start:len(buf):len(buf)]); err != nil {
				return fmt.Errorf("put observation %d: %w", i+1, err)
			}
		}
		return b.SetSequence(first + uint64(len(obs)) - 1)
	}, func() {
		for i, o := range obs {
			s.obs.add(o, o.RecordedAt.UnixNano(), first+uint64(i), false)
		}
		s.obs.commit()
	})
}

// CurrentObservations returns the latest row per key among the rows the
// filter selects, ordered by indicator, org unit, period, value type.
func (s *Store) CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	return s.obs.current(f), nil
}

// ObservationHistory returns every row of one indicator and unit (one year,
// or all when year is 0), oldest recorded first, ties by period and value type.
func (s *Store) ObservationHistory(ctx context.Context, indicator, orgUnit string, year int) ([]domain.Observation, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	if orgUnit == "" {
		return nil, nil
	}
	return s.obs.history(indicator, orgUnit, year), nil
}

// LatestPeriod returns the latest period end month with any observation in
// year (0 when none).
func (s *Store) LatestPeriod(ctx context.Context, year int) (int, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return 0, err
	}
	return s.obs.yearMax[year], nil
}

// ObservationYears returns the years that have observations, ascending.
func (s *Store) ObservationYears(ctx context.Context) ([]int, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	return s.obs.years(), nil
}

// ---- batches ----

// RecordBatch stores a batch summary; recording the same ID again replaces it.
func (s *Store) RecordBatch(ctx context.Context, b store.Batch) error {
	if strings.TrimSpace(b.ID) == "" {
		return msg.New(msg.StoreBatchNoID)
	}
	b.StartedAt, b.EndedAt = b.StartedAt.UTC(), b.EndedAt.UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeState(ctx, "record batch", func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketBatches), []store.Batch{b}, func(b store.Batch) string { return b.ID })
	}, func() {
		s.batches = slices.DeleteFunc(s.batches, func(x store.Batch) bool { return x.ID == b.ID })
		s.batches = append(s.batches, b)
		sortBatches(s.batches)
	})
}

func sortBatches(list []store.Batch) {
	slices.SortFunc(list, func(a, b store.Batch) int {
		if c := b.StartedAt.Compare(a.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
}

// ListBatches returns batches, newest (by StartedAt) first, at most limit (0: all).
func (s *Store) ListBatches(ctx context.Context, limit int) ([]store.Batch, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	n := len(s.batches)
	if limit > 0 && limit < n {
		n = limit
	}
	return slices.Clone(s.batches[:n]), nil
}

// Combined is both faces of one file in one value, for tests and tools
// that use a single embedded store for everything, as the product does by
// default. The product itself wires the faces separately (see app.Stores).
type Combined struct {
	*Store
	*Workflow
}

// Both returns both faces of d.
func (d *DB) Both() Combined { return Combined{Store: d.Facts(), Workflow: d.Workflow()} }

// Migrate brings the file's schema to the current version.
func (c Combined) Migrate(ctx context.Context) error { return c.Store.Migrate(ctx) }

// SchemaStatus returns the applied and the expected schema versions.
func (c Combined) SchemaStatus(ctx context.Context) (applied, expected int, err error) {
	return c.Store.SchemaStatus(ctx)
}

// Ping checks that the file is open.
func (c Combined) Ping(ctx context.Context) error { return c.Store.Ping(ctx) }

// Close closes the file.
func (c Combined) Close() error { return c.Store.Close() }

// Path is the file's path.
func (c Combined) Path() string { return c.Store.Path() }
