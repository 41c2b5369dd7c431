package auth_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/auth"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/store/postgres"
	"industrydash/internal/testenv/pgtest"
	"industrydash/internal/testenv/seeded"
)

const pw = "kunqu-2024-pass"

// realService is the service over a real embedded store with the built-in
// catalogue (org units for reporters).
func realService(t *testing.T, cfg auth.Config) (*auth.Service, *embedded.Store) {
	t.Helper()
	st := seeded.Store(t, false)
	return auth.New(st, st, cfg), st
}

func addUser(t *testing.T, s *auth.Service, name, role, unit string) store.User {
	t.Helper()
	u, err := s.AddUser(context.Background(), auth.NewUser{Name: name, Role: role, OrgUnit: unit, Password: pw}, auth.Actor{Name: "admin", Role: store.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestMain(m *testing.M) { pgtest.Main(m) }

// lockStore is what the lock-out test needs of a store.
type lockStore interface {
	auth.Store
	auth.Units
}

// postgresStores is the production pair: accounts in a PostgreSQL
// workflow store on a fresh database of the test's private server, org
// units from the built-in catalogue.
type postgresStores struct {
	*postgres.Store
	auth.Units
}

func postgresStore(t *testing.T) postgresStores {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, postgres.Config{DSN: pgtest.NewDatabase(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return postgresStores{Store: st, Units: app.UnitsOrBuiltin(seeded.Store(t, false))}
}

// Issue 11, finding 2: parallel wrong passwords must lock the account like
// sequential ones, on either store.
func TestParallelWrongPasswordsLockTheAccount(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { parallelLock(t, seeded.Store(t, false)) })
	t.Run("postgres", func(t *testing.T) { parallelLock(t, postgresStore(t)) })
}

func parallelLock(t *testing.T, st lockStore) {
	ctx := context.Background()
	s := auth.New(st, st, auth.Config{HashWait: time.Minute})
	addUser(t, s, "kun", store.RoleLeader, "")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Login(ctx, "kun", "wrong-password", fmt.Sprintf("10.0.0.%d", i), ""); !errors.Is(err, auth.ErrLoginFailed) {
				t.Errorf("wrong password %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if _, err := s.Login(ctx, "kun", pw, "10.0.1.1", ""); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatalf("the right password got in after 20 parallel failures: %v", err)
	}
	u, err := st.UserByName(ctx, "kun")
	if err != nil {
		t.Fatal(err)
	}
	if !u.LockedUntil.After(time.Now()) {
		t.Errorf("the lock is not stored: %+v", u)
	}
	// Another server process over the same store (a fresh service) honours
	// the stored lock.
	if _, err := auth.New(st, st, auth.Config{}).Login(ctx, "kun", pw, "10.0.1.2", ""); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatalf("a second process let the locked account in: %v", err)
	}
}

// Issue 11, finding 2: a burst from one address gets no more attempts than
// the per-address limit, however parallel.
func TestBurstFromOneAddressStopsAtTheLimit(t *testing.T) {
	ctx := context.Background()
	s, _ := realService(t, auth.Config{HashWait: time.Minute})
	var mu sync.Mutex
	counts := map[string]int{}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Login(ctx, fmt.Sprintf("guess%03d", i), "wrong-password", "10.9.9.9", "")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, auth.ErrLoginFailed):
				counts["tried"]++
			case errors.Is(err, auth.ErrTooManyAttempts):
				counts["refused"]++
			default:
				t.Errorf("attempt %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	limit := s.Config().IPMaxFailures
	if counts["tried"] > limit || counts["tried"]+counts["refused"] != 100 {
		t.Fatalf("%d attempts were checked against a limit of %d (refused %d)", counts["tried"], limit, counts["refused"])
	}
	// Another address is not affected.
	if _, err := s.Login(ctx, "guess000", "wrong-password", "10.9.9.10", ""); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatalf("another address: %v", err)
	}
}

// Issue 11, finding 2: hashing is capped; an attempt that cannot get a place
// is refused as busy, and does not count as a failure.
func TestPasswordHashingIsCapped(t *testing.T) {
	ctx := context.Background()
	s, _ := realService(t, auth.Config{MaxHashes: 2, HashWait: 10 * time.Millisecond})
	addUser(t, s, "kun", store.RoleLeader, "")
	var releases []func()
	for range 2 {
		r, err := s.HashSlot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	for i := range 2 * s.Config().MaxFailures {
		if _, err := s.Login(ctx, "kun", "wrong-password", "10.0.0.1", ""); !errors.Is(err, auth.ErrBusy) {
			t.Fatalf("attempt %d with every hash place taken: %v, want ErrBusy", i, err)
		}
	}
	for _, r := range releases {
		r()
	}
	if _, err := s.Login(ctx, "kun", pw, "10.0.0.1", ""); err != nil {
		t.Fatalf("busy refusals counted as failures: %v", err)
	}
}

// Issue 11, finding 9: login names are one account whatever their width
// and case.
func TestLoginNamesAreCanonical(t *testing.T) {
	ctx := context.Background()
	s, _ := realService(t, auth.Config{})
	u := addUser(t, s, "Admin1", store.RoleAdmin, "")
	if u.Name != "admin1" || u.DisplayName != "Admin1" {
		t.Errorf("stored name %q display %q, want admin1 / Admin1", u.Name, u.DisplayName)
	}
	for _, n := range []string{"admin1", "Admin1", "ADMIN1", "ＡＤＭＩＮ1", "ａｄｍｉｎ１", " admin1 "} {
		if _, err := s.Login(ctx, n, pw, "10.0.0.1", ""); err != nil {
			t.Errorf("login as %q: %v", n, err)
		}
	}
	if _, err := s.AddUser(ctx, auth.NewUser{Name: "ＡＤＭＩＮ1", Role: store.RoleLeader, Password: "another-pass-77"}, auth.Actor{}); err == nil ||
		!strings.Contains(err.Error(), "已被使用") {
		t.Errorf("a second account with the same name folded: %v", err)
	}
	// Failures of every spelling count against one account.
	for i, n := range []string{"admin1", "ADMIN1", "ＡＤＭＩＮ1", "Admin1", "aDmin1"} {
		if _, err := s.Login(ctx, n, "wrong-password", fmt.Sprintf("10.0.2.%d", i), ""); !errors.Is(err, auth.ErrLoginFailed) {
			t.Fatal(err)
		}
	}
	if _, err := s.Login(ctx, "admin1", pw, "10.0.3.1", ""); !errors.Is(err, auth.ErrLoginFailed) {
		t.Errorf("five failures under different spellings did not lock the account: %v", err)
	}
}

// Issue 11, finding 9: the password policy.
func TestPasswordPolicy(t *testing.T) {
	tests := []struct {
		name, pw string
		ok       bool
		want     string
	}{
		{"kun", "short-pw", false, "至少"},
		{"kun", strings.Repeat("长", auth.MaxPasswordLength+1), false, "不能超过"},
		{"kun", strings.Repeat("长密码", 80), true, ""},
		{"zhangsan01", "zhangsan01", false, "登录名"},
		{"zhangsan01", "ZhangSan01", false, "登录名"},
		{"zhangsan01", "zhangsan01!", false, "登录名"},
		{"kun", "1234567890", false, "常见"},
		{"kun", "Password123", false, "常见"},
		{"kun", "qwertyuiop", false, "常见"},
		{"kun", "aaaaaaaaaaaa", false, "同一个字符"},
		{"kun", "kunqu-2024-pass", true, ""},
		{"kun", "稀土钢铁包头市一〇年", true, ""},
	}
	for _, tt := range tests {
		err := auth.CheckPassword(tt.name, tt.pw)
		if (err == nil) != tt.ok || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckPassword(%q, %q…) = %v, want ok=%v mentioning %q", tt.name, tt.pw[:min(len(tt.pw), 12)], err, tt.ok, tt.want)
		}
	}
}

// Issue 11, finding 9: a session ends after IdleTimeout without use, and
// after SessionTTL however busy.
func TestSessionIdleTimeout(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	s, _ := realService(t, auth.Config{Now: c.now})
	addUser(t, s, "kun", store.RoleLeader, "")
	busy, err := s.Login(ctx, "kun", pw, "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	idle, err := s.Login(ctx, "kun", pw, "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	for h := 1; h <= 11; h++ {
		c.t = c.t.Add(time.Hour)
		if _, _, err := s.SessionUser(ctx, busy.Cookie); err != nil {
			t.Fatalf("a session used every hour ended after %d h: %v", h, err)
		}
		if h == 1 {
			if _, _, err := s.SessionUser(ctx, idle.Cookie); err != nil {
				t.Fatalf("a session idle for 1 h ended: %v", err)
			}
		}
	}
	if _, _, err := s.SessionUser(ctx, idle.Cookie); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("a session idle for 10 h still works: %v", err)
	}
	c.t = c.t.Add(61 * time.Minute)
	if _, _, err := s.SessionUser(ctx, busy.Cookie); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("a session older than 12 h still works: %v", err)
	}
}
