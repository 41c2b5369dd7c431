package notify

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"industrydash/internal/store"
)

// Service runs the scheduler and the deliverer together: the server in the
// background (Run), `server notify -once` for one round (Once).
type Service struct {
	Scheduler *Scheduler
	Deliverer *Deliverer
	log       *slog.Logger
}

// Senders returns the senders cfg allows: every robot channel (their
// addresses are the subscriptions'), and e-mail only with -smtp.
func Senders(cfg Config) (map[string]Sender, error) {
	robot := Robot{AllowHosts: cfg.AllowHosts}
	out := map[string]Sender{store.ChannelWeCom: robot, store.ChannelDingTalk: robot, store.ChannelFeishu: robot, store.ChannelWebhook: robot}
	if cfg.SMTP != "" {
		m, err := ParseSMTP(cfg.SMTP, cfg.MailFrom)
		if err != nil {
			return nil, err
		}
		out[store.ChannelEmail] = m
	}
	return out, nil
}

// NewService wires a scheduler and a deliverer over one store.
func NewService(sch *Scheduler, del *Deliverer, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{Scheduler: sch, Deliverer: del, log: log}
}

// OnceResult reports one round.
type OnceResult struct {
	RunResult
	DeliverResult
}

// Once runs the rules at now, then delivers what is due at now.
func (s *Service) Once(ctx context.Context, now time.Time) (OnceResult, error) {
	var res OnceResult
	rr, rerr := s.Scheduler.Run(ctx, now)
	res.RunResult = rr
	dr, derr := s.Deliverer.Deliver(ctx, now)
	res.DeliverResult = dr
	return res, errors.Join(rerr, derr)
}

// Run runs a round every interval until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		res, err := s.Once(ctx, time.Now())
		if err != nil && ctx.Err() == nil {
			s.log.Warn("notify: round incomplete; will retry", "err", err)
		}
		if res.Queued > 0 || res.Sent > 0 || res.Failed > 0 || res.GaveUp > 0 {
			s.log.Info("notify: round", "queued", res.Queued, "sent", res.Sent, "failed", res.Failed, "gave_up", res.GaveUp)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
