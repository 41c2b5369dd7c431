package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"industrydash/internal/store"
)

func testNotifications(t *testing.T, open func(t *testing.T) store.Workflow) {
	t.Run("subscriptions: add, list, unique, delete with audit", func(t *testing.T) { testSubscriptions(t, open) })
	t.Run("queue: keys are unique, state moves by compare-and-set", func(t *testing.T) { testNoticeQueue(t, open) })
	t.Run("claim, retry with backoff, deliver, give up; every attempt logged", func(t *testing.T) { testNoticeDelivery(t, open) })
	t.Run("a new notice is due at once whatever the clock; one held back waits", func(t *testing.T) { testNoticeDue(t, open) })
	t.Run("a lease that runs out passes to another deliverer", func(t *testing.T) { testNoticeLease(t, open) })
	t.Run("a deliverer claims only the channels it can send", func(t *testing.T) { testNoticeChannels(t, open) })
	t.Run("concurrent claims and rule runs: each notice to one owner, each state once", func(t *testing.T) { testNoticeConcurrency(t, open) })
}

// notifySub returns a subscription of user to event on channel at addr.
func notifySub(user, event, channel, addr string) store.Subscription {
	return store.Subscription{UserID: user, UserName: "name-" + user, Event: event, Channel: channel, Address: addr,
		Secret: "s3cret", CreatedAt: at(1)}
}

// testSubscriptions: subscriptions are added with an id and token, unique,
// listed per user or all, found by token, deleted only by their owner, and
// the add and delete are audited.
func testSubscriptions(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	a, err := s.AddSubscription(ctx, notifySub("u1", store.EventBriefing, store.ChannelEmail, "a@example.org"),
		[]store.AuditEntry{{At: at(1), Actor: "u1", Action: "subscription.add", Object: "subscription"}})
	must(t, err, "AddSubscription")
	if a.ID == "" || a.Token == "" {
		t.Fatalf("AddSubscription gave no id or token: %+v", a)
	}
	_, err = s.AddSubscription(ctx, notifySub("u1", store.EventBriefing, store.ChannelEmail, "a@example.org"), nil)
	isConflict(t, "the same subscription twice", err)
	b, err := s.AddSubscription(ctx, notifySub("u2", store.EventLagging, store.ChannelWeCom, "http://127.0.0.1/hook"), nil)
	must(t, err, "AddSubscription u2")
	mine, err := s.Subscriptions(ctx, "u1")
	must(t, err, "Subscriptions u1")
	if len(mine) != 1 || mine[0].ID != a.ID || mine[0].Secret != "s3cret" || mine[0].Token != a.Token {
		t.Fatalf("Subscriptions(u1) = %+v, want the one with its secret and token", mine)
	}
	all, err := s.Subscriptions(ctx, "")
	must(t, err, "Subscriptions all")
	if len(all) != 2 {
		t.Fatalf("Subscriptions(all) = %d, want 2", len(all))
	}
	got, err := s.SubscriptionByToken(ctx, b.Token)
	must(t, err, "SubscriptionByToken")
	if got.ID != b.ID {
		t.Fatalf("SubscriptionByToken = %s, want %s", got.ID, b.ID)
	}
	_, err = s.SubscriptionByToken(ctx, "nope")
	isNotFound(t, "SubscriptionByToken of an unknown token", err)
	isNotFound(t, "another user's subscription", s.DeleteSubscription(ctx, b.ID, "u1", nil))
	must(t, s.DeleteSubscription(ctx, b.ID, "u2", []store.AuditEntry{{At: at(2), Actor: "u2", Action: "subscription.delete"}}), "DeleteSubscription")
	isNotFound(t, "deleted twice", s.DeleteSubscription(ctx, b.ID, "", nil))
	log, err := s.AuditLog(ctx, store.AuditFilter{})
	must(t, err, "AuditLog")
	if len(log) != 2 || log[0].Action != "subscription.delete" || log[1].Action != "subscription.add" {
		t.Fatalf("audit = %+v, want the add and the delete", log)
	}
}

