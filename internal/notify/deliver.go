package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Sender delivers one notice through one channel.
type Sender interface {
	Send(ctx context.Context, n store.Notice) error
}

// permanentError marks a failure that retrying cannot cure (a malformed
// address, a robot refusing the request as invalid).
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return permanentError{err} }

// Deliverer sends the notices of the outbox. Any number of deliverers (one
// per server process, plus `server notify -once`) may share one outbox: a
// notice is leased to one deliverer at a time, and the lease outlives the
// longest send, so each notice is sent once.
type Deliverer struct {
	st      store.Notifications
	senders map[string]Sender
	log     *slog.Logger
	owner   string
	// Lease is how long a claimed notice stays ours (default 5 min: longer
	// than any send, whose timeouts are 20–60 s).
	Lease time.Duration
	// Batch is how many notices one pass claims (default 20).
	Batch int
	// MaxAttempts is how many failed attempts end the retries (default 8:
	// with the backoff below, about four hours).
	MaxAttempts int
	// Backoff is the wait after the first failure, doubled after each
	// further one, at most an hour (default 1 min).
	Backoff time.Duration
}

// NewDeliverer returns a deliverer with the senders by channel; a channel
// without a sender (e-mail without -smtp) is left to a deliverer that has one.
func NewDeliverer(st store.Notifications, senders map[string]Sender, log *slog.Logger) *Deliverer {
	if log == nil {
		log = slog.Default()
	}
	host, _ := os.Hostname()
	var r [4]byte
	_, _ = rand.Read(r[:])
	return &Deliverer{st: st, senders: senders, log: log,
		owner: fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(r[:])),
		Lease: 5 * time.Minute, Batch: 20, MaxAttempts: 8, Backoff: time.Minute}
}

// Owner is the name this deliverer leases notices under.
func (d *Deliverer) Owner() string { return d.owner }

// Channels lists the channels this deliverer can send.
func (d *Deliverer) Channels() []string {
	var out []string
	for _, c := range []string{store.ChannelEmail, store.ChannelWeCom, store.ChannelDingTalk, store.ChannelFeishu, store.ChannelWebhook} {
		if d.senders[c] != nil {
			out = append(out, c)
		}
	}
	return out
}

// DeliverResult counts one pass.
type DeliverResult struct {
	Sent, Failed, GaveUp int
}

// Deliver runs passes at now until no due notice of its channels is left:
// it claims, sends, and records each attempt. A failed send is retried
// after a backoff (Backoff, doubled each time) until MaxAttempts.
func (d *Deliverer) Deliver(ctx context.Context, now time.Time) (DeliverResult, error) {
	var res DeliverResult
	// tried keeps a pass from sending a notice twice: one whose attempt
	// could not be recorded stays leased to us and would be claimed again.
	tried := map[int64]bool{}
	for {
		claimed, err := d.st.ClaimNotices(ctx, d.owner, now, d.Lease, d.Batch, d.Channels())
		if err != nil {
			return res, fmt.Errorf("notify: claim notices: %w", err)
		}
		var ns []store.Notice
		for _, n := range claimed {
			if !tried[n.Seq] {
				ns = append(ns, n)
				tried[n.Seq] = true
			}
		}
		if len(ns) == 0 {
			return res, nil
		}
		for _, n := range ns {
			err := d.senders[n.Channel].Send(ctx, n)
			a := store.DeliveryAttempt{NoticeSeq: n.Seq, At: now, Owner: d.owner, OK: err == nil}
			var retryAt time.Time
			if err != nil {
				a.Error = msg.Text(err)
				var pe permanentError
				if !errors.As(err, &pe) && n.Attempts+1 < d.MaxAttempts {
					retryAt = now.Add(d.backoff(n.Attempts))
				}
				if retryAt.IsZero() {
					res.GaveUp++
				} else {
					res.Failed++
				}
				d.log.Warn("notify: delivery failed", "notice", n.Seq, "event", n.Event, "channel", n.Channel,
					"attempt", n.Attempts+1, "retry_at", retryAt, "err", err)
			} else {
				res.Sent++
			}
			// Record with a fresh context: ctx may be why the send failed.
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			ferr := d.st.FinishNotice(fctx, a, retryAt)
			cancel()
			if ferr != nil {
				d.log.Warn("notify: record delivery attempt", "notice", n.Seq, "err", ferr)
			}
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if len(claimed) < d.Batch {
			return res, nil
		}
	}
}

func (d *Deliverer) backoff(attempts int) time.Duration {
	w := d.Backoff
	if w <= 0 {
		w = time.Minute
	}
	for range attempts {
		w *= 2
		if w >= time.Hour {
			return time.Hour
		}
	}
	return w
}
