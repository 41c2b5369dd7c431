package embedded

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/store"
)

// 消息推送 in the embedded store. bbolt runs one write transaction at a time
// and the store is opened by one process, so a claim, a state check or a
// uniqueness check inside a write transaction is exact.
//
// Keys:
//
//	subscriptions   id → subRec (JSON)
//	notices         seq (uint64 BE) → noticeRec (JSON)
//	notice_keys     notice key → seq
//	notice_attempts notice seq (uint64 BE) + attempt seq (uint64 BE) → DeliveryAttempt (JSON)
//	notify_state    key → value

var (
	bucketSubscriptions  = []byte("subscriptions")
	bucketNotices        = []byte("notices")
	bucketNoticeKeys     = []byte("notice_keys")
	bucketNoticeAttempts = []byte("notice_attempts")
	bucketNotifyState    = []byte("notify_state")
)

// migrateNotify is the schema version that adds the 消息推送 buckets.
func migrateNotify(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketSubscriptions, bucketNotices, bucketNoticeKeys, bucketNoticeAttempts, bucketNotifyState} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// subRec stores the fields Subscription hides from JSON.
type subRec struct {
	store.Subscription
	Secret string `json:"secret,omitempty"`
	Token  string `json:"token"`
}

func (r subRec) sub() store.Subscription {
	s := r.Subscription
	s.Secret, s.Token = r.Secret, r.Token
	return s
}

type noticeRec struct {
	store.Notice
	Secret     string    `json:"secret,omitempty"`
	LeaseOwner string    `json:"lease_owner,omitempty"`
	LeaseUntil time.Time `json:"lease_until"`
}

func (r noticeRec) notice() store.Notice {
	n := r.Notice
	n.Secret = r.Secret
	return n
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func eachSub(tx *bolt.Tx, fn func(r subRec) bool) error {
	c := tx.Bucket(bucketSubscriptions).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var r subRec
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("subscription %s: %w", k, err)
		}
		if !fn(r) {
			return nil
		}
	}
	return nil
}

// AddSubscription stores s and its audit entries in one transaction.
func (s *Workflow) AddSubscription(ctx context.Context, sub store.Subscription, audit []store.AuditEntry) (store.Subscription, error) {
	if sub.ID == "" {
		sub.ID = randomHex(8)
	}
	if sub.Token == "" {
		sub.Token = randomHex(16)
	}
	if sub.CreatedAt.IsZero() {
		sub.CreatedAt = time.Now()
	}
	sub.CreatedAt = sub.CreatedAt.UTC()
	if sub.UserID == "" || sub.Event == "" || sub.Channel == "" || sub.Address == "" {
		return sub, errors.New("embedded add subscription: user, event, channel and address are required")
	}
	v, err := json.Marshal(subRec{Subscription: sub, Secret: sub.Secret, Token: sub.Token})
	if err != nil {
		return sub, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err = s.writeState(ctx, "add subscription", func(tx *bolt.Tx) error {
		dup := false
		if err := eachSub(tx, func(r subRec) bool {
			dup = r.UserID == sub.UserID && r.Event == sub.Event && r.Channel == sub.Channel && r.Address == sub.Address
			return !dup
		}); err != nil {
			return err
		}
		if dup {
			return store.Conflict("add", "subscription", sub.Event+" "+sub.Channel+" "+sub.Address, nil)
		}
		if err := tx.Bucket(bucketSubscriptions).Put([]byte(sub.ID), v); err != nil {
			return err
		}
		return putAudit(tx, audit)
	}, func() {})
	return sub, err
}

// Subscriptions returns userID's subscriptions ("" = all), oldest first.
func (s *Workflow) Subscriptions(ctx context.Context, userID string) ([]store.Subscription, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var out []store.Subscription
	err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSubscriptions) == nil {
			return nil
		}
		return eachSub(tx, func(r subRec) bool {
			if userID == "" || r.UserID == userID {
				out = append(out, r.sub())
			}
			return true
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read subscriptions: %w", err)
	}
	slices.SortStableFunc(out, func(a, b store.Subscription) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return compareStr(a.ID, b.ID)
	})
	return out, nil
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// SubscriptionByToken finds the subscription of an unsubscribe link.
func (s *Workflow) SubscriptionByToken(ctx context.Context, token string) (store.Subscription, error) {
	all, err := s.Subscriptions(ctx, "")
	if err != nil {
		return store.Subscription{}, err
	}
	for _, sub := range all {
		if token != "" && sub.Token == token {
			return sub, nil
		}
	}
	return store.Subscription{}, store.NotFound("get", "subscription", "token")
}

// DeleteSubscription deletes subscription id (userID's only, when set).
func (s *Workflow) DeleteSubscription(ctx context.Context, id, userID string, audit []store.AuditEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeState(ctx, "delete subscription", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSubscriptions)
		raw := b.Get([]byte(id))
		if raw == nil {
			return store.NotFound("delete", "subscription", id)
		}
		var r subRec
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		if userID != "" && r.UserID != userID {
			return store.NotFound("delete", "subscription", id)
		}
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		return putAudit(tx, audit)
	}, func() {})
}

