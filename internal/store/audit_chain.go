package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// The audit log is tamper-evident: stores append entries one at a time in
// a single order (Seq 1, 2, 3, … with no gaps), and each entry carries the
// hash of the one before it (PrevHash) and its own hash over that and its
// fields (Hash). Changing an entry breaks its hash; deleting or inserting
// one breaks the sequence or the next entry's PrevHash. Pruning old
// entries (retention) records an anchor, the Seq and Hash of the last
// entry removed, so the rest stays verifiable. Entries written before the
// chain existed (an upgraded store) have no hash; they are counted as
// legacy and precede the chain.

// AuditAnchor is where the chain starts after pruning: the last removed
// entry's Seq and Hash, when it was pruned and how many entries were
// removed in all. The zero anchor means nothing was ever pruned.
type AuditAnchor struct {
	Seq      int64     `json:"seq"`
	Hash     string    `json:"hash"`
	PrunedAt time.Time `json:"pruned_at"`
	Removed  int64     `json:"removed"`
}

// AuditChain is the integrity side of the audit log.
type AuditChain interface {
	// WalkAudit calls fn with every stored entry in append order (Seq
	// ascending), stopping at fn's first error.
	WalkAudit(ctx context.Context, fn func(AuditEntry) error) error
	// AuditAnchor returns the latest anchor (zero when never pruned).
	AuditAnchor(ctx context.Context) (AuditAnchor, error)
	// PruneAudit removes the oldest entries, in append order, up to the
	// first one at or after before, records the anchor and returns it with
	// the number removed (0 and the old anchor when none is old enough).
	PruneAudit(ctx context.Context, before time.Time) (AuditAnchor, int, error)
}

// ChainHash is the hash of entry e (with e.Seq and e.At as stored: UTC,
// microseconds) chained to prev, the previous entry's hash: SHA-256 over
// prev and every field, each prefixed by its length, as lowercase hex.
func (e AuditEntry) ChainHash(prev string) string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("industrydash audit v1")
	put(prev)
	binary.BigEndian.PutUint64(n[:], uint64(e.Seq))
	h.Write(n[:])
	put(e.At.UTC().Format(time.RFC3339Nano))
	for _, f := range []string{e.Actor, e.Role, e.Action, e.Object, e.Old, e.New, e.IP, e.RequestID} {
		put(f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditTime is the time as an audit entry stores and hashes it: UTC,
// truncated to microseconds (what PostgreSQL keeps).
func AuditTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Chain sets Seq, PrevHash and Hash of entries appended after the entry
// (or anchor) with lastSeq and lastHash; At must already be an AuditTime.
func Chain(lastSeq int64, lastHash string, entries []AuditEntry) []AuditEntry {
	for i := range entries {
		lastSeq++
		entries[i].Seq, entries[i].PrevHash = lastSeq, lastHash
		entries[i].Hash = entries[i].ChainHash(lastHash)
		lastHash = entries[i].Hash
	}
	return entries
}

// AuditVerdict is the result of VerifyAudit.
type AuditVerdict struct {
	Checked int64       // entries whose chain link was checked
	Legacy  int64       // entries from before the chain (no hash)
	Anchor  AuditAnchor // where the chain starts
	// Head is the last entry checked: record its Seq and Hash to detect a
	// later removal of the newest entries.
	Head AuditEntry
	// Broken is the first entry whose link fails (nil: the chain holds),
	// and Problem says how.
	Broken  *AuditEntry
	Problem AuditProblem
	// Expected is the Seq expected where a gap was found.
	Expected int64
}

// AuditProblem is how a chain link failed.
type AuditProblem int

// Problems VerifyAudit finds.
const (
	AuditIntact       AuditProblem = iota
	AuditChanged                   // the entry's fields do not match its hash
	AuditGap                       // entries before this one were removed (Seq jumps)
	AuditRelinked                  // PrevHash is not the previous entry's hash (removed, inserted or reordered)
	AuditUnhashed                  // an entry without hash after the chain began
	AuditBeforeAnchor              // an entry at or before the pruning anchor is still there
)

func (p AuditProblem) String() string {
	return [...]string{"intact", "changed", "gap", "relinked", "unhashed", "before anchor"}[p]
}

// VerifyAudit walks the chain from its anchor and reports the first broken
// link.
func VerifyAudit(ctx context.Context, c AuditChain) (AuditVerdict, error) {
	var v AuditVerdict
	anchor, err := c.AuditAnchor(ctx)
	if err != nil {
		return v, fmt.Errorf("read audit anchor: %w", err)
	}
	v.Anchor = anchor
	prevSeq, prevHash := anchor.Seq, anchor.Hash
	chained := anchor.Hash != ""
	errStop := fmt.Errorf("stop")
	err = c.WalkAudit(ctx, func(e AuditEntry) error {
		fail := func(p AuditProblem) error {
			e := e
			v.Broken, v.Problem = &e, p
			return errStop
		}
		if e.Seq <= anchor.Seq {
			return fail(AuditBeforeAnchor)
		}
		if e.Hash == "" { // written before the chain existed
			if chained {
				return fail(AuditUnhashed)
			}
			v.Legacy++
			prevSeq = e.Seq
			return nil
		}
		switch {
		case e.Seq != prevSeq+1:
			v.Expected = prevSeq + 1
			return fail(AuditGap)
		case e.PrevHash != prevHash:
			return fail(AuditRelinked)
		case e.ChainHash(e.PrevHash) != e.Hash:
			return fail(AuditChanged)
		}
		chained = true
		prevSeq, prevHash = e.Seq, e.Hash
		v.Checked++
		v.Head = e
		return nil
	})
	if err == errStop {
		err = nil
	}
	return v, err
}
