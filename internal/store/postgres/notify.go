package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/store"
)

// 消息推送: subscriptions, the outbox of notices (leased like the outbox of
// approved values: UPDATE … WHERE the lease is free, re-checked on each
// locked row, so two deliverers never hold one notice) and the rules' state.

const subCols = `id, user_id, user_name, org_unit, event, channel, address, secret, is_group, digest, token, created_at`

func scanSub(r pgx.CollectableRow) (store.Subscription, error) {
	var s store.Subscription
	err := r.Scan(&s.ID, &s.UserID, &s.UserName, &s.OrgUnit, &s.Event, &s.Channel, &s.Address, &s.Secret,
		&s.Group, &s.Digest, &s.Token, tm(&s.CreatedAt))
	return s, err
}

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// AddSubscription stores s and its audit entries in one transaction.
func (s *Store) AddSubscription(ctx context.Context, sub store.Subscription, audit []store.AuditEntry) (store.Subscription, error) {
	if sub.ID == "" {
		sub.ID = randomID(8)
	}
	if sub.Token == "" {
		sub.Token = randomID(16)
	}
	if sub.CreatedAt.IsZero() {
		sub.CreatedAt = time.Now()
	}
	sub.CreatedAt = sub.CreatedAt.UTC().Truncate(time.Microsecond)
	if sub.UserID == "" || sub.Event == "" || sub.Channel == "" || sub.Address == "" {
		return sub, errors.New("postgres add subscription: user, event, channel and address are required")
	}
	norm, err := normAudit(audit)
	if err != nil {
		return sub, err
	}
	err = s.tx(ctx, "add subscription", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO subscriptions (`+subCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
			sub.ID, sub.UserID, sub.UserName, sub.OrgUnit, sub.Event, sub.Channel, sub.Address, sub.Secret,
			sub.Group, sub.Digest, sub.Token, ts(sub.CreatedAt)); err != nil {
			return err
		}
		return insertAudit(ctx, tx, norm)
	})
	return sub, err
}

// Subscriptions returns userID's subscriptions ("" = all), oldest first.
func (s *Store) Subscriptions(ctx context.Context, userID string) ([]store.Subscription, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT `+subCols+` FROM subscriptions WHERE $1 = '' OR user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, failure("subscriptions", err)
	}
	out, err := pgx.CollectRows(rows, scanSub)
	return out, failure("subscriptions", err)
}

// SubscriptionByToken finds the subscription of an unsubscribe link.
func (s *Store) SubscriptionByToken(ctx context.Context, token string) (store.Subscription, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT `+subCols+` FROM subscriptions WHERE token = $1`, token)
	if err != nil {
		return store.Subscription{}, failure("subscription by token", err)
	}
	out, err := pgx.CollectRows(rows, scanSub)
	if err != nil {
		return store.Subscription{}, failure("subscription by token", err)
	}
	if len(out) == 0 || token == "" {
		return store.Subscription{}, store.NotFound("get", "subscription", "token")
	}
	return out[0], nil
}

// DeleteSubscription deletes subscription id (userID's only, when set).
func (s *Store) DeleteSubscription(ctx context.Context, id, userID string, audit []store.AuditEntry) error {
	norm, err := normAudit(audit)
	if err != nil {
		return err
	}
	return s.tx(ctx, "delete subscription", func(tx pgx.Tx) error {
		ct, err := tx.Exec(ctx, `DELETE FROM subscriptions WHERE id = $1 AND ($2 = '' OR user_id = $2)`, id, userID)
		if err != nil {
			return err
		}
		if ct.RowsAffected() == 0 {
			return store.NotFound("delete", "subscription", id)
		}
		return insertAudit(ctx, tx, norm)
	})
}

// NotifyState returns a rule's state ("" when none).
func (s *Store) NotifyState(ctx context.Context, key string) (string, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM notify_state WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return v, failure("notify state", err)
}

// QueueNotices stores the batch's notices and state in one transaction. The
// state row is locked (or its insert raced on the primary key), so of two
// processes running one rule on the same state, one commits and the other
// gets store.ErrConflict.
func (s *Store) QueueNotices(ctx context.Context, b store.NoticeBatch) (int, error) {
	now := time.Now().UTC()
	added := 0
	err := s.tx(ctx, "queue notices", func(tx pgx.Tx) error {
		added = 0
		if b.StateKey != "" {
			var cur string
			err := tx.QueryRow(ctx, `SELECT value FROM notify_state WHERE key = $1 FOR UPDATE`, b.StateKey).Scan(&cur)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				if b.PrevState != "" {
					return store.Conflict("queue notices", "notify state", b.StateKey, nil)
				}
				if _, err := tx.Exec(ctx, `INSERT INTO notify_state (key, value) VALUES ($1, $2)`, b.StateKey, b.State); err != nil {
					return err // a concurrent insert: unique violation → conflict
				}
			case err != nil:
				return err
			case cur != b.PrevState:
				return store.Conflict("queue notices", "notify state", b.StateKey, nil)
			default:
				if _, err := tx.Exec(ctx, `UPDATE notify_state SET value = $2 WHERE key = $1`, b.StateKey, b.State); err != nil {
					return err
				}
			}
		}
		for _, n := range b.Notices {
			if n.Key == "" {
				return errors.New("notice without a key")
			}
			created := n.CreatedAt
			if created.IsZero() {
				created = now
			}
			next := n.NextAttempt
			if next.IsZero() {
				next = created
			}
			var att any
			if len(n.Attachment) > 0 {
				att = n.Attachment
			}
			ct, err := tx.Exec(ctx, `INSERT INTO notices (key, subscription_id, event, channel, address, secret, subject, body,
				attachment_name, attachment, created_at, next_attempt) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
				ON CONFLICT (key) DO NOTHING`, n.Key, n.SubscriptionID, n.Event, n.Channel, n.Address, n.Secret, n.Subject, n.Body,
				n.AttachmentName, att, ts(created), ts(next))
			if err != nil {
				return err
			}
			added += int(ct.RowsAffected())
		}
		return nil
	})
	return added, err
}

