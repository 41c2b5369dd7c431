package auth_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// memStore is a map-backed store.Accounts + store.Audit for unit tests.
type memStore struct {
	mu       sync.Mutex
	users    map[string]store.User
	sessions map[string]store.Session
	tokens   map[string]store.Token
	audit    []store.AuditEntry
}

func newMem() *memStore {
	return &memStore{users: map[string]store.User{}, sessions: map[string]store.Session{}, tokens: map[string]store.Token{}}
}

func (m *memStore) PutUser(_ context.Context, u store.User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.users[u.ID] = u
	return nil
}
func (m *memStore) UserByID(_ context.Context, id string) (store.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if u, ok := m.users[id]; ok {
		return u, nil
	}
	return store.User{}, store.ErrNotFound
}
func (m *memStore) UserByName(_ context.Context, n string) (store.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.users {
		if u.Name == n {
			return u, nil
		}
	}
	return store.User{}, store.ErrNotFound
}
func (m *memStore) Users(context.Context) ([]store.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.User
	for _, u := range m.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
func (m *memStore) PutSession(_ context.Context, s store.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[s.ID] = s
	return nil
}
func (m *memStore) SessionByID(_ context.Context, id string) (store.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.sessions[id]; ok {
		return s, nil
	}
	return store.Session{}, store.ErrNotFound
}
func (m *memStore) PutToken(_ context.Context, t store.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[t.ID] = t
	return nil
}
func (m *memStore) TokenByID(_ context.Context, id string) (store.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t, ok := m.tokens[id]; ok {
		return t, nil
	}
	return store.Token{}, store.ErrNotFound
}
func (m *memStore) SessionsOfUser(_ context.Context, id string) ([]store.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Session
	for _, s := range m.sessions {
		if s.UserID == id {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
func (m *memStore) TokensOfUser(_ context.Context, id string) ([]store.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Token
	for _, t := range m.tokens {
		if t.UserID == id {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
func (m *memStore) AppendAudit(_ context.Context, es ...store.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.audit = append(m.audit, es...)
	return nil
}
func (m *memStore) AuditLog(context.Context, store.AuditFilter) ([]store.AuditEntry, error) {
	return m.audit, nil
}

type units struct{}

func (units) OrgUnits(context.Context) ([]domain.OrgUnit, error) {
	return []domain.OrgUnit{{Code: "150200", Name: "包头市", Kind: domain.KindCity}, {Code: "150203", Name: "昆都仑区", ShortName: "昆区", Kind: domain.KindDistrict}}, nil
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestPasswordHashIsArgon2idPHC(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=") {
		t.Fatalf("hash %q is not an argon2id PHC string", h)
	}
	if !auth.VerifyPassword(h, "correct horse battery") || auth.VerifyPassword(h, "correct horse batterx") {
		t.Fatal("verification is wrong")
	}
	if auth.VerifyPassword("$argon2id$garbage", "x") {
		t.Fatal("a malformed hash matched")
	}
}

func TestLockOutAfterFiveFailures(t *testing.T) {
	ctx := context.Background()
	m := newMem()
	c := &clock{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	s := auth.New(m, units{}, auth.Config{Now: c.now})
	if _, err := s.AddUser(ctx, auth.NewUser{Name: "kun", Role: store.RoleReporter, OrgUnit: "昆区", Password: "kunqu-2024-pass"}, auth.Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ { // from five addresses: the lock-out is per account
		if _, err := s.Login(ctx, "kun", "wrong-password", "10.0.0."+strconv.Itoa(i+10), ""); !errors.Is(err, auth.ErrLoginFailed) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	if _, err := s.Login(ctx, "kun", "kunqu-2024-pass", "10.0.0.2", ""); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatalf("the right password got in during the lock-out: %v", err)
	}
	// An unknown name answers exactly the same.
	if _, err := s.Login(ctx, "nobody", "whatever-pass", "10.0.0.3", ""); err == nil || err.Error() != auth.ErrLoginFailed.Error() {
		t.Fatalf("unknown user: %v", err)
	}
	c.t = c.t.Add(16 * time.Minute)
	r, err := s.Login(ctx, "kun", "kunqu-2024-pass", "10.0.0.2", "")
	if err != nil {
		t.Fatalf("after the lock-out: %v", err)
	}
	if r.User.OrgUnit != "150203" {
		t.Errorf("reporter bound to %q, want 150203", r.User.OrgUnit)
	}
	u, sess, err := s.SessionUser(ctx, r.Cookie)
	if err != nil || u.Name != "kun" || sess.CSRF == "" {
		t.Fatalf("session: %v %v", u, err)
	}
	if _, err := m.SessionByID(ctx, r.Cookie); err == nil {
		t.Error("the cookie value is stored in clear")
	}
	c.t = c.t.Add(13 * time.Hour)
	if _, _, err := s.SessionUser(ctx, r.Cookie); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("session still valid after 13 h: %v", err)
	}
	var locked bool
	for _, e := range m.audit {
		locked = locked || e.Action == "user.lock"
	}
	if !locked {
		t.Error("the lock-out is not in the audit log")
	}
}

func TestSetupOnlyOnceAndPolicy(t *testing.T) {
	ctx := context.Background()
	s := auth.New(newMem(), units{}, auth.Config{})
	if _, err := s.Setup(ctx, auth.NewUser{Name: "root", Password: "short"}, auth.Actor{}); err == nil || !strings.Contains(err.Error(), "10") {
		t.Fatalf("short password: %v", err)
	}
	if _, err := s.Setup(ctx, auth.NewUser{Name: "root", Password: "A-long-enough-pw"}, auth.Actor{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Setup(ctx, auth.NewUser{Name: "root2", Password: "A-long-enough-pw"}, auth.Actor{}); !errors.Is(err, auth.ErrSetupDone) {
		t.Fatalf("second setup: %v", err)
	}
	if _, err := s.AddUser(ctx, auth.NewUser{Name: "r", Role: store.RoleReporter, Password: "A-long-enough-pw"}, auth.Actor{}); err == nil {
		t.Fatal("a reporter without a unit was created")
	}
	tok, err := s.CreateToken(ctx, "root", "ci", 0, auth.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if u, err := s.TokenUser(ctx, tok); err != nil || u.Name != "root" {
		t.Fatalf("token: %v %v", u, err)
	}
	rep := store.User{Role: store.RoleReporter, OrgUnit: "150203"}
	if auth.CanReadCity(rep) || !auth.CanReadUnit(rep, "150203") || auth.CanReadUnit(rep, "150202") || auth.CanReview(rep) {
		t.Error("reporter policy")
	}
	lead := store.User{Role: store.RoleLeader}
	if !auth.CanReadCity(lead) || auth.CanSubmit(lead, "150203") || auth.CanReview(lead) {
		t.Error("leader policy")
	}
}

// downStore fails every lookup as unreachable while down is set.
type downStore struct {
	*memStore
	down bool
}

func (d *downStore) TokenByID(ctx context.Context, id string) (store.Token, error) {
	if d.down {
		return store.Token{}, store.ErrUnavailable
	}
	return d.memStore.TokenByID(ctx, id)
}

func (d *downStore) SessionByID(ctx context.Context, id string) (store.Session, error) {
	if d.down {
		return store.Session{}, store.ErrUnavailable
	}
	return d.memStore.SessionByID(ctx, id)
}

func TestKnownCredentialsSurviveAStoreOutage(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)}
	st := &downStore{memStore: newMem()}
	s := auth.New(st, units{}, auth.Config{Now: c.now})
	u, err := s.AddUser(ctx, auth.NewUser{Name: "lead", DisplayName: "领导", Role: store.RoleLeader, Password: "A-long-password"}, auth.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.CreateToken(ctx, u.Name, "t", 0, auth.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, tok); err != nil {
		t.Fatal(err)
	}
	st.down = true
	c.t = c.t.Add(10 * time.Minute)
	if got, err := s.TokenUser(ctx, tok); err != nil || got.Name != "lead" {
		t.Fatalf("a token verified before the outage should still read dashboards: %v", err)
	}
	if _, err := s.TokenUser(ctx, "never-seen"); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("an unknown token during an outage: %v, want the store's unavailability", err)
	}
	c.t = c.t.Add(2 * time.Hour)
	if _, err := s.TokenUser(ctx, tok); err == nil {
		t.Fatal("a credential remembered hours ago must not be trusted without the store")
	}
}

// gatedStore counts token look-ups and holds each until gate is closed.
type gatedStore struct {
	*memStore
	lookups atomic.Int32
	gate    chan struct{}
}

func (g *gatedStore) TokenByID(ctx context.Context, id string) (store.Token, error) {
	g.lookups.Add(1)
	<-g.gate
	return g.memStore.TokenByID(ctx, id)
}

// TestConcurrentChecksShareOneLookup: once a remembered token is no longer
// fresh, the requests arriving together wait for one store check, not one
// each.
func TestConcurrentChecksShareOneLookup(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)}
	st := &gatedStore{memStore: newMem(), gate: make(chan struct{})}
	close(st.gate)
	s := auth.New(st, units{}, auth.Config{Now: c.now})
	u, err := s.AddUser(ctx, auth.NewUser{Name: "lead", DisplayName: "领导", Role: store.RoleLeader, Password: "A-long-password"}, auth.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.CreateToken(ctx, u.Name, "t", 0, auth.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, tok); err != nil {
		t.Fatal(err)
	}
	st.gate = make(chan struct{})
	st.lookups.Store(0)
	c.t = c.t.Add(auth.CacheWindow + time.Second)
	const requests = 50
	var wg sync.WaitGroup
	errs := make(chan error, requests)
	for i := 0; i < requests; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := s.TokenUser(ctx, tok); err != nil || got.Name != "lead" {
				errs <- fmt.Errorf("TokenUser = %v, %v", got.Name, err)
			}
		}()
	}
	for deadline := time.Now().Add(5 * time.Second); st.lookups.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let the other requests arrive
	close(st.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := st.lookups.Load(); n != 1 {
		t.Errorf("%d concurrent requests made %d token look-ups, want 1", requests, n)
	}
}

// TestRevocationSeenByARecheckAhead: a token in use is re-checked in the
// background before its fresh window ends, while the request is answered
// from memory; a revocation made by another server process (straight in
// the store) then stops it within the window.
func TestRevocationSeenByARecheckAhead(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)}
	st := newMem()
	s := auth.New(st, units{}, auth.Config{Now: c.now})
	u, err := s.AddUser(ctx, auth.NewUser{Name: "lead", DisplayName: "领导", Role: store.RoleLeader, Password: "A-long-password"}, auth.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.CreateToken(ctx, u.Name, "t", 0, auth.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, tok); err != nil {
		t.Fatal(err)
	}
	stored, err := st.TokenByID(ctx, auth.HashSecret(tok))
	if err != nil {
		t.Fatal(err)
	}
	stored.Revoked = true
	if err := st.PutToken(ctx, stored); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(auth.CacheWindow * 9 / 10) // past any re-check point, still fresh
	if got, err := s.TokenUser(ctx, tok); err != nil || got.Name != "lead" {
		t.Fatalf("a fresh remembered token must be answered from memory: %v", err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		_, err := s.TokenUser(ctx, tok)
		if errors.Is(err, auth.ErrNoSession) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the revoked token still works within its fresh window (err %v): no re-check ahead", err)
		}
	}
}

// TestRememberedTokenStillEnds: a token answered from memory stops working
// when it is revoked or its user disabled on this process (at once), when
// its user is disabled by another process (within CacheWindow), and at its
// own expiry (at once, remembered or not).
func TestRememberedTokenStillEnds(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T, ttl time.Duration) (*auth.Service, *memStore, *clock, store.User, string) {
		c := &clock{t: time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)}
		st := newMem()
		s := auth.New(st, units{}, auth.Config{Now: c.now})
		if _, err := s.AddUser(ctx, auth.NewUser{Name: "admin", DisplayName: "管理员", Role: store.RoleAdmin, Password: "A-long-password"}, auth.Actor{Name: "t"}); err != nil {
			t.Fatal(err)
		}
		u, err := s.AddUser(ctx, auth.NewUser{Name: "lead", DisplayName: "领导", Role: store.RoleLeader, Password: "A-long-password"}, auth.Actor{Name: "t"})
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.CreateToken(ctx, u.Name, "t", ttl, auth.Actor{Name: "t"})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second answer comes from memory
			if got, err := s.TokenUser(ctx, tok); err != nil || got.Name != "lead" {
				t.Fatalf("a new token: %v, %v", got.Name, err)
			}
		}
		return s, st, c, u, tok
	}
	ended := func(t *testing.T, s *auth.Service, tok, when string) {
		t.Helper()
		if _, err := s.TokenUser(ctx, tok); !errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("%s: the token still works (err %v)", when, err)
		}
	}
	t.Run("revoked here", func(t *testing.T) {
		s, _, _, u, tok := setup(t, 0)
		if _, err := s.RevokeTokens(ctx, u.Name, auth.Actor{Name: "admin"}); err != nil {
			t.Fatal(err)
		}
		ended(t, s, tok, "right after the revocation")
	})
	t.Run("disabled here", func(t *testing.T) {
		s, _, _, u, tok := setup(t, 0)
		if _, err := s.SetDisabled(ctx, u.Name, true, auth.Actor{Name: "admin"}); err != nil {
			t.Fatal(err)
		}
		ended(t, s, tok, "right after disabling the user")
	})
	t.Run("disabled by another process", func(t *testing.T) {
		s, st, c, u, tok := setup(t, 0)
		u.Disabled = true
		if err := st.PutUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		c.t = c.t.Add(auth.CacheWindow)
		ended(t, s, tok, "CacheWindow after disabling the user in the store")
	})
	t.Run("expired", func(t *testing.T) {
		s, _, c, _, tok := setup(t, time.Minute)
		c.t = c.t.Add(time.Minute)
		ended(t, s, tok, "at its expiry")
	})
}

// TestRememberedTokenAllocatesNothing: the check every API request makes
// (a token verified within CacheWindow) hashes the token and finds it in
// memory without allocating.
func TestRememberedTokenAllocatesNothing(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)}
	s := auth.New(newMem(), units{}, auth.Config{Now: c.now})
	u, err := s.AddUser(ctx, auth.NewUser{Name: "lead", DisplayName: "领导", Role: store.RoleLeader, Password: "A-long-password"}, auth.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.CreateToken(ctx, u.Name, "t", 0, auth.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, tok); err != nil {
		t.Fatal(err)
	}
	var got store.User
	if n := testing.AllocsPerRun(100, func() { got, err = s.TokenUser(ctx, tok) }); n != 0 || err != nil || got.Name != "lead" {
		t.Errorf("a remembered token: %v allocations per check (user %q, err %v), want 0", n, got.Name, err)
	}
}
