package store

import (
	"context"
	"time"
)

// Events a user may subscribe to (消息推送).
const (
	EventBriefing = "briefing" // a new issue of the 简报
	EventLagging  = "lagging"  // targets turned red (or 略慢 → 滞后)
	EventDeadline = "deadline" // a submission deadline near, or missed
	EventReturned = "returned" // a submission returned, with the reason
	EventApproved = "approved" // a submission approved
)

// Channels a notice is delivered through.
const (
	ChannelEmail    = "email"
	ChannelWeCom    = "wecom"    // 企业微信 group robot (markdown)
	ChannelDingTalk = "dingtalk" // 钉钉 group robot (markdown, optional signing secret)
	ChannelFeishu   = "feishu"   // 飞书 group robot (signature in the body)
	ChannelWebhook  = "webhook"  // generic JSON webhook
)

// Subscription is one user's wish to hear of one event through one channel
// at one address.
type Subscription struct {
	ID string `json:"id"`
	// UserID and UserName are the subscriber (who may delete it, besides
	// admins); OrgUnit is a reporter's unit, to which the submission events
	// (deadline, returned, approved) are then restricted ("" = all units).
	UserID   string `json:"user_id"`
	UserName string `json:"user_name"`
	OrgUnit  string `json:"org_unit,omitempty"`
	Event    string `json:"event"`
	Channel  string `json:"channel"`
	// Address is the e-mail address or the robot's webhook URL.
	Address string `json:"address"`
	// Secret signs robot messages (钉钉 加签, 飞书 签名校验); never shown back.
	Secret string `json:"-"`
	// Group marks an office's shared address, subscribed by an admin.
	Group bool `json:"group"`
	// Digest collects alerts (lagging, deadline) into one message a day.
	Digest bool `json:"digest"`
	// Token authorises the unsubscribe link of e-mails.
	Token     string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Notice is one message on its way to one address: queued in the outbox of
// the workflow store, delivered by a deliverer that leases it.
type Notice struct {
	Seq int64 `json:"seq"`
	// Key is unique among notices: queueing a notice whose key is already
	// there does nothing, so a rule run twice (or by two processes) queues
	// it once.
	Key            string `json:"key"`
	SubscriptionID string `json:"subscription_id"`
	Event          string `json:"event"`
	Channel        string `json:"channel"`
	Address        string `json:"address"`
	Secret         string `json:"-"`
	// Subject is the e-mail subject and the robot message's title; Body is
	// markdown (robots) and the e-mail's text.
	Subject string `json:"subject"`
	Body    string `json:"body"`
	// AttachmentName and Attachment are a file sent with an e-mail (the
	// 简报 PDF); robots get a link in Body instead.
	AttachmentName string    `json:"attachment_name,omitempty"`
	Attachment     []byte    `json:"attachment,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	// NextAttempt is when the notice may be sent (after quiet hours, after
	// a failure's backoff).
	NextAttempt time.Time `json:"next_attempt"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	DeliveredAt time.Time `json:"delivered_at"` // zero while pending
	// FailedAt is set when the deliverer gave up (zero otherwise).
	FailedAt time.Time `json:"failed_at"`
}

// NoticeBatch is what one rule run queues: its notices and, with StateKey,
// the rule's state moved from PrevState to State in the same transaction.
type NoticeBatch struct {
	StateKey  string
	PrevState string
	State     string
	Notices   []Notice
}

// DeliveryAttempt is one try at sending a notice.
type DeliveryAttempt struct {
	NoticeSeq int64     `json:"notice_seq"`
	At        time.Time `json:"at"`
	Owner     string    `json:"owner"` // the deliverer (process) that tried
	OK        bool      `json:"ok"`
	Error     string    `json:"error,omitempty"`
}

// NoticeRecord is a notice with its attempts, for the 投递记录 page.
type NoticeRecord struct {
	Notice
	Tries []DeliveryAttempt `json:"attempts_log"`
}

// Notifications stores subscriptions and the outbox of notices. Several
// deliverers (one per server process) may share it: a notice is leased to
// one at a time, so it is sent once.
type Notifications interface {
	// AddSubscription stores s (ID, Token and CreatedAt are set when empty)
	// with its audit entries in one transaction. The same user, event,
	// channel and address twice is ErrConflict.
	AddSubscription(ctx context.Context, s Subscription, audit []AuditEntry) (Subscription, error)
	// Subscriptions returns the subscriptions of userID ("" = everyone's),
	// oldest first.
	Subscriptions(ctx context.Context, userID string) ([]Subscription, error)
	// SubscriptionByToken returns ErrNotFound when no subscription has the token.
	SubscriptionByToken(ctx context.Context, token string) (Subscription, error)
	// DeleteSubscription deletes subscription id with its audit entries;
	// with userID set, only when it is that user's (else ErrNotFound).
	DeleteSubscription(ctx context.Context, id, userID string, audit []AuditEntry) error
	// NotifyState returns a rule's state ("" when none).
	NotifyState(ctx context.Context, key string) (string, error)
	// QueueNotices stores b's notices, skipping keys already queued, and
	// moves the state; when the stored state is not b.PrevState (another
	// process ran the rule first) it returns ErrConflict and stores
	// nothing. It returns how many notices were added.
	QueueNotices(ctx context.Context, b NoticeBatch) (int, error)
	// ClaimNotices leases up to limit notices due at now (not delivered,
	// not given up, NextAttempt ≤ now; a new notice not held back past its
	// CreatedAt, by quiet hours, is due whatever now is) on channels (nil: any) to owner
	// until now+lease, oldest first; notices leased to another owner until
	// after now are skipped.
	ClaimNotices(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int, channels []string) ([]Notice, error)
	// FinishNotice records attempt a on notice a.NoticeSeq and ends owner's
	// lease: delivered when a.OK; otherwise Attempts+1 and the error, to be
	// retried at retryAt, or given up when retryAt is zero. ErrConflict when
	// the lease is no longer owner's (the attempt is recorded all the same).
	FinishNotice(ctx context.Context, a DeliveryAttempt, retryAt time.Time) error
	// DeliveryLog returns the latest limit notices (newest first, without
	// attachment bytes) with their attempts, oldest attempt first.
	DeliveryLog(ctx context.Context, limit int) ([]NoticeRecord, error)
}
