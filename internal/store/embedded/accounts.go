package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Accounts, submissions and the audit log. Users (a few hundred) and the
// current version of every submission (units × months) are small and read
// on every request, so they live in memory like the catalogue. Sessions,
// tokens, submission events and the audit log grow without bound and are
// read one key or one short range at a time, so they are read from the file
// (a bbolt point lookup or cursor range costs microseconds).
//
// Keys:
//
//	users             user id → userRec (JSON)
//	sessions          session id → store.Session (JSON)
//	tokens            token id → store.Token (JSON)
//	submissions       id 0x00 version (uint32 BE) → store.Submission (JSON); every version kept
//	submission_events id 0x00 at (sortable uint64 BE) seq (uint64 BE) → store.SubmissionEvent (JSON)
//	audit             at (sortable uint64 BE) seq (uint64 BE) → store.AuditEntry (JSON)
//
// "Sortable" is UnixNano with the sign bit flipped, so byte order is time
// order; seq (the bucket's sequence) keeps entries with the same time in
// append order.

var (
	_ store.Accounts    = (*Workflow)(nil)
	_ store.Submissions = (*Workflow)(nil)
	_ store.Audit       = (*Workflow)(nil)
)

var (
	bucketUsers       = []byte("users")
	bucketSessions    = []byte("sessions")
	bucketTokens      = []byte("tokens")
	bucketSubmissions = []byte("submissions")
	bucketSubEvents   = []byte("submission_events")
	bucketAudit       = []byte("audit")
)

// migrateAccounts is schema version 2: the account, submission and audit buckets.
func migrateAccounts(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketUsers, bucketSessions, bucketTokens, bucketSubmissions, bucketSubEvents, bucketAudit} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// userRec is how a user is stored: store.User hides PasswordHash from JSON.
type userRec struct {
	store.User
	Hash    string   `json:"password_hash"`
	History []string `json:"password_history,omitempty"`
}

func (r userRec) user() store.User {
	u := r.User
	u.PasswordHash = r.Hash
	u.PasswordHistory = r.History
	return u
}

// loadAccounts reads users and current submissions into memory; part of load.
func (s *DB) loadAccounts(tx *bolt.Tx) error {
	if err := eachJSON(tx, bucketUsers, func(r userRec) { s.users[r.ID] = r.user() }); err != nil {
		return err
	}
	// Keys sort by id then big-endian version: the last one seen is current.
	return eachJSON(tx, bucketSubmissions, func(sub store.Submission) { s.subs[sub.ID] = sub })
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// sortable encodes t so that byte order is time order.
func sortable(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())^(1<<63))
}

// checkID rejects ids the key layout cannot hold.
func checkID(what msg.Code, id string) error {
	if strings.TrimSpace(id) == "" {
		return msg.New(msg.StoreNoID, what)
	}
	if strings.ContainsRune(id, 0) {
		return msg.New(msg.StoreBadID, what)
	}
	return nil
}

// checkTime rejects times UnixNano cannot hold.
func checkTime(what any, t time.Time) error {
	if y := t.Year(); y < 1900 || y > 2200 {
		return msg.New(msg.StoreBadTime, what, t.Format(time.RFC3339))
	}
	return nil
}

// ---- users, sessions, tokens ----

