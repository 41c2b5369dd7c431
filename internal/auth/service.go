// Package auth holds accounts, sessions, API tokens and the authorization
// rules (DESIGN.md §8): argon2id password hashes, sessions and tokens stored
// as SHA-256 hashes, per-user lock-out and a per-IP limiter on logins, and
// the pure role checks the web layer applies to every request and row.
package auth

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/singleflight"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Store is what auth needs from storage.
type Store interface {
	store.Accounts
	store.Audit
}

// Units resolves org units (a code or Chinese name) for reporters.
type Units interface {
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
}

// Config holds the security settings; zero fields take the defaults.
type Config struct {
	SessionTTL time.Duration // longest life of a session: 12 h
	// IdleTimeout ends a session nobody used for this long (30 min); each
	// request pushes the end back, never past SessionTTL.
	IdleTimeout time.Duration
	// MaxSessions caps the live sessions of one user (0: no cap); a login
	// beyond it ends the user's oldest sessions.
	MaxSessions int
	// PasswordMaxAge is how long a password lasts before its user must
	// change it (90 days; negative: never).
	PasswordMaxAge time.Duration
	// PasswordHistory is how many previous passwords a user may not reuse (5).
	PasswordHistory int
	// TokenTTL is the life of a new API token (90 days).
	TokenTTL time.Duration
	// SeparationOfDuties enforces 三员分立 (duties.go).
	SeparationOfDuties bool
	MaxFailures        int           // failed logins in a row that lock an account: 5
	LockFor            time.Duration // lock-out length: 15 min
	// PairFreeFailures failures on one login name from one address are
	// free; after that each attempt on it from there waits PairDelay,
	// doubling with each further failure up to PairMaxDelay (3, 1 s, 15 min).
	PairFreeFailures int
	PairDelay        time.Duration
	PairMaxDelay     time.Duration
	// IPSlowAfter failed logins from one address within IPWindow make every
	// further attempt from it wait IPDelay before it is checked (30 in
	// 15 min, 1 s); nobody is refused for their address alone.
	IPSlowAfter int
	IPWindow    time.Duration
	IPDelay     time.Duration
	// Sleep waits (IPDelay); tests replace it. Default: a timer that stops
	// when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
	// MaxHashes is how many password hashes (19 MiB of argon2id each) may
	// run at once (4); an attempt waits up to HashWait (3 s) for a place,
	// then gets ErrBusy.
	MaxHashes int
	HashWait  time.Duration
	Now       func() time.Time
}