// NotifyState returns a rule's state ("" when none).
func (s *Workflow) NotifyState(ctx context.Context, key string) (string, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return "", err
	}
	var v string
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketNotifyState); b != nil {
			v = string(b.Get([]byte(key)))
		}
		return nil
	})
	return v, err
}

// QueueNotices stores the batch's notices and state in one transaction.
func (s *Workflow) QueueNotices(ctx context.Context, nb store.NoticeBatch) (int, error) {
	now := time.Now().UTC()
	added := 0
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.writeState(ctx, "queue notices", func(tx *bolt.Tx) error {
		added = 0
		if nb.StateKey != "" {
			st := tx.Bucket(bucketNotifyState)
			if cur := string(st.Get([]byte(nb.StateKey))); cur != nb.PrevState {
				return store.Conflict("queue notices", "notify state", nb.StateKey, nil)
			}
			if err := st.Put([]byte(nb.StateKey), []byte(nb.State)); err != nil {
				return err
			}
		}
		keys, b := tx.Bucket(bucketNoticeKeys), tx.Bucket(bucketNotices)
		for _, n := range nb.Notices {
			if n.Key == "" {
				return errors.New("notice without a key")
			}
			if keys.Get([]byte(n.Key)) != nil {
				continue
			}
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			n.Seq = int64(seq)
			if n.CreatedAt.IsZero() {
				n.CreatedAt = now
			}
			n.CreatedAt = n.CreatedAt.UTC()
			if n.NextAttempt.IsZero() {
				n.NextAttempt = n.CreatedAt
			}
			n.NextAttempt = n.NextAttempt.UTC()
			n.Attempts, n.LastError, n.DeliveredAt, n.FailedAt = 0, "", time.Time{}, time.Time{}
			v, err := json.Marshal(noticeRec{Notice: n, Secret: n.Secret})
			if err != nil {
				return err
			}
			k := binary.BigEndian.AppendUint64(nil, seq)
			if err := b.Put(k, v); err != nil {
				return err
			}
			if err := keys.Put([]byte(n.Key), k); err != nil {
				return err
			}
			added++
		}
		return nil
	}, func() {})
	return added, err
}