// PutUser stores u unless the stored user with the same ID has a later
// UpdatedAt (equal times: u wins). Login names are unique among current
// users: a name held by another user is refused with store.ErrConflict.
func (s *Workflow) PutUser(ctx context.Context, u store.User) error {
	if err := checkID(msg.NounUser, u.ID); err != nil {
		return err
	}
	if strings.TrimSpace(u.Name) == "" {
		return msg.New(msg.StoreUserNoName, u.ID)
	}
	u.LockedUntil, u.CreatedAt, u.UpdatedAt, u.PasswordChangedAt = utc(u.LockedUntil), utc(u.CreatedAt), utc(u.UpdatedAt), utc(u.PasswordChangedAt)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return err
	}
	old, exists := s.users[u.ID]
	stale := exists && old.UpdatedAt.After(u.UpdatedAt)
	if !stale {
		for _, o := range s.users {
			if o.ID != u.ID && o.Name == u.Name {
				return store.Conflict("put", "user", u.Name, errors.New("login name held by another user"))
			}
		}
	}
	return s.writeState(ctx, "save user", func(tx *bolt.Tx) error {
		if stale { // an older version: nothing to store, but it was a write
			return nil
		}
		v, err := json.Marshal(userRec{User: u, Hash: u.PasswordHash, History: u.PasswordHistory})
		if err != nil {
			return fmt.Errorf("encode user %s: %w", u.ID, err)
		}
		return tx.Bucket(bucketUsers).Put([]byte(u.ID), v)
	}, func() {
		if !stale {
			s.users[u.ID] = u
		}
	})
}

// UserByID returns store.ErrNotFound when there is no such user.
func (s *Workflow) UserByID(ctx context.Context, id string) (store.User, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return store.User{}, err
	}
	u, ok := s.users[id]
	if !ok {
		return store.User{}, store.NotFound("read", "user", id)
	}
	return u, nil
}

// UserByName returns the user whose login name is exactly name, or
// store.ErrNotFound.
func (s *Workflow) UserByName(ctx context.Context, name string) (store.User, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return store.User{}, err
	}
	for _, u := range s.users {
		if u.Name == name {
			return u, nil
		}
	}
	return store.User{}, store.NotFound("read", "user", name)
}

