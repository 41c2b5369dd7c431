package embedded

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// The workflow store's transactions and the outbox. The embedded store is
// opened by one process at a time, and bbolt runs one write transaction at a
// time, so a version check inside the write is a real compare-and-set.
//
// Keys:
//
//	outbox  seq (uint64 BE) → outboxRec (JSON)

var _ store.Workflow = (*Workflow)(nil)

var bucketOutbox = []byte("outbox")

// migrateOutbox is schema version 3: the outbox bucket.
func migrateOutbox(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketOutbox); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketOutbox, err)
	}
	return nil
}

// outboxRec is how an outbox entry is stored, with its lease.
type outboxRec struct {
	store.OutboxEntry
	LeaseOwner string    `json:"lease_owner,omitempty"`
	LeaseUntil time.Time `json:"lease_until"`
}

// encodeEvent checks and encodes a submission event (At defaults to now).
func encodeEvent(e store.SubmissionEvent) (store.SubmissionEvent, []byte, error) {
	if err := checkID(msg.NounSubmissionEntry, e.SubmissionID); err != nil {
		return e, nil, err
	}
	if strings.TrimSpace(e.Action) == "" {
		return e, nil, msg.New(msg.StoreEventNoAction, e.SubmissionID)
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC()
	if err := checkTime(msg.NounSubmissionEvent, e.At); err != nil {
		return e, nil, err
	}
	v, err := json.Marshal(e)
	if err != nil {
		return e, nil, fmt.Errorf("encode submission event: %w", err)
	}
	return e, v, nil
}

func putEvent(tx *bolt.Tx, e store.SubmissionEvent, v []byte) error {
	b := tx.Bucket(bucketSubEvents)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	key := append([]byte(e.SubmissionID+"\x00"), sortable(e.At)...)
	return b.Put(binary.BigEndian.AppendUint64(key, seq), v)
}

func subKey(sub store.Submission) []byte {
	return binary.BigEndian.AppendUint32([]byte(sub.ID+"\x00"), uint32(sub.Version))
}

// ApplySubmission stores the new version, its event, its audit entries and
// (Publish) the outbox entry in one bbolt transaction; a stale version is
// store.ErrConflict and writes nothing.
func (s *Workflow) ApplySubmission(ctx context.Context, c store.SubmissionChange) error {
	sub := c.Submission
	if err := validSubmission(sub); err != nil {
		return err
	}
	sub = normSubmission(sub)
	subVal, err := json.Marshal(sub)
	if err != nil {
		return fmt.Errorf("encode submission %s: %w", sub.ID, err)
	}
	ev := c.Event
	if ev.SubmissionID == "" {
		ev.SubmissionID = sub.ID
	}
	ev, evVal, err := encodeEvent(ev)
	if err != nil {
		return err
	}
	audit, err := normAudit(c.Audit)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return err
	}
	if cur := s.subs[sub.ID].Version; sub.Version != cur+1 {
		return conflict(sub.ID, cur, sub.Version)
	}
	return s.writeState(ctx, "apply submission change", func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketSubmissions).Put(subKey(sub), subVal); err != nil {
			return err
		}
		if err := putEvent(tx, ev, evVal); err != nil {
			return err
		}
		if err := putAudit(tx, audit); err != nil {
			return err
		}
		if !c.Publish {
			return nil
		}
		b := tx.Bucket(bucketOutbox)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		rec := outboxRec{OutboxEntry: store.OutboxEntry{Seq: int64(seq), SubmissionID: sub.ID, Version: sub.Version,
			Values: sub.Values, RecordedAt: utc(c.PublishAt), CreatedAt: time.Now().UTC()}}
		if rec.RecordedAt.IsZero() {
			rec.RecordedAt = rec.CreatedAt
		}
		v, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("encode outbox entry: %w", err)
		}
		return b.Put(binary.BigEndian.AppendUint64(nil, seq), v)
	}, func() { s.subs[sub.ID] = sub })
}

