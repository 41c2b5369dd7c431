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
	"industrydash/internal/msg"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/store/postgres"
	"industrydash/internal/testenv/pgtest"
	"industrydash/internal/testenv/seeded"
)

const pw = "kunqu-2024-pass"

// realService is the service over a real embedded store with the built-in
// catalogue (org units for reporters).
func realService(t *testing.T, cfg auth.Config) (*auth.Service, embedded.Combined) {
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

// Issue 11, finding 2 and issue 24, finding 3: a parallel burst on one
// name from one address gets no more checked attempts than the free
// failures of the pair; the rest are throttled with a wait, and another
// name from the same address is not affected.
func TestParallelBurstOnOneNameIsThrottled(t *testing.T) {
	ctx := context.Background()
	s, _ := realService(t, auth.Config{HashWait: time.Minute})
	addUser(t, s, "kun", store.RoleLeader, "")
	var mu sync.Mutex
	counts := map[string]int{}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Login(ctx, "guess", fmt.Sprintf("wrong-password-%d", i), "10.9.9.9", "")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, auth.ErrLoginFailed):
				counts["tried"]++
			case errors.Is(err, auth.ErrTooManyAttempts):
				counts["refused"]++
				if auth.RetryAfter(err) <= 0 {
					t.Errorf("a throttled attempt carries no wait: %v", err)
				}
			default:
				t.Errorf("attempt %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	limit := s.Config().PairFreeFailures
	if counts["tried"] > limit || counts["tried"]+counts["refused"] != 100 {
		t.Fatalf("%d attempts were checked against a limit of %d (refused %d)", counts["tried"], limit, counts["refused"])
	}
	if _, err := s.Login(ctx, "kun", pw, "10.9.9.9", ""); err != nil {
		t.Fatalf("another account from the same address: %v", err)
	}
}

// clockSleeper is a clock whose Sleep moves it forward and counts the waits.
type clockSleeper struct {
	mu     sync.Mutex
	t      time.Time
	sleeps int
}

func (c *clockSleeper) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clockSleeper) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
func (c *clockSleeper) sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps++
	c.t = c.t.Add(d)
	return nil
}

// Issue 24, finding 3: 40 failed logins with made-up names from one
// address (an office behind NAT) leave another account's login from that
// address working, on either store; every failure is in the audit log.
func TestOneAddressNeverLocksOutTheOffice(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { officeLockOut(t, seeded.Store(t, false)) })
	t.Run("postgres", func(t *testing.T) { officeLockOut(t, postgresStore(t)) })
}