// Users returns every user ordered by Name (then ID).
func (s *Workflow) Users(ctx context.Context) ([]store.User, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	out := make([]store.User, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b store.User) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// PutSession stores s, replacing any session with its ID (revoke by putting
// it again with Revoked set).
func (s *Workflow) PutSession(ctx context.Context, sess store.Session) error {
	if err := checkID(msg.NounSession, sess.ID); err != nil {
		return err
	}
	sess.CreatedAt, sess.ExpiresAt = utc(sess.CreatedAt), utc(sess.ExpiresAt)
	return s.putByID(ctx, "save session", bucketSessions, sess.ID, sess)
}

// SessionByID returns store.ErrNotFound when there is no such session.
func (s *Workflow) SessionByID(ctx context.Context, id string) (store.Session, error) {
	var sess store.Session
	err := s.getByID(ctx, bucketSessions, "session", id, &sess)
	return sess, err
}

// PutToken stores t, replacing any token with its ID.
func (s *Workflow) PutToken(ctx context.Context, t store.Token) error {
	if err := checkID(msg.NounToken, t.ID); err != nil {
		return err
	}
	t.CreatedAt = utc(t.CreatedAt)
	return s.putByID(ctx, "save token", bucketTokens, t.ID, t)
}

// TokenByID returns store.ErrNotFound when there is no such token.
func (s *Workflow) TokenByID(ctx context.Context, id string) (store.Token, error) {
	var t store.Token
	err := s.getByID(ctx, bucketTokens, "token", id, &t)
	return t, err
}

// SessionsOfUser returns every session of userID, ordered by ID. Sessions
// are not indexed by user: this scans the bucket, which is fine for the
// admin actions that call it (disable, password reset).
func (s *Workflow) SessionsOfUser(ctx context.Context, userID string) ([]store.Session, error) {
	var out []store.Session
	err := s.scanJSON(ctx, bucketSessions, "sessions", func(v []byte) error {
		var sess store.Session
		if err := json.Unmarshal(v, &sess); err != nil {
			return err
		}
		if sess.UserID == userID {
			out = append(out, sess)
		}
		return nil
	})
	return out, err
}

// TokensOfUser returns every API token of userID, ordered by ID (a scan, as
// SessionsOfUser).
func (s *Workflow) TokensOfUser(ctx context.Context, userID string) ([]store.Token, error) {
	var out []store.Token
	err := s.scanJSON(ctx, bucketTokens, "tokens", func(v []byte) error {
		var t store.Token
		if err := json.Unmarshal(v, &t); err != nil {
			return err
		}
		if t.UserID == userID {
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// scanJSON calls fn with every value of bucket, in key order.
func (s *Workflow) scanJSON(ctx context.Context, bucket []byte, what string, fn func(v []byte) error) error {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return err
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b == nil {
			return nil
		}
		n := 0
		return b.ForEach(func(k, v []byte) error {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := fn(v); err != nil {
				return fmt.Errorf("%x: %w", k, err)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

func (s *Workflow) putByID(ctx context.Context, what string, bucket []byte, id string, x any) error {
	v, err := json.Marshal(x)
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, id, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeState(ctx, what, func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).Put([]byte(id), v)
	}, func() {})
}

func (s *Workflow) getByID(ctx context.Context, bucket []byte, what, id string, x any) error {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return err
	}
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(id))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, x)
	})
	if err != nil {
		return fmt.Errorf("read %s %q: %w", what, id, err)
	}
	if !found {
		return store.NotFound("read", what, id)
	}
	return nil
}

// ---- submissions ----

var statuses = []string{store.StatusDraft, store.StatusSubmitted, store.StatusApproved, store.StatusReturned}

// validSubmission checks what the store relies on; the workflow rules are
// the caller's.
func validSubmission(sub store.Submission) error {
	if err := checkID(msg.NounSubmission, sub.ID); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(sub.OrgUnit) == "":
		return msg.New(msg.StoreSubmissionNoUnit, sub.ID)
	case !sub.Period.Valid():
		return msg.New(msg.StoreSubmissionPeriod, sub.ID, sub.Period)
	case !slices.Contains(statuses, sub.Status):
		return msg.New(msg.StoreSubmissionStatus, sub.ID, sub.Status)
	case sub.Version < 1:
		return msg.New(msg.StoreSubmissionVer, sub.ID, sub.Version)
	}
	return nil
}

func cloneSubmission(sub store.Submission) store.Submission {
	sub.Values = slices.Clone(sub.Values)
	return sub
}

func normSubmission(sub store.Submission) store.Submission {
	sub = cloneSubmission(sub)
	sub.CreatedAt, sub.UpdatedAt, sub.SubmittedAt = utc(sub.CreatedAt), utc(sub.UpdatedAt), utc(sub.SubmittedAt)
	for i := range sub.Values {
		sub.Values[i].RecordedAt = utc(sub.Values[i].RecordedAt)
	}
	return sub
}

// conflict is the error for a stale write.
func conflict(id string, stored, given int) error {
	return store.Conflict("put", "submission", id, fmt.Errorf("version %d is stored, %d given", stored, given))
}

// PutSubmission stores sub as a new version: sub.Version must be the stored
// version plus one (1 for a new ID), otherwise the error wraps
// store.ErrConflict and nothing is written. Every version is kept.
func (s *Workflow) PutSubmission(ctx context.Context, sub store.Submission) error {
	if err := validSubmission(sub); err != nil {
		return err
	}
	sub = normSubmission(sub)
	v, err := json.Marshal(sub)
	if err != nil {
		return fmt.Errorf("encode submission %s: %w", sub.ID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return err
	}
	if cur := s.subs[sub.ID].Version; sub.Version != cur+1 {
		return conflict(sub.ID, cur, sub.Version)
	}
	key := binary.BigEndian.AppendUint32([]byte(sub.ID+"\x00"), uint32(sub.Version))
	return s.writeState(ctx, "save submission", func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSubmissions).Put(key, v)
	}, func() { s.subs[sub.ID] = sub })
}

// SubmissionByID returns the current version, or store.ErrNotFound.
func (s *Workflow) SubmissionByID(ctx context.Context, id string) (store.Submission, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return store.Submission{}, err
	}
	sub, ok := s.subs[id]
	if !ok {
		return store.Submission{}, store.NotFound("read", "submission", id)
	}
	return cloneSubmission(sub), nil
}