func (c *Config) defaults() {
	if c.SessionTTL <= 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.PasswordMaxAge == 0 {
		c.PasswordMaxAge = 90 * 24 * time.Hour
	}
	if c.PasswordHistory <= 0 {
		c.PasswordHistory = 5
	}
	if c.TokenTTL <= 0 {
		c.TokenTTL = 90 * 24 * time.Hour
	}
	if c.IdleTimeout > c.SessionTTL {
		c.IdleTimeout = c.SessionTTL
	}
	if c.MaxHashes <= 0 {
		c.MaxHashes = 4
	}
	if c.HashWait <= 0 {
		c.HashWait = 3 * time.Second
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 5
	}
	if c.LockFor <= 0 {
		c.LockFor = 15 * time.Minute
	}
	if c.PairFreeFailures <= 0 {
		c.PairFreeFailures = 3
	}
	if c.PairDelay <= 0 {
		c.PairDelay = time.Second
	}
	if c.PairMaxDelay < c.PairDelay {
		c.PairMaxDelay = max(15*time.Minute, c.PairDelay)
	}
	if c.IPSlowAfter <= 0 {
		c.IPSlowAfter = 30
	}
	if c.IPWindow <= 0 {
		c.IPWindow = 15 * time.Minute
	}
	if c.IPDelay <= 0 {
		c.IPDelay = time.Second
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Errors. Their texts are Chinese messages for users.
var (
	// ErrLoginFailed is the one answer to a failed login, whether the name
	// is unknown, the password wrong or the account locked, so that a
	// stranger learns nothing about which accounts exist.
	ErrLoginFailed = msg.New(msg.AuthLoginFailed)
	// ErrTooManyAttempts is matched by the ThrottleError returned when one
	// login name has failed too often from one address.
	ErrTooManyAttempts = msg.New(msg.AuthTooManyAttempts)
	// ErrBusy is returned when too many logins are being checked at once.
	ErrBusy = msg.New(msg.AuthBusy)
	// ErrNoSession means the cookie or token is unknown, expired or revoked.
	ErrNoSession = msg.New(msg.AuthNoSession)
	// ErrSetupDone is returned by Setup once any user exists.
	ErrSetupDone = msg.New(msg.AuthAlreadySetUp)
	// ErrWrongPassword is returned by ChangePassword for a wrong old password.
	ErrWrongPassword = msg.New(msg.AuthWrongPassword)
)

// InputError is a problem with what a user typed; msg.Text renders it.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the message.
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(code msg.Code, args ...any) error {
	return &InputError{Err: msg.New(code, args...)}
}

// inputFrom makes a checker's message error an InputError.
func inputFrom(err error) error {
	if m, ok := msg.Find(err); ok {
		return &InputError{Err: m}
	}
	return err
}

// Service manages accounts, sessions and tokens.
type Service struct {
	st    Store
	units Units
	cfg   Config

	mu       sync.Mutex
	hasUsers bool
	// names, pairs and ips are the login limiter (limiter.go), keyed by
	// canonical login name (existing or not), by address and name, and by
	// client address.
	names map[string]*nameState
	pairs map[string]*pairState
	ips   map[string]*ipState
	// hashes is the semaphore on password hashing.
	hashes chan struct{}
	// persistMu serialises writing failure counts back to stored users.
	persistMu sync.Mutex
	// known remembers recently verified sessions and tokens by their hash:
	// fresh entries spare a store round trip per request, and while the
	// store is unreachable older ones keep signed-in users reading the last
	// good dashboards (writes fail anyway).
	known map[string]knownAuth
	// checks shares one store check among the concurrent requests of a
	// credential; refreshing marks the credentials being re-checked ahead
	// of time in the background (see refreshAhead).
	checks     singleflight.Group
	refreshing map[string]bool
}

type knownAuth struct {
	user    store.User
	sess    store.Session
	checked time.Time
	// refreshAt is when a request still served from memory starts one
	// re-check in the background: a jittered point within the fresh
	// window, so that credentials verified together (a restart, a burst of
	// logins) are not re-checked together, and a busy credential is
	// re-checked before it stops being fresh, without a request waiting.
	refreshAt time.Time
}

// Lifetimes of remembered credentials.
const (
	// CacheWindow is how long a verified session or token is reused
	// without asking the store: a user disabled or a session revoked by
	// another server process stops working within this window (on the
	// process that did it, at once).
	CacheWindow = 30 * time.Second
	knownFresh  = CacheWindow
	knownOutage = time.Hour // reused only while the store is unavailable
)

// recall returns a remembered credential: fresh ones always, older ones only
// when the store could not be asked (outage is true).
func (s *Service) recall(hash string, outage bool) (knownAuth, bool) {
	s.mu.Lock()
	k, ok := s.known[hash]
	s.mu.Unlock()
	return k, ok && s.usable(k, outage)
}

// recallHash is recall on every request: the key is not allocated.
func (s *Service) recallHash(h *secretHash, outage bool) (knownAuth, bool) {
	s.mu.Lock()
	k, ok := s.known[string(h[:])]
	s.mu.Unlock()
	return k, ok && s.usable(k, outage)
}

// usable says whether a remembered credential may be trusted now: checked
// within knownFresh (knownOutage while the store is unavailable) and not
// past its own end.
func (s *Service) usable(k knownAuth, outage bool) bool {
	now := s.cfg.Now()
	age := now.Sub(k.checked)
	if age < knownFresh || (outage && age < knownOutage) {
		return k.sess.ExpiresAt.IsZero() || now.Before(k.sess.ExpiresAt)
	}
	return false
}

func (s *Service) remember(hash string, k knownAuth) {
	k.checked = s.cfg.Now()
	k.refreshAt = k.checked.Add(refreshAfter())
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.known) > 10000 {
		s.known = map[string]knownAuth{}
	}
	s.known[hash] = k
}

func (s *Service) forget(hash string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.known, hash)
}

// forgetUser drops every remembered credential of a user, so a change to
// the account applies to the next request.
func (s *Service) forgetUser(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for h, k := range s.known {
		if k.user.ID == userID {
			delete(s.known, h)
		}
	}
}

// refreshAfter is how long after a check a remembered credential is
// re-checked ahead: a random point between half and four fifths of the
// fresh window.
func refreshAfter() time.Duration {
	return knownFresh/2 + time.Duration(rand.Int64N(int64(knownFresh*3/10)))
}

