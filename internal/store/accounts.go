package store

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"industrydash/internal/domain"
)

// Roles of users (DESIGN.md §8).
const (
	RoleAdmin    = "admin"    // system administrator: users and configuration; everything an analyst can do (and, without separation of duties, the security and audit administrators' work)
	RoleSecAdmin = "secadmin" // security administrator: roles, passwords, lock-outs, policies
	RoleAuditor  = "auditor"  // audit administrator: reads and exports the audit log, nothing else
	RoleAnalyst  = "analyst"  // city staff: all data, reviews submissions
	RoleLeader   = "leader"   // read-only dashboards and briefings
	RoleReporter = "reporter" // one org unit: submits and sees its own data
)

// User is an account. PasswordHash is a PHC-style string from a memory-hard
// KDF (argon2id); the store never sees a password.
type User struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"` // login name, unique
	DisplayName  string    `json:"display_name"`
	Role         string    `json:"role"`
	OrgUnit      string    `json:"org_unit,omitempty"` // reporters only
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	FailedLogins int       `json:"failed_logins"`
	LockedUntil  time.Time `json:"locked_until"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"` // the version: the latest UpdatedAt wins
	// PasswordChangedAt is when the password was last set (zero: unknown,
	// counted from CreatedAt); it starts the password's expiry.
	PasswordChangedAt time.Time `json:"password_changed_at"`
	// MustChangePassword makes the user change the password at the next
	// login (an administrator set it).
	MustChangePassword bool `json:"must_change_password"`
	// PasswordHistory holds the hashes of the previous passwords, newest
	// first, for the no-reuse rule.
	PasswordHistory []string `json:"-"`
	// AuditReader lets a user who is not an audit administrator read the
	// audit log (granted by a security administrator).
	AuditReader bool `json:"audit_reader"`
}

