// Package auth holds accounts, sessions, API tokens and the authorization
// rules (DESIGN.md §8): argon2id password hashes, sessions and tokens stored
// as SHA-256 hashes, per-user lock-out and a per-IP limiter on logins, and
// the pure role checks the web layer applies to every request and row.
package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"industrydash/internal/domain"
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
	SessionTTL  time.Duration // 12 h
	MaxFailures int           // failed logins before a lock-out: 5
	LockFor     time.Duration // lock-out length: 15 min
	// IPMaxFailures failed logins from one address within IPWindow make
	// further attempts from it wait (30 in 15 min).
	IPMaxFailures int
	IPWindow      time.Duration
	Now           func() time.Time
}

func (c *Config) defaults() {
	if c.SessionTTL <= 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 5
	}
	if c.LockFor <= 0 {
		c.LockFor = 15 * time.Minute
	}
	if c.IPMaxFailures <= 0 {
		c.IPMaxFailures = 30
	}
	if c.IPWindow <= 0 {
		c.IPWindow = 15 * time.Minute
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
	ErrLoginFailed = errors.New("用户名或密码不正确，或该账户因连续输错密码已被暂时锁定（连续输错 5 次锁定 15 分钟）。请核对后重试，或联系管理员")
	// ErrTooManyAttempts is returned when one address has failed too often.
	ErrTooManyAttempts = errors.New("登录失败次数过多，请 15 分钟后再试")
	// ErrNoSession means the cookie or token is unknown, expired or revoked.
	ErrNoSession = errors.New("登录已失效，请重新登录")
	// ErrSetupDone is returned by Setup once any user exists.
	ErrSetupDone = errors.New("系统已完成初始化，不能再创建初始管理员，请登录")
	// ErrWrongPassword is returned by ChangePassword for a wrong old password.
	ErrWrongPassword = errors.New("原密码不正确")
)