// checkTimeout bounds a store check shared by several requests (it runs
// detached from the request that started it).
const checkTimeout = 10 * time.Second

// refreshDue reports a remembered credential due for a re-check ahead:
// callers ask before they build the re-check, which most requests skip.
func (s *Service) refreshDue(k knownAuth) bool { return !s.cfg.Now().Before(k.refreshAt) }

// refreshAhead starts, when the remembered credential k of hash is due
// and no re-check of it runs yet, one re-check in the background (check,
// under a detached context, shared under key with any request that must
// wait for the store); the request itself goes on with k. After a re-check
// that could not confirm k (the store failed) the next is tried no sooner
// than a second later.
func (s *Service) refreshAhead(key, hash string, k knownAuth, check func(ctx context.Context) error) {
	now := s.cfg.Now()
	if now.Before(k.refreshAt) {
		return
	}
	s.mu.Lock()
	if s.refreshing[key] {
		s.mu.Unlock()
		return
	}
	s.refreshing[key] = true
	s.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
		defer cancel()
		_, _, _ = s.checks.Do(key, func() (any, error) { return nil, check(ctx) })
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.refreshing, key)
		if e, ok := s.known[hash]; ok && !e.refreshAt.After(now) { // not checked anew (err, or the store is down)
			e.refreshAt = now.Add(time.Second)
			s.known[hash] = e
		}
	}()
}

// New returns the service.
func New(st Store, units Units, cfg Config) *Service {
	cfg.defaults()
	return &Service{st: st, units: units, cfg: cfg, names: map[string]*nameState{}, pairs: map[string]*pairState{}, ips: map[string]*ipState{},
		hashes: make(chan struct{}, cfg.MaxHashes), known: map[string]knownAuth{}, refreshing: map[string]bool{}}
}

// Config returns the settings in use.
func (s *Service) Config() Config { return s.cfg }

// HasUsers reports whether any user exists (before the first admin is
// created, every page leads to /setup).
func (s *Service) HasUsers(ctx context.Context) (bool, error) {
	s.mu.Lock()
	ok := s.hasUsers
	s.mu.Unlock()
	if ok {
		return true, nil
	}
	us, err := s.st.Users(ctx)
	if err != nil {
		return false, fmt.Errorf("list users: %w", err)
	}
	if len(us) > 0 {
		s.mu.Lock()
		s.hasUsers = true
		s.mu.Unlock()
	}
	return len(us) > 0, nil
}

// NewUser is what creating a user takes.
type NewUser struct {
	Name        string
	DisplayName string
	Role        string
	OrgUnit     string // code or name; reporters only
	Password    string
	// MustChange makes the user change the password at the first login
	// (an administrator chose it for them).
	MustChange bool
}

var setupMu sync.Mutex

// Setup creates the first admin; it fails with ErrSetupDone once any user exists.
func (s *Service) Setup(ctx context.Context, nu NewUser, a Actor) (store.User, error) {
	setupMu.Lock()
	defer setupMu.Unlock()
	has, err := s.HasUsers(ctx)
	if err != nil {
		return store.User{}, err
	}
	if has {
		return store.User{}, ErrSetupDone
	}
	nu.Role = store.RoleAdmin
	if a.Name == "" {
		a.Name, a.Role = strings.TrimSpace(nu.Name), store.RoleAdmin
	}
	return s.AddUser(ctx, nu, a)
}