func officeLockOut(t *testing.T, st lockStore) {
	ctx := context.Background()
	c := &clockSleeper{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	s := auth.New(st, st, auth.Config{Now: c.now, Sleep: c.sleep})
	addUser(t, s, "admin", store.RoleAdmin, "")
	for i := range 40 {
		if _, err := s.Login(ctx, fmt.Sprintf("made-up-%02d", i), "wrong-password", "10.1.1.1", ""); !errors.Is(err, auth.ErrLoginFailed) {
			t.Fatalf("made-up name %d: %v", i, err)
		}
	}
	if _, err := s.Login(ctx, "admin", pw, "10.1.1.1", ""); err != nil {
		t.Fatalf("the admin's right password from the same address: %v", err)
	}
	if c.sleeps == 0 {
		t.Error("40 failures from one address did not slow it down at all")
	}
	failed, err := st.AuditLog(ctx, store.AuditFilter{Action: "session.login_failed"})
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 40 {
		t.Fatalf("%d failed logins audited, want 40", len(failed))
	}
	if e := failed[0]; e.Actor != "made-up-39" || e.IP != "10.1.1.1" || e.New != "登录名不存在" {
		t.Errorf("latest failed-login entry: %+v", e)
	}
}

// Issue 24, finding 3: failures on one name from one address are free up
// to PairFreeFailures, then each attempt waits a delay that doubles; the
// delay binds neither another name from that address nor that name from
// another address (only the account's own lock-out does).
func TestProgressiveDelayPerAddressAndName(t *testing.T) {
	ctx := context.Background()
	c := &clockSleeper{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	s, st := realService(t, auth.Config{Now: c.now, Sleep: c.sleep, MaxFailures: 10})
	addUser(t, s, "kun", store.RoleLeader, "")
	addUser(t, s, "bao", store.RoleLeader, "")
	for i := range 3 {
		if _, err := s.Login(ctx, "kun", "wrong-password", "10.0.0.1", ""); !errors.Is(err, auth.ErrLoginFailed) {
			t.Fatalf("free failure %d: %v", i+1, err)
		}
	}
	var waits []time.Duration
	for range 3 {
		_, err := s.Login(ctx, "kun", pw, "10.0.0.1", "")
		if !errors.Is(err, auth.ErrTooManyAttempts) {
			t.Fatalf("attempt inside the delay: %v", err)
		}
		w := auth.RetryAfter(err)
		waits = append(waits, w)
		c.add(w)
		if _, err := s.Login(ctx, "kun", "wrong-password", "10.0.0.1", ""); !errors.Is(err, auth.ErrLoginFailed) {
			t.Fatalf("attempt after waiting %v: %v", w, err)
		}
	}
	if !(waits[0] > 0 && waits[1] == 2*waits[0] && waits[2] == 2*waits[1]) {
		t.Errorf("delays %v, want each twice the one before", waits)
	}
	if _, err := s.Login(ctx, "bao", pw, "10.0.0.1", ""); err != nil {
		t.Errorf("another name from the throttled address: %v", err)
	}
	if _, err := s.Login(ctx, "kun", pw, "10.0.0.2", ""); err != nil {
		t.Errorf("the throttled name from another address: %v", err)
	}
	throttled, err := st.AuditLog(ctx, store.AuditFilter{Action: "session.throttled"})
	if err != nil || len(throttled) != 3 || throttled[0].Actor != "kun" {
		t.Errorf("throttled attempts in the audit log: %d %v", len(throttled), err)
	}
}

// Issue 24: an administrator unlocks a locked account; the unlock is
// audited and the right password works at once.
func TestAdminUnlocks(t *testing.T) {
	ctx := context.Background()
	s, st := realService(t, auth.Config{})
	addUser(t, s, "kun", store.RoleLeader, "")
	for i := range s.Config().MaxFailures {
		if _, err := s.Login(ctx, "kun", "wrong-password", fmt.Sprintf("10.0.0.%d", i), ""); !errors.Is(err, auth.ErrLoginFailed) {
			t.Fatal(err)
		}
	}
	if _, err := s.Login(ctx, "kun", pw, "10.0.1.1", ""); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatalf("locked account: %v", err)
	}
	if _, err := s.Unlock(ctx, "kun", auth.Actor{Name: "sec", Role: store.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "kun", pw, "10.0.1.1", ""); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	for _, action := range []string{"user.lock", "user.unlock"} {
		if es, err := st.AuditLog(ctx, store.AuditFilter{Action: action}); err != nil || len(es) != 1 {
			t.Errorf("%s entries: %d %v", action, len(es), err)
		}
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
		!strings.Contains(msg.Text(err), "已被使用") {
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

// Issue 11, finding 9 and issue 24, finding 4: the password policy
// (等保2.0 level 3): length, three of four classes, not the login name, not
// a common password.
func TestPasswordPolicy(t *testing.T) {
	tests := []struct {
		name, pw string
		ok       bool
		want     string
	}{
		{"kun", "short-pw", false, "至少"},
		{"kun", strings.Repeat("长", auth.MaxPasswordLength+1), false, "不能超过"},
		{"kun", strings.Repeat("长密码Aa1", 30), true, ""},
		{"zhangsan01", "zhangsan01", false, "登录名"},
		{"zhangsan01", "ZhangSan01", false, "登录名"},
		{"zhangsan01", "Zhangsan01!", false, "登录名"},
		// The probe's weak passwords (issue 24): one or two classes.
		{"kun", "aaaaaaaaab", false, "三类"},
		{"kun", "1111111112", false, "三类"},
		{"kun", "baotou2025", false, "三类"},
		{"kun", "1234567890", false, "三类"},
		{"kun", "qwertyuiop", false, "三类"},
		{"kun", "稀土钢铁包头市一〇年", false, "三类"},
		// Three classes, but a common stem with digits and symbols around it.
		{"kun", "Password123", false, "常见"},
		{"kun", "Baotou@2025", false, "常见"},
		{"kun", "@Qwerty12345", false, "常见"},
		{"kun", "Admin#2024!", false, "常见"},
		{"kun", "AAAAAAAAAA1!", false, "常见"},
		{"kun", "aaaaaaaaaaaa", false, "同一个字符"},
		{"kun", "kunqu-2024-pass", true, ""},
		{"kun", "Kunqu#Steel7", true, ""},
		{"kun", "稀土钢铁Baotou7", true, ""},
	}
	for _, tt := range tests {
		err := auth.CheckPassword(tt.name, tt.pw)
		if (err == nil) != tt.ok || (err != nil && !strings.Contains(msg.Text(err), tt.want)) {
			t.Errorf("CheckPassword(%q, %q…) = %v, want ok=%v mentioning %q", tt.name, tt.pw[:min(len(tt.pw), 12)], err, tt.ok, tt.want)
		}
	}
}

// Issue 11, finding 9: a session ends after IdleTimeout without use, and
// after SessionTTL however busy.
func TestSessionIdleTimeout(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	if d := auth.New(nil, nil, auth.Config{}).Config().IdleTimeout; d != 30*time.Minute {
		t.Errorf("default idle timeout %v, want 30 min (等保)", d)
	}
	s, _ := realService(t, auth.Config{Now: c.now, IdleTimeout: 2 * time.Hour})
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
