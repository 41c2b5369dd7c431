package store

import (
	"context"
	"strconv"
	"time"

	"industrydash/internal/domain"
)

// Workflow is the workflow store: accounts, sessions, tokens, submissions
// with every version and event, the audit log, and the outbox of approved
// values on their way to the fact store — everything that needs uniqueness
// or a transaction. PostgreSQL (internal/store/postgres) serves it in
// production; the embedded store serves it when no PostgreSQL is configured.
// Both pass storetest.RunWorkflow.
//
// Workflow writes never change the fact store's DataVersion: a login, a
// draft or an audit entry leaves the dashboard caches warm.
type Workflow interface {
	Accounts
	Submissions
	SubmissionChanges
	Audit
	AuditChain
	Outbox
	Notifications
	SessionPurger
	// Migrate brings the workflow schema to the current version; idempotent.
	Migrate(ctx context.Context) error
	// SchemaStatus returns the applied and the expected schema versions.
	SchemaStatus(ctx context.Context) (applied, expected int, err error)
	// Ping checks that the backend answers.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// SubmissionChange is one workflow step on a submission, committed all or
// nothing: the new version, its event, its audit entries and, for an
// approval, the outbox entry of the values to publish.
type SubmissionChange struct {
	// Submission is the new version: Version must be the stored version
	// plus one (1 for a new ID).
	Submission Submission
	Event      SubmissionEvent
	Audit      []AuditEntry
	// Publish queues Submission.Values for the fact store in the same
	// transaction, to be recorded at PublishAt.
	Publish   bool
	PublishAt time.Time
}

// SubmissionChanges commits workflow steps atomically.
type SubmissionChanges interface {
	// ApplySubmission commits c in one transaction. A stale version (someone
	// else changed the submission first) returns an error wrapping
	// ErrConflict and changes nothing.
	ApplySubmission(ctx context.Context, c SubmissionChange) error
}

// OutboxEntry is an approved submission version whose values are to be
// written to the fact store.
type OutboxEntry struct {
	Seq          int64                `json:"seq"` // order of approval, from 1
	SubmissionID string               `json:"submission_id"`
	Version      int                  `json:"version"`
	Values       []domain.Observation `json:"values"`
	// RecordedAt is the RecordedAt the published observations carry (the
	// approval time), so a retry writes identical rows.
	RecordedAt  time.Time `json:"recorded_at"`
	CreatedAt   time.Time `json:"created_at"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	PublishedAt time.Time `json:"published_at"` // zero while pending
}

// BatchID is the fact-store batch id of the entry's values: one per
// submission version, so a publisher can tell whether they are in.
func (e OutboxEntry) BatchID() string {
	return "submission:" + e.SubmissionID + ":v" + strconv.Itoa(e.Version)
}

// Outbox holds approved values until the fact store has them. Several
// publishers (one per server process) may share it: an entry is leased to
// one at a time.
type Outbox interface {
	// ClaimOutbox leases up to limit pending entries, oldest first, to
	// owner until now+lease. Entries leased to another owner whose lease
	// runs past now are skipped, so two publishers never hold one entry.
	ClaimOutbox(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]OutboxEntry, error)
	// MarkPublished records that entry seq's values are in the fact store.
	// It returns ErrNotFound when there is no such entry.
	MarkPublished(ctx context.Context, seq int64, at time.Time) error
	// ReleaseOutbox records a failed attempt by owner (Attempts+1, the
	// error text) and ends its lease so the entry is retried.
	ReleaseOutbox(ctx context.Context, seq int64, owner, errText string) error
	// OutboxBacklog returns how many entries are not yet published.
	OutboxBacklog(ctx context.Context) (int, error)
	// OutboxEntries returns the entries of one submission, oldest first
	// (published or not).
	OutboxEntries(ctx context.Context, submissionID string) ([]OutboxEntry, error)
}

// SessionPurger removes sessions past their use. (API tokens have no
// expiry: a revoked token stays on record, as the user's token list shows.)
type SessionPurger interface {
	// PurgeSessions deletes the sessions that expired before before (a
	// session without an expiry is kept) and returns how many it deleted.
	PurgeSessions(ctx context.Context, before time.Time) (int, error)
}