// AddUser validates and creates a user. Names are unique.
func (s *Service) AddUser(ctx context.Context, nu NewUser, a Actor) (store.User, error) {
	typed := strings.TrimSpace(nu.Name)
	nu.Name = CanonicalName(nu.Name)
	nu.DisplayName = strings.TrimSpace(nu.DisplayName)
	switch {
	case nu.Name == "":
		return store.User{}, inputErr(msg.AuthNoLoginName)
	case len(nu.Name) > 64 || !SafeLoginName(nu.Name):
		return store.User{}, inputErr(msg.AuthBadLoginName, typed)
	case utf8.RuneCountInString(nu.DisplayName) > 64:
		return store.User{}, inputErr(msg.AuthFullNameTooLong)
	case !ValidRole(nu.Role):
		return store.User{}, inputErr(msg.AuthBadRole, nu.Role)
	}
	if err := s.checkGrant(a, nu.Role); err != nil {
		return store.User{}, err
	}
	if err := CheckPassword(nu.Name, nu.Password); err != nil {
		return store.User{}, inputFrom(err)
	}
	unit, err := s.unitFor(ctx, nu.Role, nu.OrgUnit)
	if err != nil {
		return store.User{}, err
	}
	if _, err := s.userByName(ctx, nu.Name); err == nil {
		return store.User{}, inputErr(msg.AuthNameTaken, typed)
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.User{}, fmt.Errorf("look up user %s: %w", nu.Name, err)
	}
	hash, err := s.hash(ctx, nu.Password)
	if err != nil {
		return store.User{}, err
	}
	now := s.cfg.Now().UTC()
	if nu.DisplayName == "" {
		nu.DisplayName = typed
	}
	u := store.User{ID: newID("u"), Name: nu.Name, DisplayName: nu.DisplayName, Role: nu.Role, OrgUnit: unit,
		PasswordHash: hash, CreatedAt: now, UpdatedAt: now, PasswordChangedAt: now, MustChangePassword: nu.MustChange}
	if err := s.st.PutUser(ctx, u); err != nil {
		return store.User{}, fmt.Errorf("store user %s: %w", u.Name, err)
	}
	s.mu.Lock()
	s.hasUsers = true
	s.mu.Unlock()
	desc := "角色：" + RoleLabel(u.Role)
	if unit != "" {
		desc += "，单位：" + unit
	}
	if err := s.audit(ctx, a.Entry("user.add", "user:"+u.Name, "", desc)); err != nil {
		return store.User{}, err
	}
	return u, nil
}

// unitFor checks the org unit of a user with role: reporters need one
// (code or name, returned as the code), other roles none.
func (s *Service) unitFor(ctx context.Context, role, orgUnit string) (string, error) {
	if role != store.RoleReporter {
		if strings.TrimSpace(orgUnit) != "" {
			return "", inputErr(msg.AuthUnitOnlyForReporter)
		}
		return "", nil
	}
	if strings.TrimSpace(orgUnit) == "" {
		return "", inputErr(msg.AuthReporterNeedsUnit)
	}
	us, err := s.units.OrgUnits(ctx)
	if err != nil {
		return "", fmt.Errorf("read org units: %w", err)
	}
	u, ok := domain.NewUnitIndex(us).Lookup(orgUnit)
	if !ok {
		return "", inputErr(msg.AuthUnknownUnit, orgUnit, unitChoices(us))
	}
	return u.Code, nil
}

// unitChoices lists the units a reporter may be bound to, "代码 名称" each,
// benchmark regions (全国, 内蒙古自治区) left out.
func unitChoices(us []domain.OrgUnit) string {
	var parts []string
	for _, u := range us {
		if u.Kind == domain.KindBenchmark {
			continue
		}
		parts = append(parts, u.Code+" "+u.Name)
	}
	return strings.Join(parts, "、")
}

// userByName finds a user by login name in canonical form, falling back to
// the name exactly as typed (accounts stored before names were canonical).
func (s *Service) userByName(ctx context.Context, name string) (store.User, error) {
	u, err := s.st.UserByName(ctx, CanonicalName(name))
	if errors.Is(err, store.ErrNotFound) && strings.TrimSpace(name) != CanonicalName(name) {
		return s.st.UserByName(ctx, strings.TrimSpace(name))
	}
	return u, err
}

// Users returns every user ordered by name.
func (s *Service) Users(ctx context.Context) ([]store.User, error) { return s.st.Users(ctx) }

// LoginResult is a successful login: the user, the session and the cookie
// value to send (only its hash is stored).
type LoginResult struct {
	User    store.User
	Session store.Session
	Cookie  string
}