// testNoticeQueue: notice keys are unique, a batch's rule state moves by
// compare-and-set, and claimed notices keep their content.
func testNoticeQueue(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	n := func(key string) store.Notice {
		return store.Notice{Key: key, SubscriptionID: "s1", Event: store.EventBriefing, Channel: store.ChannelEmail,
			Address: "a@example.org", Subject: "简报", Body: "正文", AttachmentName: "简报.pdf", Attachment: []byte("%PDF-1.4"),
			Secret: "k", CreatedAt: at(1)}
	}
	added, err := s.QueueNotices(ctx, store.NoticeBatch{StateKey: "briefing:s1", State: "2024-10", Notices: []store.Notice{n("a"), n("b")}})
	must(t, err, "QueueNotices")
	if added != 2 {
		t.Fatalf("added %d, want 2", added)
	}
	st, err := s.NotifyState(ctx, "briefing:s1")
	must(t, err, "NotifyState")
	if st != "2024-10" {
		t.Fatalf("state %q, want 2024-10", st)
	}
	_, err = s.QueueNotices(ctx, store.NoticeBatch{StateKey: "briefing:s1", PrevState: "", State: "2024-11", Notices: []store.Notice{n("c")}})
	isConflict(t, "a batch computed from a stale state", err)
	added, err = s.QueueNotices(ctx, store.NoticeBatch{Notices: []store.Notice{n("a"), n("c")}})
	must(t, err, "QueueNotices again")
	if added != 1 {
		t.Fatalf("re-queue of a known key added %d, want 1 (only c)", added)
	}
	claimed, err := s.ClaimNotices(ctx, "p1", at(5), time.Minute, 10, nil)
	must(t, err, "ClaimNotices")
	if len(claimed) != 3 || claimed[0].Key != "a" || claimed[2].Key != "c" {
		t.Fatalf("claimed %+v, want a, b, c", claimed)
	}
	if string(claimed[0].Attachment) != "%PDF-1.4" || claimed[0].Secret != "k" || claimed[0].Subject != "简报" {
		t.Fatalf("claimed notice lost its content: %+v", claimed[0])
	}
}