const noticeCols = `seq, key, subscription_id, event, channel, address, secret, subject, body, attachment_name, attachment,
	created_at, next_attempt, attempts, last_error, delivered_at, failed_at`

func scanNotice(r pgx.CollectableRow) (store.Notice, error) {
	var n store.Notice
	err := r.Scan(&n.Seq, &n.Key, &n.SubscriptionID, &n.Event, &n.Channel, &n.Address, &n.Secret, &n.Subject, &n.Body,
		&n.AttachmentName, &n.Attachment, tm(&n.CreatedAt), tm(&n.NextAttempt), &n.Attempts, &n.LastError,
		tm(&n.DeliveredAt), tm(&n.FailedAt))
	return n, err
}

// ClaimNotices leases up to limit due notices to owner. The inner SELECT
// skips rows another deliverer has locked (SKIP LOCKED) and the UPDATE
// re-checks the lease on each row it locks.
func (s *Store) ClaimNotices(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int, channels []string) ([]store.Notice, error) {
	if limit <= 0 {
		return nil, nil
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	const free = `delivered_at IS NULL AND failed_at IS NULL AND (next_attempt <= $3 OR (attempts = 0 AND next_attempt <= created_at))
		AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until <= $3)
		AND (cardinality($5::text[]) = 0 OR channel = ANY($5::text[]))`
	rows, err := s.pool.Query(ctx, `UPDATE notices SET lease_owner = $1, lease_until = $2
		WHERE seq IN (SELECT seq FROM notices WHERE `+free+` ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED) AND `+free+`
		RETURNING `+noticeCols, owner, ts(now.Add(lease)), ts(now), limit, channelList(channels))
	if err != nil {
		return nil, failure("claim notices", err)
	}
	out, err := pgx.CollectRows(rows, scanNotice)
	if err != nil {
		return nil, failure("claim notices", err)
	}
	slices.SortFunc(out, func(a, b store.Notice) int { return int(a.Seq - b.Seq) })
	return out, nil
}

// FinishNotice records the attempt and ends owner's lease.
func (s *Store) FinishNotice(ctx context.Context, a store.DeliveryAttempt, retryAt time.Time) error {
	if a.At.IsZero() {
		a.At = time.Now()
	}
	lost := false
	err := s.tx(ctx, "finish notice", func(tx pgx.Tx) error {
		lost = false
		if _, err := tx.Exec(ctx, `INSERT INTO notice_attempts (notice_seq, at, owner, ok, error) VALUES ($1,$2,$3,$4,$5)`,
			a.NoticeSeq, ts(a.At), a.Owner, a.OK, cut(a.Error, 2000)); err != nil {
			return err
		}
		var ct interface{ RowsAffected() int64 }
		var err error
		switch {
		case a.OK:
			ct, err = tx.Exec(ctx, `UPDATE notices SET delivered_at = $3, lease_owner = NULL, lease_until = NULL
				WHERE seq = $1 AND lease_owner = $2`, a.NoticeSeq, a.Owner, ts(a.At))
		case retryAt.IsZero():
			ct, err = tx.Exec(ctx, `UPDATE notices SET attempts = attempts + 1, last_error = $3, failed_at = $4,
				lease_owner = NULL, lease_until = NULL WHERE seq = $1 AND lease_owner = $2`, a.NoticeSeq, a.Owner, cut(a.Error, 2000), ts(a.At))
		default:
			ct, err = tx.Exec(ctx, `UPDATE notices SET attempts = attempts + 1, last_error = $3, next_attempt = $4,
				lease_owner = NULL, lease_until = NULL WHERE seq = $1 AND lease_owner = $2`, a.NoticeSeq, a.Owner, cut(a.Error, 2000), ts(retryAt))
		}
		if err != nil {
			return err
		}
		lost = ct.RowsAffected() == 0
		return nil
	})
	if err == nil && lost {
		return store.Conflict("finish notice", "notice lease", strconv.FormatInt(a.NoticeSeq, 10), nil)
	}
	return err
}

// DeliveryLog returns the latest notices with their attempts.
func (s *Store) DeliveryLog(ctx context.Context, limit int) ([]store.NoticeRecord, error) {
	if limit <= 0 {
		limit = 100
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT `+strings.Replace(noticeCols, "attachment,", "NULL::bytea,", 1)+
		` FROM notices ORDER BY seq DESC LIMIT $1`, limit)
	if err != nil {
		return nil, failure("delivery log", err)
	}
	ns, err := pgx.CollectRows(rows, scanNotice)
	if err != nil {
		return nil, failure("delivery log", err)
	}
	out := make([]store.NoticeRecord, len(ns))
	idx := map[int64]int{}
	seqs := make([]int64, len(ns))
	for i, n := range ns {
		out[i].Notice = n
		idx[n.Seq] = i
		seqs[i] = n.Seq
	}
	if len(seqs) == 0 {
		return out, nil
	}
	rows, err = s.pool.Query(ctx, `SELECT notice_seq, at, owner, ok, error FROM notice_attempts WHERE notice_seq = ANY($1) ORDER BY seq`, seqs)
	if err != nil {
		return nil, failure("delivery log", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a store.DeliveryAttempt
		if err := rows.Scan(&a.NoticeSeq, tm(&a.At), &a.Owner, &a.OK, &a.Error); err != nil {
			return nil, failure("delivery log", err)
		}
		i := idx[a.NoticeSeq]
		out[i].Tries = append(out[i].Tries, a)
	}
	return out, failure("delivery log", rows.Err())
}

// cut keeps at most n runes of s.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + fmt.Sprintf("…（共 %d 字）", len(r))
}

// channelList is a non-nil text array for the channel filter.
func channelList(channels []string) []string {
	if channels == nil {
		return []string{}
	}
	return channels
}