// Login checks a name and password from address ip. Every failure returns
// ErrLoginFailed (or a ThrottleError, which matches ErrTooManyAttempts, for
// a name that failed too often from this address; ErrBusy when too many
// logins are being checked at once); after MaxFailures failures the account
// is locked for LockFor, and even the right password fails until then.
// Attempts are counted before hashing, so parallel attempts lock out exactly
// like sequential ones (limiter.go). Every failure, throttle and lock is
// audited.
func (s *Service) Login(ctx context.Context, name, password, ip, rid string) (LoginResult, error) {
	now := s.cfg.Now()
	key := CanonicalName(name)
	if len(password) > 4*MaxPasswordLength {
		password = password[:4*MaxPasswordLength] // cannot match; bounds the hashing
	}
	u, err := s.userByName(ctx, name)
	found := err == nil && !u.Disabled // a disabled account answers like an unknown one
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return LoginResult{}, fmt.Errorf("look up user: %w", err)
	}
	a := Actor{Name: key, IP: ip, RequestID: rid}
	if err == nil {
		a.Name, a.Role, a.OrgUnit = u.Name, u.Role, u.OrgUnit
	}
	failure := func(why string, answer error) (LoginResult, error) {
		if err := s.audit(ctx, a.Entry("session.login_failed", "user:"+a.Name, "", why)); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, answer
	}
	if s.slowAddress(ip, now) {
		if err := s.cfg.Sleep(ctx, s.cfg.IPDelay); err != nil {
			return LoginResult{}, err
		}
		now = s.cfg.Now()
	}
	seed, storeLock := 0, time.Time{}
	if found {
		seed, storeLock = u.FailedLogins, u.LockedUntil
	}
	switch v, wait := s.reserve(key, ip, now, seed, storeLock); v {
	case throttled:
		te := &ThrottleError{Wait: wait}
		if err := s.audit(ctx, a.Entry("session.throttled", "user:"+a.Name, "", fmt.Sprintf("同一地址对该登录名失败过多，拒绝尝试（%d 秒后可再试）", int(wait.Round(time.Second)/time.Second)))); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, te
	case lockedOut:
		return failure("账户已锁定，未核对密码", ErrLoginFailed)
	}
	phc := dummyHash
	if found {
		phc = u.PasswordHash
	}
	ok, err := s.verify(ctx, phc, password)
	if err != nil {
		s.settle(key, ip, now, abandoned)
		return LoginResult{}, err
	}
	if !ok || !found {
		failures, until := s.settle(key, ip, now, failed)
		why := "密码错误"
		switch {
		case u.ID == "":
			why = "登录名不存在"
		case u.Disabled:
			why = "账户已停用"
		}
		if found {
			if err := s.recordFailures(ctx, u.ID, failures, until); err != nil {
				return LoginResult{}, err
			}
		}
		if !until.IsZero() {
			if err := s.audit(ctx, a.Entry("user.lock", "user:"+a.Name, "", fmt.Sprintf("连续输错密码 %d 次，锁定至 %s", s.cfg.MaxFailures, until.UTC().Format(time.RFC3339)))); err != nil {
				return LoginResult{}, err
			}
		}
		return failure(why, ErrLoginFailed)
	}
	s.settle(key, ip, now, succeeded)
	if u.FailedLogins != 0 || !u.LockedUntil.IsZero() {
		if err := s.recordFailures(ctx, u.ID, 0, time.Time{}); err != nil {
			return LoginResult{}, err
		}
	}
	sess, cookie, err := s.NewSession(ctx, u)
	if err != nil {
		return LoginResult{}, err
	}
	desc := "登录"
	if n, err := s.capSessions(ctx, u.ID, sess.ID); err != nil {
		return LoginResult{}, err
	} else if n > 0 {
		desc += fmt.Sprintf("；同时在线会话超过 %d 个，结束最早的 %d 个", s.cfg.MaxSessions, n)
	}
	if err := s.audit(ctx, a.Entry("session.login", "user:"+u.Name, "", desc)); err != nil {
		return LoginResult{}, err
	}
	return LoginResult{User: u, Session: sess, Cookie: cookie}, nil
}

// capSessions ends the oldest live sessions of a user beyond MaxSessions
// (keep, the new one, stays) and returns how many it ended.
func (s *Service) capSessions(ctx context.Context, userID, keep string) (int, error) {
	if s.cfg.MaxSessions <= 0 {
		return 0, nil
	}
	list, err := s.st.SessionsOfUser(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("list sessions: %w", err)
	}
	now := s.cfg.Now()
	var live []store.Session
	for _, x := range list {
		if !x.Revoked && now.Before(x.ExpiresAt) && x.ID != keep {
			live = append(live, x)
		}
	}
	sort.Slice(live, func(i, j int) bool { return live[i].CreatedAt.Before(live[j].CreatedAt) })
	n := 0
	for len(live)-n > s.cfg.MaxSessions-1 {
		x := live[n]
		x.Revoked = true
		if err := s.st.PutSession(ctx, x); err != nil {
			return n, fmt.Errorf("end session: %w", err)
		}
		s.forget(x.ID)
		n++
	}
	return n, nil
}