// testNoticeDelivery: a notice is claimed under a lease, retried after a
// backoff, delivered or given up, and every attempt is in the delivery log.
func testNoticeDelivery(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	_, err := s.QueueNotices(ctx, store.NoticeBatch{Notices: []store.Notice{
		{Key: "k1", Event: store.EventLagging, Channel: store.ChannelWeCom, Address: "http://x", Subject: "一", CreatedAt: at(1)},
		{Key: "k2", Event: store.EventLagging, Channel: store.ChannelWeCom, Address: "http://x", Subject: "二", CreatedAt: at(1), NextAttempt: at(30)},
	}})
	must(t, err, "QueueNotices")
	c1, err := s.ClaimNotices(ctx, "p1", at(2), time.Minute, 10, nil)
	must(t, err, "claim p1")
	if len(c1) != 1 || c1[0].Key != "k1" {
		t.Fatalf("p1 claimed %+v, want k1 only (k2 is not due)", c1)
	}
	c2, err := s.ClaimNotices(ctx, "p2", at(2), time.Minute, 10, nil)
	must(t, err, "claim p2")
	if len(c2) != 0 {
		t.Fatalf("p2 claimed %+v while p1 holds the lease", c2)
	}
	must(t, s.FinishNotice(ctx, store.DeliveryAttempt{NoticeSeq: c1[0].Seq, At: at(2), Owner: "p1", Error: "HTTP 500"}, at(4)), "fail")
	isConflict(t, "finish by a non-owner", s.FinishNotice(ctx, store.DeliveryAttempt{NoticeSeq: c1[0].Seq, At: at(2), Owner: "p2", OK: true}, time.Time{}))
	if c, err := s.ClaimNotices(ctx, "p2", at(3), time.Minute, 10, nil); err != nil || len(c) != 0 {
		t.Fatalf("claim before the backoff ends: %+v, %v", c, err)
	}
	c3, err := s.ClaimNotices(ctx, "p2", at(4), time.Minute, 10, nil)
	must(t, err, "claim after backoff")
	if len(c3) != 1 || c3[0].Attempts != 1 || c3[0].LastError != "HTTP 500" {
		t.Fatalf("after backoff p2 claimed %+v, want k1 with one failed attempt", c3)
	}
	must(t, s.FinishNotice(ctx, store.DeliveryAttempt{NoticeSeq: c3[0].Seq, At: at(4), Owner: "p2", OK: true}, time.Time{}), "deliver")
	if c, err := s.ClaimNotices(ctx, "p1", at(20), time.Minute, 10, nil); err != nil || len(c) != 0 {
		t.Fatalf("a delivered notice was claimed again: %+v, %v", c, err)
	}
	c4, err := s.ClaimNotices(ctx, "p1", at(40), time.Minute, 10, nil)
	must(t, err, "claim k2")
	if len(c4) != 1 || c4[0].Key != "k2" {
		t.Fatalf("claimed %+v, want k2", c4)
	}
	must(t, s.FinishNotice(ctx, store.DeliveryAttempt{NoticeSeq: c4[0].Seq, At: at(40), Owner: "p1", Error: "地址无效"}, time.Time{}), "give up")
	if c, err := s.ClaimNotices(ctx, "p1", at(90), time.Minute, 10, nil); err != nil || len(c) != 0 {
		t.Fatalf("a notice given up was claimed again: %+v, %v", c, err)
	}
	checkDeliveryLog(t, s)
}

// checkDeliveryLog checks the delivery log testNoticeDelivery leaves: k2
// given up after one attempt, then k1 with its failure, the refused finish
// and its success.
func checkDeliveryLog(t *testing.T, s store.Workflow) {
	t.Helper()
	log, err := s.DeliveryLog(ctxOf(t), 10)
	must(t, err, "DeliveryLog")
	if len(log) != 2 || log[0].Key != "k2" || log[1].Key != "k1" {
		t.Fatalf("delivery log %+v, want k2 then k1", log)
	}
	if len(log[1].Tries) != 3 || log[1].Tries[0].OK || log[1].Tries[0].Error != "HTTP 500" || !log[1].Tries[2].OK ||
		log[1].DeliveredAt.IsZero() {
		t.Fatalf("k1 attempts %+v (delivered %v), want the failure, the refused finish and the success", log[1].Tries, log[1].DeliveredAt)
	}
	if log[0].FailedAt.IsZero() || log[0].DeliveredAt.IsZero() == false || len(log[0].Tries) != 1 {
		t.Fatalf("k2 = %+v, want given up after one attempt", log[0])
	}
}

// testNoticeDue: a new notice is due at once whatever the clock; one held
// back, or a retry, waits for its time.
func testNoticeDue(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	_, err := s.QueueNotices(ctx, store.NoticeBatch{Notices: []store.Notice{
		{Key: "new", Event: "approved", Channel: "webhook", Address: "http://x", CreatedAt: at(50)},
		{Key: "quiet", Event: "approved", Channel: "webhook", Address: "http://x", CreatedAt: at(50), NextAttempt: at(60)},
	}})
	must(t, err, "QueueNotices")
	c, err := s.ClaimNotices(ctx, "p1", at(2), time.Minute, 10, nil)
	must(t, err, "ClaimNotices")
	if len(c) != 1 || c[0].Key != "new" {
		t.Fatalf("claimed %+v at a clock before the notices were made; want the new one only", c)
	}
	must(t, s.FinishNotice(ctx, store.DeliveryAttempt{NoticeSeq: c[0].Seq, At: at(2), Owner: "p1", Error: "x"}, at(55)), "fail")
	if c, err := s.ClaimNotices(ctx, "p1", at(3), time.Minute, 10, nil); err != nil || len(c) != 0 {
		t.Fatalf("a retry or a held-back notice was claimed early: %+v %v", c, err)
	}
}