// ClaimNotices leases up to limit due notices to owner.
func (s *Workflow) ClaimNotices(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int, channels []string) ([]store.Notice, error) {
	if limit <= 0 {
		return nil, nil
	}
	now = now.UTC()
	var out []store.Notice
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.writeState(ctx, "claim notices", func(tx *bolt.Tx) error {
		out = out[:0]
		b := tx.Bucket(bucketNotices)
		type put struct{ k, v []byte }
		var puts []put
		c := b.Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			var r noticeRec
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("notice %x: %w", k, err)
			}
			due := !r.NextAttempt.After(now) || (r.Attempts == 0 && !r.NextAttempt.After(r.CreatedAt))
			if !r.DeliveredAt.IsZero() || !r.FailedAt.IsZero() || !due ||
				(r.LeaseOwner != "" && r.LeaseOwner != owner && r.LeaseUntil.After(now)) ||
				(channels != nil && !slices.Contains(channels, r.Channel)) {
				continue
			}
			r.LeaseOwner, r.LeaseUntil = owner, now.Add(lease)
			nv, err := json.Marshal(r)
			if err != nil {
				return err
			}
			puts = append(puts, put{append([]byte(nil), k...), nv})
			out = append(out, r.notice())
		}
		for _, p := range puts {
			if err := b.Put(p.k, p.v); err != nil {
				return err
			}
		}
		return nil
	}, func() {})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FinishNotice records the attempt and ends owner's lease.
func (s *Workflow) FinishNotice(ctx context.Context, a store.DeliveryAttempt, retryAt time.Time) error {
	if a.At.IsZero() {
		a.At = time.Now()
	}
	a.At = a.At.UTC()
	if len([]rune(a.Error)) > 2000 {
		a.Error = string([]rune(a.Error)[:2000]) + "…"
	}
	av, err := json.Marshal(a)
	if err != nil {
		return err
	}
	lost := false
	s.mu.Lock()
	defer s.mu.Unlock()
	err = s.writeState(ctx, "finish notice", func(tx *bolt.Tx) error {
		att := tx.Bucket(bucketNoticeAttempts)
		aseq, err := att.NextSequence()
		if err != nil {
			return err
		}
		k := binary.BigEndian.AppendUint64(nil, uint64(a.NoticeSeq))
		if err := att.Put(binary.BigEndian.AppendUint64(append([]byte(nil), k...), aseq), av); err != nil {
			return err
		}
		b := tx.Bucket(bucketNotices)
		raw := b.Get(k)
		if raw == nil {
			return store.NotFound("finish", "notice", strconv.FormatInt(a.NoticeSeq, 10))
		}
		var r noticeRec
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		if r.LeaseOwner != a.Owner {
			lost = true
			return nil
		}
		switch {
		case a.OK:
			r.DeliveredAt = a.At
		case retryAt.IsZero():
			r.Attempts++
			r.LastError, r.FailedAt = a.Error, a.At
		default:
			r.Attempts++
			r.LastError, r.NextAttempt = a.Error, retryAt.UTC()
		}
		r.LeaseOwner, r.LeaseUntil = "", time.Time{}
		nv, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return b.Put(k, nv)
	}, func() {})
	if err == nil && lost {
		return store.Conflict("finish notice", "notice lease", strconv.FormatInt(a.NoticeSeq, 10), nil)
	}
	return err
}

// DeliveryLog returns the latest notices with their attempts.
func (s *Workflow) DeliveryLog(ctx context.Context, limit int) ([]store.NoticeRecord, error) {
	if limit <= 0 {
		limit = 100
	}
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var out []store.NoticeRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNotices)
		if b == nil {
			return nil
		}
		att := tx.Bucket(bucketNoticeAttempts)
		c := b.Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var r noticeRec
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("notice %x: %w", k, err)
			}
			rec := store.NoticeRecord{Notice: r.notice()}
			rec.Attachment = nil
			ac := att.Cursor()
			for ak, av := ac.Seek(k); ak != nil && len(ak) == 16 && string(ak[:8]) == string(k); ak, av = ac.Next() {
				var a store.DeliveryAttempt
				if err := json.Unmarshal(av, &a); err != nil {
					return err
				}
				rec.Tries = append(rec.Tries, a)
			}
			out = append(out, rec)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read delivery log: %w", err)
	}
	return out, nil
}