// recordFailures writes a user's failure count and lock (zero: none) back
// to the store, re-reading the user first so a concurrent change to the
// account is not lost; writes from this process are serialised.
func (s *Service) recordFailures(ctx context.Context, userID string, failures int, until time.Time) error {
	s.persistMu.Lock()
	defer s.persistMu.Unlock()
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return fmt.Errorf("record failed login: %w", err)
	}
	locked := u.LockedUntil
	if !until.IsZero() {
		locked = until.UTC()
	} else if failures == 0 {
		locked = time.Time{}
	}
	if u.FailedLogins == failures && locked.Equal(u.LockedUntil) {
		return nil
	}
	u.LockedUntil = locked
	u.FailedLogins = failures
	u.UpdatedAt = later(s.cfg.Now(), u.UpdatedAt)
	if err := s.st.PutUser(ctx, u); err != nil {
		return fmt.Errorf("record failed login: %w", err)
	}
	return nil
}

// later returns a time after prev, so a rewrite of a user always wins.
func later(now, prev time.Time) time.Time {
	now = now.UTC()
	if !now.After(prev) {
		return prev.Add(time.Microsecond)
	}
	return now
}

// NewSession creates a session for user u without a password (for tests and
// tools that already authenticated the user). It returns the cookie value.
func (s *Service) NewSession(ctx context.Context, u store.User) (store.Session, string, error) {
	now := s.cfg.Now().UTC()
	cookie := NewSecret()
	sess := store.Session{ID: HashSecret(cookie), UserID: u.ID, CSRF: NewSecret(), CreatedAt: now, ExpiresAt: s.expiry(now, now)}
	if err := s.st.PutSession(ctx, sess); err != nil {
		return store.Session{}, "", fmt.Errorf("store session: %w", err)
	}
	return sess, cookie, nil
}

// expiry is when a session created at created and last used at now ends:
// IdleTimeout after now, never later than SessionTTL after created.
func (s *Service) expiry(created, now time.Time) time.Time {
	idle, hard := now.Add(s.cfg.IdleTimeout), created.Add(s.cfg.SessionTTL)
	if idle.After(hard) {
		return hard.UTC()
	}
	return idle.UTC()
}

// touchEvery is how much later a session's idle end must move before it is
// written back: a busy user costs one session write a minute, not one per
// request.
const touchEvery = time.Minute

// SessionUser returns the user and session of a cookie value; ErrNoSession
// when it is unknown, expired (idle for IdleTimeout, or older than
// SessionTTL), revoked or its user disabled. Using a session pushes its
// idle end back.
func (s *Service) SessionUser(ctx context.Context, cookie string) (store.User, store.Session, error) {
	u, sess, _, err := s.Authenticate(ctx, cookie)
	return u, sess, err
}

// Authenticate is SessionUser that also reports whether this request moved
// the session's end (extended), so the cookie's Expires can be sent again.
// A session checked within CacheWindow is served from memory (re-checked
// ahead in the background, see refreshAhead); otherwise the concurrent
// requests of one session share one store check.
func (s *Service) Authenticate(ctx context.Context, cookie string) (u store.User, sess store.Session, extended bool, err error) {
	if cookie == "" {
		return store.User{}, store.Session{}, false, ErrNoSession
	}
	h := hashOf(cookie)
	if k, ok := s.recallHash(&h, false); ok {
		if s.expiry(k.sess.CreatedAt, s.cfg.Now()).Sub(k.sess.ExpiresAt) < touchEvery {
			if s.refreshDue(k) {
				hash := string(h[:])
				s.refreshAhead("s"+hash, hash, k, func(ctx context.Context) error {
					_, err := s.checkSession(ctx, hash, false)
					return err
				})
			}
			return k.user, k.sess, false, nil
		}
	}
	hash := string(h[:])
	v, err, _ := s.checks.Do("s"+hash, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkTimeout)
		defer cancel()
		return s.checkSession(ctx, hash, true)
	})
	if err != nil {
		return store.User{}, store.Session{}, false, err
	}
	c := v.(sessionCheck)
	return c.user, c.sess, c.extended, nil
}

// sessionCheck is what checkSession found.
type sessionCheck struct {
	user     store.User
	sess     store.Session
	extended bool
}

