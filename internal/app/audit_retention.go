package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"industrydash/internal/store"
)

// MinAuditRetention is the shortest time audit entries are kept: six
// months, as 等保2.0 asks. PostgreSQL refuses to delete younger entries
// whatever the setting.
const MinAuditRetention = 180 * 24 * time.Hour

// auditPruner is what PruneAudit needs.
type auditPruner interface {
	store.AuditChain
	store.Audit
}

// PruneAuditOnce removes audit entries older than retention (never less
// than MinAuditRetention), leaving the chain's anchor, and audits the
// pruning itself. It returns how many entries it removed.
func PruneAuditOnce(ctx context.Context, wf auditPruner, now time.Time, retention time.Duration) (int, error) {
	retention = max(retention, MinAuditRetention)
	anchor, n, err := wf.PruneAudit(ctx, now.Add(-retention))
	if err != nil || n == 0 {
		return 0, err
	}
	e := store.AuditEntry{At: now, Actor: "system", Role: "system", Action: "audit.prune", Object: "audit_log",
		New: fmt.Sprintf("按保留期 %d 天清理 %d 条；链的起点为第 %d 条，散列 %s", int(retention/(24*time.Hour)), n, anchor.Seq, anchor.Hash)}
	return n, wf.AppendAudit(ctx, e)
}

// PruneAudit runs PruneAuditOnce every interval until ctx ends.
func PruneAudit(ctx context.Context, wf auditPruner, retention, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := PruneAuditOnce(ctx, wf, time.Now(), retention); err != nil && ctx.Err() == nil {
			log.Warn("prune audit log", "err", err)
		} else if n > 0 {
			log.Info("pruned audit log", "entries", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