// Session is a logged-in browser. ID is the SHA-256 hex of the cookie value,
// so a leaked store does not leak live sessions.
type Session struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	CSRF      string    `json:"csrf"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Revoked   bool      `json:"revoked"`
}

// Token is an API token (Authorization: Bearer …). ID is the SHA-256 hex of
// the token.
type Token struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	Revoked   bool      `json:"revoked"`
	// ExpiresAt ends the token (zero: never, for tokens made before
	// expiry existed); LastUsedAt is when it last authenticated a request
	// (to within a minute).
	ExpiresAt  time.Time `json:"expires_at"`
	LastUsedAt time.Time `json:"last_used_at"`
}

// Accounts stores users, sessions and API tokens. Every Put is an upsert by
// ID: the row with the latest UpdatedAt (users) or the latest write
// (sessions, tokens) is current, so append-only stores can implement it.
type Accounts interface {
	PutUser(ctx context.Context, u User) error
	// UserByID and UserByName return ErrNotFound when there is no such user.
	UserByID(ctx context.Context, id string) (User, error)
	UserByName(ctx context.Context, name string) (User, error)
	// Users returns every user ordered by Name.
	Users(ctx context.Context) ([]User, error)
	PutSession(ctx context.Context, s Session) error
	// SessionByID returns ErrNotFound when there is no such session.
	SessionByID(ctx context.Context, id string) (Session, error)
	PutToken(ctx context.Context, t Token) error
	// TokenByID returns ErrNotFound when there is no such token.
	TokenByID(ctx context.Context, id string) (Token, error)
	// SessionsOfUser returns the current version of every session of the
	// user with userID (revoked and expired ones included), ordered by ID;
	// none (nil error) for a user without sessions. Cutting a user off
	// revokes each with PutSession.
	SessionsOfUser(ctx context.Context, userID string) ([]Session, error)
	// TokensOfUser returns the current version of every API token of the
	// user with userID (revoked ones included), ordered by ID; none (nil
	// error) for a user without tokens.
	TokensOfUser(ctx context.Context, userID string) ([]Token, error)
}

// Submission statuses.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
	StatusApproved  = "approved"
	StatusReturned  = "returned"
)

// Submission is one unit's batch of figures for one period (a month). Each
// Put stores a new version; the highest Version is current.
type Submission struct {
	ID      string        `json:"id"`
	OrgUnit string        `json:"org_unit"`
	Period  domain.Period `json:"period"`
	Status  string        `json:"status"`
	// Values are the proposed observations (indicator, value type, value in
	// the indicator's unit, submitted value/unit, note). They become
	// observations when the submission is approved.
	Values    []domain.Observation `json:"values"`
	CreatedBy string               `json:"created_by"`
	CreatedAt time.Time            `json:"created_at"`
	UpdatedBy string               `json:"updated_by"`
	UpdatedAt time.Time            `json:"updated_at"`
	// SubmittedAt is when it was first submitted (for timeliness).
	SubmittedAt time.Time `json:"submitted_at"`
	Version     int       `json:"version"`
	// Reason is the latest return or reopen reason.
	Reason string `json:"reason,omitempty"`
}

// SubmissionEvent is one workflow action on a submission.
type SubmissionEvent struct {
	SubmissionID string    `json:"submission_id"`
	Action       string    `json:"action"` // save | submit | approve | return | reopen
	FromStatus   string    `json:"from_status"`
	ToStatus     string    `json:"to_status"`
	Actor        string    `json:"actor"`
	Reason       string    `json:"reason,omitempty"`
	At           time.Time `json:"at"`
}

// SubmissionFilter selects submissions; zero fields mean "any".
type SubmissionFilter struct {
	OrgUnit string
	Year    int
	Month   int
	Status  string
}

// Submissions stores submissions and their workflow events.
type Submissions interface {
	// PutSubmission stores s as its current version (s.Version must be one
	// more than the stored version, or 1 for a new ID; otherwise ErrConflict).
	PutSubmission(ctx context.Context, s Submission) error
	// SubmissionByID returns ErrNotFound when there is no such submission.
	SubmissionByID(ctx context.Context, id string) (Submission, error)
	// ListSubmissions returns the current versions matching f, ordered by
	// period then org unit.
	ListSubmissions(ctx context.Context, f SubmissionFilter) ([]Submission, error)
	AddSubmissionEvent(ctx context.Context, e SubmissionEvent) error
	// SubmissionEvents returns a submission's events, oldest first.
	SubmissionEvents(ctx context.Context, id string) ([]SubmissionEvent, error)
}

// AuditEntry records one write: who, when, what, old → new, from where.
type AuditEntry struct {
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	Role      string    `json:"role"`
	Action    string    `json:"action"` // e.g. submission.approve, user.add, actuals.load
	Object    string    `json:"object"` // what was changed, e.g. submission id, file name
	Old       string    `json:"old,omitempty"`
	New       string    `json:"new,omitempty"`
	IP        string    `json:"ip,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
	// Seq, PrevHash and Hash chain the entry to the one before it; the
	// store sets them on append (audit_chain.go).
	Seq      int64  `json:"seq,omitempty"`
	PrevHash string `json:"prev_hash,omitempty"`
	Hash     string `json:"hash,omitempty"`
}

// AuditTextLimit is the most characters an audit entry keeps of each of
// Object, Old and New; longer text is cut, ending in a note of its length.
const AuditTextLimit = 4000

// Bounded returns e with Object, Old and New cut to AuditTextLimit
// characters and the short fields (actor, role, action, IP, request id) to
// 200, so that no request can make one entry (or the /audit page) huge.
func (e AuditEntry) Bounded() AuditEntry {
	e.Object, e.Old, e.New = cut(e.Object, AuditTextLimit), cut(e.Old, AuditTextLimit), cut(e.New, AuditTextLimit)
	e.Actor, e.Role, e.Action = cut(e.Actor, 200), cut(e.Role, 200), cut(e.Action, 200)
	e.IP, e.RequestID = cut(e.IP, 200), cut(e.RequestID, 200)
	return e
}

func cut(s string, limit int) string {
	n := utf8.RuneCountInString(s)
	if n <= limit {
		return s
	}
	note := fmt.Sprintf("…（已截断，原文共 %d 字）", n)
	keep := limit - utf8.RuneCountInString(note)
	i, k := 0, 0
	for i = range s {
		if k == keep {
			break
		}
		k++
	}
	return s[:i] + note
}

// AuditFilter selects audit entries; zero fields mean "any".
type AuditFilter struct {
	From, To time.Time
	Actor    string
	Action   string
	Limit    int
}

// Audit is the append-only audit log.
type Audit interface {
	// AppendAudit stores entries as AuditEntry.Bounded returns them.
	AppendAudit(ctx context.Context, entries ...AuditEntry) error
	// AuditLog returns matching entries, newest first, at most Limit (0: all).
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}