// InputError is a problem with what a user typed (Chinese message).
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErr(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// Service manages accounts, sessions and tokens.
type Service struct {
	st    Store
	units Units
	cfg   Config

	mu       sync.Mutex
	hasUsers bool
	// ghosts counts failures of names that do not exist, so they lock out
	// exactly like real accounts.
	ghosts map[string]ghost
	ipFail map[string][]time.Time
	// known remembers recently verified sessions and tokens by their hash:
	// fresh entries spare a store round trip per request, and while the
	// store is unreachable older ones keep signed-in users reading the last
	// good dashboards (writes fail anyway).
	known map[string]knownAuth
}

type knownAuth struct {
	user    store.User
	sess    store.Session
	checked time.Time
}

// Lifetimes of remembered credentials.
const (
	knownFresh  = 30 * time.Second // reused without asking the store
	knownOutage = time.Hour        // reused only while the store is unavailable
)

// recall returns a remembered credential: fresh ones always, older ones only
// when the store could not be asked (outage is true).
func (s *Service) recall(hash string, outage bool) (knownAuth, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.known[hash]
	if !ok {
		return k, false
	}
	age := s.cfg.Now().Sub(k.checked)
	if age < knownFresh || (outage && age < knownOutage) {
		if k.sess.ID != "" && !s.cfg.Now().Before(k.sess.ExpiresAt) {
			return k, false
		}
		return k, true
	}
	return k, false
}

func (s *Service) remember(hash string, k knownAuth) {
	k.checked = s.cfg.Now()
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

type ghost struct {
	failures int
	until    time.Time
}

// New returns the service.
func New(st Store, units Units, cfg Config) *Service {
	cfg.defaults()
	return &Service{st: st, units: units, cfg: cfg, ghosts: map[string]ghost{}, ipFail: map[string][]time.Time{},
		known: map[string]knownAuth{}}
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
	nu.Name = strings.TrimSpace(nu.Name)
	nu.DisplayName = strings.TrimSpace(nu.DisplayName)
	switch {
	case nu.Name == "":
		return store.User{}, inputErr("请填写登录名")
	case len(nu.Name) > 64 || strings.ContainsAny(nu.Name, " \t\r\n/\\:;,\"'<>"):
		return store.User{}, inputErr("登录名“%s”无效：不超过 64 个字符，不能含空格或标点 / \\ : ; , \" ' < >", nu.Name)
	case !ValidRole(nu.Role):
		return store.User{}, inputErr("角色“%s”无效，应为 admin（系统管理员）、analyst（市局业务人员）、leader（领导只读）或 reporter（旗县区填报员）", nu.Role)
	}
	if err := CheckPassword(nu.Password); err != nil {
		return store.User{}, &InputError{Msg: err.Error()}
	}
	unit := ""
	if nu.Role == store.RoleReporter {
		if strings.TrimSpace(nu.OrgUnit) == "" {
			return store.User{}, inputErr("填报员须指定所属单位（单位代码或名称，如 150203 或 昆都仑区）")
		}
		us, err := s.units.OrgUnits(ctx)
		if err != nil {
			return store.User{}, fmt.Errorf("read org units: %w", err)
		}
		u, ok := domain.NewUnitIndex(us).Lookup(nu.OrgUnit)
		if !ok {
			return store.User{}, inputErr("未知单位“%s”，请填写单位代码或名称，如 150203 或 昆都仑区", nu.OrgUnit)
		}
		unit = u.Code
	} else if strings.TrimSpace(nu.OrgUnit) != "" {
		return store.User{}, inputErr("只有填报员（reporter）绑定单位，其他角色请不要填写单位")
	}
	if _, err := s.st.UserByName(ctx, nu.Name); err == nil {
		return store.User{}, inputErr("登录名“%s”已被使用，请换一个", nu.Name)
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.User{}, fmt.Errorf("look up user %s: %w", nu.Name, err)
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return store.User{}, err
	}
	now := s.cfg.Now().UTC()
	if nu.DisplayName == "" {
		nu.DisplayName = nu.Name
	}
	u := store.User{ID: newID("u"), Name: nu.Name, DisplayName: nu.DisplayName, Role: nu.Role, OrgUnit: unit,
		PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
	if err := s.st.PutUser(ctx, u); err != nil {
		return store.User{}, fmt.Errorf("store user %s: %w", u.Name, err)
	}
	s.mu.Lock()
	s.hasUsers = true
	s.mu.Unlock()
	desc := "角色=" + u.Role
	if unit != "" {
		desc += " 单位=" + unit
	}
	if err := s.audit(ctx, a.Entry("user.add", "user:"+u.Name, "", desc)); err != nil {
		return store.User{}, err
	}
	return u, nil
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
// ErrLoginFailed (or ErrTooManyAttempts for an address that failed too
// often); after MaxFailures failures the account is locked for LockFor, and
// even the right password fails until then.
func (s *Service) Login(ctx context.Context, name, password, ip, rid string) (LoginResult, error) {
	now := s.cfg.Now()
	name = strings.TrimSpace(name)
	if s.ipBlocked(ip, now) {
		return LoginResult{}, ErrTooManyAttempts
	}
	u, err := s.st.UserByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		VerifyPassword(dummyHash, password)
		s.ghostFail(name, ip, now)
		return LoginResult{}, ErrLoginFailed
	}
	if err != nil {
		return LoginResult{}, fmt.Errorf("look up user: %w", err)
	}
	a := Actor{Name: u.Name, Role: u.Role, IP: ip, RequestID: rid}
	if now.Before(u.LockedUntil) {
		VerifyPassword(dummyHash, password)
		s.ipFailure(ip, now)
		return LoginResult{}, ErrLoginFailed
	}
	if !VerifyPassword(u.PasswordHash, password) {
		s.ipFailure(ip, now)
		u.FailedLogins++
		if u.FailedLogins >= s.cfg.MaxFailures {
			u.LockedUntil = now.Add(s.cfg.LockFor).UTC()
			u.FailedLogins = 0
		}
		u.UpdatedAt = later(now, u.UpdatedAt)
		if err := s.st.PutUser(ctx, u); err != nil {
			return LoginResult{}, fmt.Errorf("record failed login: %w", err)
		}
		if !u.LockedUntil.IsZero() && u.FailedLogins == 0 {
			if err := s.audit(ctx, a.Entry("user.lock", "user:"+u.Name, "", fmt.Sprintf("连续输错密码 %d 次，锁定至 %s", s.cfg.MaxFailures, u.LockedUntil.Format(time.RFC3339)))); err != nil {
				return LoginResult{}, err
			}
		}
		return LoginResult{}, ErrLoginFailed
	}
	if u.FailedLogins != 0 || !u.LockedUntil.IsZero() {
		u.FailedLogins, u.LockedUntil = 0, time.Time{}
		u.UpdatedAt = later(now, u.UpdatedAt)
		if err := s.st.PutUser(ctx, u); err != nil {
			return LoginResult{}, fmt.Errorf("reset failed logins: %w", err)
		}
	}
	cookie := NewSecret()
	sess := store.Session{ID: HashSecret(cookie), UserID: u.ID, CSRF: NewSecret(), CreatedAt: now.UTC(), ExpiresAt: now.Add(s.cfg.SessionTTL).UTC()}
	if err := s.st.PutSession(ctx, sess); err != nil {
		return LoginResult{}, fmt.Errorf("store session: %w", err)
	}
	if err := s.audit(ctx, a.Entry("session.login", "user:"+u.Name, "", "登录")); err != nil {
		return LoginResult{}, err
	}
	return LoginResult{User: u, Session: sess, Cookie: cookie}, nil
}

// later returns a time after prev, so a rewrite of a user always wins.
func later(now, prev time.Time) time.Time {
	now = now.UTC()
	if !now.After(prev) {
		return prev.Add(time.Microsecond)
	}
	return now
}

func (s *Service) ghostFail(name, ip string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ipFailLocked(ip, now)
	g := s.ghosts[name]
	if now.Before(g.until) {
		return
	}
	g.failures++
	if g.failures >= s.cfg.MaxFailures {
		g = ghost{until: now.Add(s.cfg.LockFor)}
	}
	if len(s.ghosts) > 10000 {
		s.ghosts = map[string]ghost{}
	}
	s.ghosts[name] = g
}

func (s *Service) ipFailure(ip string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ipFailLocked(ip, now)
}

func (s *Service) ipFailLocked(ip string, now time.Time) {
	if len(s.ipFail) > 10000 {
		s.ipFail = map[string][]time.Time{}
	}
	s.ipFail[ip] = append(s.recentLocked(ip, now), now)
}

func (s *Service) recentLocked(ip string, now time.Time) []time.Time {
	list := s.ipFail[ip]
	keep := list[:0]
	for _, t := range list {
		if now.Sub(t) < s.cfg.IPWindow {
			keep = append(keep, t)
		}
	}
	return keep
}

func (s *Service) ipBlocked(ip string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.recentLocked(ip, now)
	s.ipFail[ip] = r
	return len(r) >= s.cfg.IPMaxFailures
}

// NewSession creates a session for user u without a password (for tests and
// tools that already authenticated the user). It returns the cookie value.
func (s *Service) NewSession(ctx context.Context, u store.User) (store.Session, string, error) {
	now := s.cfg.Now()
	cookie := NewSecret()
	sess := store.Session{ID: HashSecret(cookie), UserID: u.ID, CSRF: NewSecret(), CreatedAt: now.UTC(), ExpiresAt: now.Add(s.cfg.SessionTTL).UTC()}
	if err := s.st.PutSession(ctx, sess); err != nil {
		return store.Session{}, "", fmt.Errorf("store session: %w", err)
	}
	return sess, cookie, nil
}

// SessionUser returns the user and session of a cookie value; ErrNoSession
// when it is unknown, expired, revoked or its user disabled.
func (s *Service) SessionUser(ctx context.Context, cookie string) (store.User, store.Session, error) {
	if cookie == "" {
		return store.User{}, store.Session{}, ErrNoSession
	}
	hash := HashSecret(cookie)
	if k, ok := s.recall(hash, false); ok {
		return k.user, k.sess, nil
	}
	sess, err := s.st.SessionByID(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, store.Session{}, ErrNoSession
	}
	if err != nil {
		if k, ok := s.recall(hash, errors.Is(err, store.ErrUnavailable)); ok {
			return k.user, k.sess, nil
		}
		return store.User{}, store.Session{}, fmt.Errorf("look up session: %w", err)
	}
	if sess.Revoked || !s.cfg.Now().Before(sess.ExpiresAt) {
		return store.User{}, store.Session{}, ErrNoSession
	}
	u, err := s.st.UserByID(ctx, sess.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return store.User{}, store.Session{}, ErrNoSession
	}
	if err != nil {
		return store.User{}, store.Session{}, fmt.Errorf("look up session user: %w", err)
	}
	s.remember(hash, knownAuth{user: u, sess: sess})
	return u, sess, nil
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

// ChangePassword sets a new password after checking the old one.
func (s *Service) ChangePassword(ctx context.Context, userID, old, pw string, a Actor) error {
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return fmt.Errorf("look up user: %w", err)
	}
	if !VerifyPassword(u.PasswordHash, old) {
		return ErrWrongPassword
	}
	if err := CheckPassword(pw); err != nil {
		return &InputError{Msg: err.Error()}
	}
	if old == pw {
		return inputErr("新密码不能与原密码相同")
	}
	hash, err := HashPassword(pw)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	u.UpdatedAt = later(s.cfg.Now(), u.UpdatedAt)
	if err := s.st.PutUser(ctx, u); err != nil {
		return fmt.Errorf("store password: %w", err)
	}
	if err := s.audit(ctx, a.Entry("user.password", "user:"+u.Name, "", "修改密码")); err != nil {
		return err
	}
	return nil
}

// CreateToken makes an API token for the user called name and returns it;
// only its hash is stored, so it is shown once.
func (s *Service) CreateToken(ctx context.Context, name, label string, a Actor) (string, error) {
	u, err := s.st.UserByName(ctx, strings.TrimSpace(name))
	if errors.Is(err, store.ErrNotFound) {
		return "", inputErr("用户“%s”不存在，请先用 server user add 创建", name)
	}
	if err != nil {
		return "", fmt.Errorf("look up user: %w", err)
	}
	tok := "idt_" + NewSecret()
	if label == "" {
		label = "api"
	}
	t := store.Token{ID: HashSecret(tok), UserID: u.ID, Name: label, CreatedAt: s.cfg.Now().UTC()}
	if err := s.st.PutToken(ctx, t); err != nil {
		return "", fmt.Errorf("store token: %w", err)
	}
	if err := s.audit(ctx, a.Entry("token.create", "user:"+u.Name, "", "API 令牌 "+label)); err != nil {
		return "", err
	}
	return tok, nil
}

// TokenUser returns the user of an API token; ErrNoSession when the token
// is unknown or revoked.
func (s *Service) TokenUser(ctx context.Context, tok string) (store.User, error) {
	if tok == "" {
		return store.User{}, ErrNoSession
	}
	hash := HashSecret(tok)
	if k, ok := s.recall(hash, false); ok {
		return k.user, nil
	}
	t, err := s.st.TokenByID(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, ErrNoSession
	}
	if err != nil {
		if k, ok := s.recall(hash, errors.Is(err, store.ErrUnavailable)); ok {
			return k.user, nil
		}
		return store.User{}, fmt.Errorf("look up token: %w", err)
	}
	if t.Revoked {
		return store.User{}, ErrNoSession
	}
	u, err := s.st.UserByID(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return store.User{}, ErrNoSession
	}
	if err != nil {
		return store.User{}, fmt.Errorf("look up token user: %w", err)
	}
	s.remember(hash, knownAuth{user: u})
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