// ListSubmissions returns the current versions matching f (Month matches
// Period.To), ordered by period, org unit, then ID.
func (s *Workflow) ListSubmissions(ctx context.Context, f store.SubmissionFilter) ([]store.Submission, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var out []store.Submission
	for _, sub := range s.subs {
		if (f.OrgUnit != "" && sub.OrgUnit != f.OrgUnit) || (f.Year != 0 && sub.Period.Year != f.Year) ||
			(f.Month != 0 && sub.Period.To != f.Month) || (f.Status != "" && sub.Status != f.Status) {
			continue
		}
		out = append(out, cloneSubmission(sub))
	}
	slices.SortFunc(out, func(a, b store.Submission) int {
		if c := comparePeriods(a.Period, b.Period); c != 0 {
			return c
		}
		if c := strings.Compare(a.OrgUnit, b.OrgUnit); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// AddSubmissionEvent appends e (At defaults to now).
func (s *Workflow) AddSubmissionEvent(ctx context.Context, e store.SubmissionEvent) error {
	if err := checkID(msg.NounSubmissionEntry, e.SubmissionID); err != nil {
		return err
	}
	if strings.TrimSpace(e.Action) == "" {
		return msg.New(msg.StoreEventNoAction, e.SubmissionID)
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC()
	if err := checkTime(msg.NounSubmissionEvent, e.At); err != nil {
		return err
	}
	v, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode submission event: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeState(ctx, "add submission event", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSubEvents)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		key := append([]byte(e.SubmissionID+"\x00"), sortable(e.At)...)
		return b.Put(binary.BigEndian.AppendUint64(key, seq), v)
	}, func() {})
}

// SubmissionEvents returns a submission's events, oldest first (same time:
// in the order added); none for an unknown submission.
func (s *Workflow) SubmissionEvents(ctx context.Context, id string) ([]store.SubmissionEvent, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	if strings.ContainsRune(id, 0) {
		return nil, nil
	}
	var out []store.SubmissionEvent
	prefix := []byte(id + "\x00")
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSubEvents)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var e store.SubmissionEvent
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("submission event %x: %w", k, err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read submission events of %s: %w", id, err)
	}
	return out, nil
}

// ---- audit ----

// AppendAudit appends entries in one transaction (all or none). A zero At
// becomes now.
func (s *Workflow) AppendAudit(ctx context.Context, entries ...store.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	norm, err := normAudit(entries)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeState(ctx, "append audit", func(tx *bolt.Tx) error { return putAudit(tx, norm) }, func() {})
}

// AuditLog returns matching entries, newest first (same time: the later
// appended first), at most f.Limit (0: all). From and To are inclusive.
func (s *Workflow) AuditLog(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var out []store.AuditEntry
	errStop := errors.New("stop")
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		// Start after the last key at or before To: seek past To's time
		// and step back.
		var k, v []byte
		if f.To.IsZero() || f.To.Year() > 2200 {
			k, v = c.Last()
		} else {
			after := f.To.Truncate(0).Add(1)
			if after.Year() < 1900 {
				return nil
			}
			if k, _ = c.Seek(sortable(after)); k == nil {
				k, v = c.Last()
			} else {
				k, v = c.Prev()
			}
		}
		var from []byte
		if !f.From.IsZero() && f.From.Year() >= 1900 {
			if f.From.Year() > 2200 {
				return nil
			}
			from = sortable(store.AuditTime(f.From)) // entries keep microseconds
		}
		for n := 0; k != nil; k, v = c.Prev() {
			if n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			n++
			if from != nil && bytes.Compare(k[:8], from) < 0 {
				return errStop
			}
			var e store.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("audit entry %x: %w", k, err)
			}
			if (f.Actor != "" && e.Actor != f.Actor) || (f.Action != "" && e.Action != f.Action) {
				continue
			}
			out = append(out, e)
			if f.Limit > 0 && len(out) >= f.Limit {
				return errStop
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}