// eachOutbox calls fn for every outbox entry in seq order until fn returns false.
func eachOutbox(tx *bolt.Tx, fn func(k []byte, r outboxRec) (bool, error)) error {
	b := tx.Bucket(bucketOutbox)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var r outboxRec
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("outbox entry %x: %w", k, err)
		}
		more, err := fn(k, r)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// ClaimOutbox leases up to limit pending entries to owner.
func (s *Workflow) ClaimOutbox(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.OutboxEntry, error) {
	if limit <= 0 {
		return nil, nil
	}
	now = now.UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return nil, err
	}
	var out []store.OutboxEntry
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		type put struct{ k, v []byte }
		var puts []put
		err := eachOutbox(tx, func(k []byte, r outboxRec) (bool, error) {
			if !r.PublishedAt.IsZero() || (r.LeaseOwner != "" && r.LeaseOwner != owner && r.LeaseUntil.After(now)) {
				return true, nil
			}
			r.LeaseOwner, r.LeaseUntil = owner, now.Add(lease)
			v, err := json.Marshal(r)
			if err != nil {
				return false, err
			}
			puts = append(puts, put{append([]byte(nil), k...), v})
			out = append(out, r.OutboxEntry)
			return len(out) < limit, nil
		})
		if err != nil {
			return err
		}
		for _, p := range puts {
			if err := b.Put(p.k, p.v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	return out, nil
}

// updateOutbox rewrites entry seq with fn; store.ErrNotFound when missing.
func (s *Workflow) updateOutbox(ctx context.Context, what string, seq int64, fn func(r *outboxRec)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		k := binary.BigEndian.AppendUint64(nil, uint64(seq))
		raw := b.Get(k)
		if raw == nil {
			return store.NotFound("update", "outbox entry", fmt.Sprint(seq))
		}
		var r outboxRec
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("outbox entry %d: %w", seq, err)
		}
		fn(&r)
		v, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return b.Put(k, v)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// MarkPublished records that entry seq's values are in the fact store.
func (s *Workflow) MarkPublished(ctx context.Context, seq int64, at time.Time) error {
	return s.updateOutbox(ctx, "mark outbox entry published", seq, func(r *outboxRec) {
		r.PublishedAt, r.LeaseOwner, r.LeaseUntil = at.UTC(), "", time.Time{}
	})
}

// ReleaseOutbox records a failed attempt and ends owner's lease.
func (s *Workflow) ReleaseOutbox(ctx context.Context, seq int64, owner, errText string) error {
	return s.updateOutbox(ctx, "release outbox entry", seq, func(r *outboxRec) {
		if r.LeaseOwner != owner {
			return
		}
		r.Attempts++
		r.LastError, r.LeaseOwner, r.LeaseUntil = errText, "", time.Time{}
	})
}

// OutboxBacklog returns how many entries are not yet published.
func (s *Workflow) OutboxBacklog(ctx context.Context) (int, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return 0, err
	}
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachOutbox(tx, func(_ []byte, r outboxRec) (bool, error) {
			if r.PublishedAt.IsZero() {
				n++
			}
			return true, nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("read outbox: %w", err)
	}
	return n, nil
}

// OutboxEntries returns a submission's outbox entries, oldest first.
func (s *Workflow) OutboxEntries(ctx context.Context, submissionID string) ([]store.OutboxEntry, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var out []store.OutboxEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachOutbox(tx, func(_ []byte, r outboxRec) (bool, error) {
			if r.SubmissionID == submissionID {
				out = append(out, r.OutboxEntry)
			}
			return true, nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return out, nil
}

// PurgeSessions deletes the sessions that expired before before.
func (s *Workflow) PurgeSessions(ctx context.Context, before time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	err := s.writeState(ctx, "purge sessions", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions)
		var dead [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var sess store.Session
			if err := json.Unmarshal(v, &sess); err != nil {
				return fmt.Errorf("session %x: %w", k, err)
			}
			if !sess.ExpiresAt.IsZero() && sess.ExpiresAt.Before(before) {
				dead = append(dead, append([]byte(nil), k...))
			}
		}
		for _, k := range dead {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(dead)
		return nil
	}, func() {})
	return n, err
}