// testNoticeLease: a lease that runs out passes the notice to another
// deliverer.
func testNoticeLease(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	_, err := s.QueueNotices(ctx, store.NoticeBatch{Notices: []store.Notice{{Key: "k", Event: "approved", Channel: "webhook", Address: "http://x", CreatedAt: at(1)}}})
	must(t, err, "QueueNotices")
	if c, err := s.ClaimNotices(ctx, "p1", at(2), time.Minute, 1, nil); err != nil || len(c) != 1 {
		t.Fatalf("p1 claim: %v %v", c, err)
	}
	c, err := s.ClaimNotices(ctx, "p2", at(4), time.Minute, 1, nil)
	must(t, err, "p2 claim")
	if len(c) != 1 {
		t.Fatalf("p2 did not get the notice whose lease ran out")
	}
}

// testNoticeConcurrency: of concurrent runs of one rule exactly one commits
// its state, and concurrent claims give each notice to one owner.
func testNoticeConcurrency(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	var ns []store.Notice
	for i := range 30 {
		ns = append(ns, store.Notice{Key: fmt.Sprint("n", i), Event: "lagging", Channel: "webhook", Address: "http://x", CreatedAt: at(1)})
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.QueueNotices(ctx, store.NoticeBatch{StateKey: "lagging:s", State: "v1", Notices: ns})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				t.Errorf("QueueNotices: %v", err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 || conflicts != 3 {
		t.Fatalf("4 concurrent runs of one rule: %d committed, %d conflicts; want 1 and 3", wins, conflicts)
	}
	concurrentClaims(t, s)
}

// concurrentClaims has four deliverers claim the 30 queued notices at once
// and checks that each notice went to exactly one of them.
func concurrentClaims(t *testing.T, s store.Workflow) {
	ctx := ctxOf(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[int64]string{}
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprint("p", i)
			c, err := s.ClaimNotices(ctx, owner, at(2), time.Hour, 10, nil)
			if err != nil {
				t.Errorf("claim: %v", err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, n := range c {
				if o, ok := seen[n.Seq]; ok {
					t.Errorf("notice %d claimed by %s and %s", n.Seq, o, owner)
				}
				seen[n.Seq] = owner
			}
		}()
	}
	wg.Wait()
	if len(seen) != 30 {
		t.Fatalf("%d notices claimed, want 30", len(seen))
	}
}

func testNoticeChannels(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	_, err := s.QueueNotices(ctx, store.NoticeBatch{Notices: []store.Notice{
		{Key: "mail", Event: "briefing", Channel: store.ChannelEmail, Address: "a@example.org", CreatedAt: at(1)},
		{Key: "robot", Event: "lagging", Channel: store.ChannelWeCom, Address: "http://x", CreatedAt: at(1)},
	}})
	must(t, err, "QueueNotices")
	c, err := s.ClaimNotices(ctx, "robots-only", at(2), time.Minute, 10, []string{store.ChannelWeCom, store.ChannelWebhook})
	must(t, err, "ClaimNotices robots")
	if len(c) != 1 || c[0].Key != "robot" {
		t.Fatalf("a deliverer without e-mail claimed %+v, want the robot notice only", c)
	}
	c, err = s.ClaimNotices(ctx, "all", at(2), time.Minute, 10, nil)
	must(t, err, "ClaimNotices all")
	if len(c) != 1 || c[0].Key != "mail" {
		t.Fatalf("a deliverer of every channel claimed %+v, want the mail left over", c)
	}
}