// checkSession looks a session up in the store, with its user, and
// remembers it; with extend it also moves the session's idle end when
// that is due (a re-check ahead does not: the request that extends must
// send the cookie again). While the store is unreachable a remembered
// session is trusted for knownOutage.
func (s *Service) checkSession(ctx context.Context, hash string, extend bool) (sessionCheck, error) {
	sess, err := s.st.SessionByID(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		s.forget(hash)
		return sessionCheck{}, ErrNoSession
	}
	if err != nil {
		if k, ok := s.recall(hash, errors.Is(err, store.ErrUnavailable)); ok {
			return sessionCheck{user: k.user, sess: k.sess}, nil
		}
		return sessionCheck{}, fmt.Errorf("look up session: %w", err)
	}
	now := s.cfg.Now()
	if sess.Revoked || !now.Before(sess.ExpiresAt) {
		s.forget(hash)
		return sessionCheck{}, ErrNoSession
	}
	u, err := s.st.UserByID(ctx, sess.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		s.forget(hash)
		return sessionCheck{}, ErrNoSession
	}
	if err != nil {
		return sessionCheck{}, fmt.Errorf("look up session user: %w", err)
	}
	// Extend from the stored copy just read, so a revocation made by
	// another server is not overwritten by a cached one.
	extended := false
	if next := s.expiry(sess.CreatedAt, now); extend && next.Sub(sess.ExpiresAt) >= touchEvery {
		sess.ExpiresAt = next
		if err := s.st.PutSession(ctx, sess); err != nil {
			return sessionCheck{}, fmt.Errorf("extend session: %w", err)
		}
		extended = true
	}
	s.remember(hash, knownAuth{user: u, sess: sess})
	return sessionCheck{user: u, sess: sess, extended: extended}, nil
}

// Logout revokes the session of a cookie value.
func (s *Service) Logout(ctx context.Context, cookie string, a Actor) error {
	_, sess, err := s.SessionUser(ctx, cookie)
	if errors.Is(err, ErrNoSession) {
		return nil
	}
	if err != nil {
		return err
	}
	sess.Revoked = true
	s.forget(HashSecret(cookie))
	if err := s.st.PutSession(ctx, sess); err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	if err := s.audit(ctx, a.Entry("session.logout", "user:"+a.Name, "", "退出登录")); err != nil {
		return err
	}
	return nil
}

// ChangePassword sets a new password after checking the old one, and ends
// the user's other sessions (keep is the ID of the session making the
// change, which stays; "" ends them all). The new password must meet the
// policy and differ from the current one and the last PasswordHistory ones;
// a forced change is then done and the expiry starts again.
func (s *Service) ChangePassword(ctx context.Context, userID, old, pw, keep string, a Actor) error {
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return fmt.Errorf("look up user: %w", err)
	}
	ok, err := s.verify(ctx, u.PasswordHash, old)
	if err != nil {
		return err
	}
	if !ok {
		return ErrWrongPassword
	}
	if err := CheckPassword(u.Name, pw); err != nil {
		return inputFrom(err)
	}
	if old == pw {
		return inputErr(msg.AuthSamePassword)
	}
	for _, h := range u.PasswordHistory[:min(len(u.PasswordHistory), s.cfg.PasswordHistory)] {
		reused, err := s.verify(ctx, h, pw)
		if err != nil {
			return err
		}
		if reused {
			return inputErr(msg.AuthPasswordReused, s.cfg.PasswordHistory)
		}
	}
	hash, err := s.hash(ctx, pw)
	if err != nil {
		return err
	}
	s.setPassword(&u, hash, false)
	if err := s.st.PutUser(ctx, u); err != nil {
		return fmt.Errorf("store password: %w", err)
	}
	s.forgetUser(u.ID)
	n, err := s.revokeSessions(ctx, u.ID, keep)
	if err != nil {
		return err
	}
	desc := "修改密码"
	if n > 0 {
		desc += fmt.Sprintf("，结束其他 %d 个会话", n)
	}
	if err := s.audit(ctx, a.Entry("user.password", "user:"+u.Name, "", desc)); err != nil {
		return err
	}
	return nil
}

// setPassword gives u the password hash, keeping the previous one in the
// history, restarting the expiry and setting or clearing the forced change.
func (s *Service) setPassword(u *store.User, hash string, mustChange bool) {
	if u.PasswordHash != "" {
		hist := append([]string{u.PasswordHash}, u.PasswordHistory...)
		u.PasswordHistory = hist[:min(len(hist), s.cfg.PasswordHistory)]
	}
	now := s.cfg.Now().UTC()
	u.PasswordHash, u.PasswordChangedAt, u.MustChangePassword = hash, now, mustChange
	u.UpdatedAt = later(now, u.UpdatedAt)
}

