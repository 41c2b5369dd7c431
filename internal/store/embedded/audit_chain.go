package embedded

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// The audit chain (store.AuditChain). Entries keep their time-ordered keys
// (at, seq); seq, the audit bucket's sequence, is also the entry's Seq in
// the chain, since bbolt hands it out one by one under the single writer.
// The bucket audit_meta holds the chain's head (the last appended Seq and
// Hash, so the next entry links to it without a scan) and the anchor left
// by pruning. The store offers no way to change or delete an entry except
// PruneAudit, which removes only the oldest and records the anchor.
//
//	audit_meta  "head"   → auditHead (JSON)
//	            "anchor" → store.AuditAnchor (JSON)

var (
	_ store.AuditChain = (*Workflow)(nil)

	bucketAuditMeta = []byte("audit_meta")
	keyAuditHead    = []byte("head")
	keyAuditAnchor  = []byte("anchor")
)

type auditHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// normAudit checks entries and puts them in stored form: bounded, with a
// zero At made now, times as store.AuditTime.
func normAudit(entries []store.AuditEntry) ([]store.AuditEntry, error) {
	now := time.Now()
	out := make([]store.AuditEntry, len(entries))
	for i, e := range entries {
		e = e.Bounded()
		if strings.TrimSpace(e.Action) == "" {
			return nil, msg.New(msg.StoreAuditNoAction, i+1)
		}
		if e.At.IsZero() {
			e.At = now
		}
		e.At = store.AuditTime(e.At)
		if err := checkTime(msg.New(msg.NounAuditEntryN, i+1), e.At); err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// putAudit appends entries to the chain within tx.
func putAudit(tx *bolt.Tx, entries []store.AuditEntry) error {
	b := tx.Bucket(bucketAudit)
	meta, err := tx.CreateBucketIfNotExists(bucketAuditMeta)
	if err != nil {
		return err
	}
	var head auditHead
	if v := meta.Get(keyAuditHead); v != nil {
		if err := json.Unmarshal(v, &head); err != nil {
			return fmt.Errorf("read audit head: %w", err)
		}
	}
	for i, e := range entries {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		e.Seq, e.PrevHash = int64(seq), head.Hash
		e.Hash = e.ChainHash(e.PrevHash)
		v, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("encode audit entry %d: %w", i+1, err)
		}
		if err := b.Put(binary.BigEndian.AppendUint64(sortable(e.At), seq), v); err != nil {
			return fmt.Errorf("put audit entry %d: %w", i+1, err)
		}
		head = auditHead{Seq: e.Seq, Hash: e.Hash}
	}
	v, err := json.Marshal(head)
	if err != nil {
		return err
	}
	return meta.Put(keyAuditHead, v)
}

// auditRec is an entry with its key.
type auditRec struct {
	key []byte
	e   store.AuditEntry
}

// allAudit reads every entry, in Seq order; an entry from before the chain
// gets its Seq from its key.
func allAudit(ctx context.Context, tx *bolt.Tx) ([]auditRec, error) {
	b := tx.Bucket(bucketAudit)
	if b == nil {
		return nil, nil
	}
	var out []auditRec
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(out)%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		var e store.AuditEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, fmt.Errorf("audit entry %x: %w", k, err)
		}
		if e.Seq == 0 && len(k) >= 16 {
			e.Seq = int64(binary.BigEndian.Uint64(k[len(k)-8:]))
		}
		out = append(out, auditRec{key: bytes.Clone(k), e: e})
	}
	slices.SortStableFunc(out, func(a, b auditRec) int { return cmp.Compare(a.e.Seq, b.e.Seq) })
	return out, nil
}

func readAnchor(tx *bolt.Tx) (store.AuditAnchor, error) {
	var a store.AuditAnchor
	meta := tx.Bucket(bucketAuditMeta)
	if meta == nil {
		return a, nil
	}
	if v := meta.Get(keyAuditAnchor); v != nil {
		if err := json.Unmarshal(v, &a); err != nil {
			return a, fmt.Errorf("read audit anchor: %w", err)
		}
	}
	return a, nil
}

// WalkAudit calls fn with every entry in Seq order.
func (s *Workflow) WalkAudit(ctx context.Context, fn func(store.AuditEntry) error) error {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return err
	}
	var recs []auditRec
	if err := s.db.View(func(tx *bolt.Tx) (err error) { recs, err = allAudit(ctx, tx); return err }); err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	for _, r := range recs {
		if err := fn(r.e); err != nil {
			return err
		}
	}
	return nil
}

// AuditAnchor returns the latest pruning anchor (zero: never pruned).
func (s *Workflow) AuditAnchor(ctx context.Context) (store.AuditAnchor, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return store.AuditAnchor{}, err
	}
	var a store.AuditAnchor
	err := s.db.View(func(tx *bolt.Tx) (err error) { a, err = readAnchor(tx); return err })
	return a, err
}

// PruneAudit removes the oldest entries (in Seq order) up to the first at
// or after before, and records the anchor.
func (s *Workflow) PruneAudit(ctx context.Context, before time.Time) (store.AuditAnchor, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var anchor store.AuditAnchor
	n := 0
	err := s.writeState(ctx, "prune audit", func(tx *bolt.Tx) error {
		var err error
		if anchor, err = readAnchor(tx); err != nil {
			return err
		}
		recs, err := allAudit(ctx, tx)
		if err != nil {
			return err
		}
		for n < len(recs) && recs[n].e.At.Before(before) {
			n++
		}
		if n == 0 {
			return nil
		}
		b := tx.Bucket(bucketAudit)
		for _, r := range recs[:n] {
			if err := b.Delete(r.key); err != nil {
				return err
			}
		}
		last := recs[n-1].e
		anchor = store.AuditAnchor{Seq: last.Seq, Hash: last.Hash, PrunedAt: time.Now().UTC(), Removed: anchor.Removed + int64(n)}
		v, err := json.Marshal(anchor)
		if err != nil {
			return err
		}
		meta, err := tx.CreateBucketIfNotExists(bucketAuditMeta)
		if err != nil {
			return err
		}
		return meta.Put(keyAuditAnchor, v)
	}, func() {})
	if err != nil {
		return store.AuditAnchor{}, 0, err
	}
	return anchor, n, nil
}