// PasswordChangeDue says whether u must change the password before doing
// anything else, and why (Chinese): an administrator set it, or it is older
// than PasswordMaxAge.
func (s *Service) PasswordChangeDue(u store.User) (bool, string) {
	if u.MustChangePassword {
		return true, "管理员为您设置或重置了密码，请先修改为只有您自己知道的新密码，然后再继续使用"
	}
	if s.cfg.PasswordMaxAge < 0 {
		return false, ""
	}
	since := u.PasswordChangedAt
	if since.IsZero() {
		since = u.CreatedAt
	}
	if !since.IsZero() && !s.cfg.Now().Before(since.Add(s.cfg.PasswordMaxAge)) {
		return true, fmt.Sprintf("您的密码已使用超过 %d 天，按安全规定须修改后才能继续使用", int(s.cfg.PasswordMaxAge/(24*time.Hour)))
	}
	return false, ""
}

// CreateToken makes an API token for the user called name, valid for ttl
// (0: Config.TokenTTL), and returns it; only its hash is stored, so it is
// shown once.
func (s *Service) CreateToken(ctx context.Context, name, label string, ttl time.Duration, a Actor) (string, error) {
	u, err := s.userByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return "", inputErr(msg.AuthUserMissingAdd, name)
	}
	if err != nil {
		return "", fmt.Errorf("look up user: %w", err)
	}
	tok := "idt_" + NewSecret()
	if label == "" {
		label = "api"
	}
	if ttl <= 0 {
		ttl = s.cfg.TokenTTL
	}
	now := s.cfg.Now().UTC()
	t := store.Token{ID: HashSecret(tok), UserID: u.ID, Name: label, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if err := s.st.PutToken(ctx, t); err != nil {
		return "", fmt.Errorf("store token: %w", err)
	}
	if err := s.audit(ctx, a.Entry("token.create", "user:"+u.Name, "", "API 令牌 "+label+"，有效期至 "+t.ExpiresAt.Format(time.RFC3339))); err != nil {
		return "", err
	}
	return tok, nil
}

// TokenUser returns the user of an API token; ErrNoSession when the token
// is unknown, revoked or expired. It records the token's last use (to
// within a minute). Like sessions, a token checked within CacheWindow is
// served from memory and re-checked ahead in the background; otherwise the
// concurrent requests of one token share one store check.
func (s *Service) TokenUser(ctx context.Context, tok string) (store.User, error) {
	if tok == "" {
		return store.User{}, ErrNoSession
	}
	// The hot path (a token checked within CacheWindow) allocates nothing:
	// the hash is looked up from a stack array, and the re-check ahead is
	// built only when it is due.
	h := hashOf(tok)
	if k, ok := s.recallHash(&h, false); ok {
		if s.refreshDue(k) {
			hash := string(h[:])
			s.refreshAhead("t"+hash, hash, k, func(ctx context.Context) error {
				_, err := s.checkToken(ctx, hash)
				return err
			})
		}
		return k.user, nil
	}
	hash := string(h[:])
	v, err, _ := s.checks.Do("t"+hash, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkTimeout)
		defer cancel()
		return s.checkToken(ctx, hash)
	})
	if err != nil {
		return store.User{}, err
	}
	return v.(store.User), nil
}

// checkToken looks a token up in the store, with its user, records its
// use and remembers it. While the store is unreachable a remembered token
// is trusted for knownOutage.
func (s *Service) checkToken(ctx context.Context, hash string) (store.User, error) {
	t, err := s.st.TokenByID(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		s.forget(hash)
		return store.User{}, ErrNoSession
	}
	if err != nil {
		if k, ok := s.recall(hash, errors.Is(err, store.ErrUnavailable)); ok {
			return k.user, nil
		}
		return store.User{}, fmt.Errorf("look up token: %w", err)
	}
	now := s.cfg.Now()
	if t.Revoked || (!t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)) {
		s.forget(hash)
		return store.User{}, ErrNoSession
	}
	u, err := s.st.UserByID(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		s.forget(hash)
		return store.User{}, ErrNoSession
	}
	if err != nil {
		return store.User{}, fmt.Errorf("look up token user: %w", err)
	}
	if now.Sub(t.LastUsedAt) >= touchEvery {
		t.LastUsedAt = now.UTC()
		if err := s.st.PutToken(ctx, t); err != nil {
			return store.User{}, fmt.Errorf("record token use: %w", err)
		}
	}
	s.remember(hash, knownAuth{user: u, sess: store.Session{ExpiresAt: t.ExpiresAt}})
	return u, nil
}

// audit appends an entry; a write that cannot be audited is reported as failed.
func (s *Service) audit(ctx context.Context, e store.AuditEntry) error {
	e.At = s.cfg.Now().UTC()
	if err := s.st.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}
