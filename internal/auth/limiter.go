package auth

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The login limiter. Three rules, none of which lets one address lock out
// the other people behind it (an office behind NAT shares one address):
//
//   - Per account (login name, existing or not): MaxFailures failures in a
//     row lock it for LockFor, whatever the address; even the right
//     password fails until then (or until an administrator unlocks it).
//   - Per (address, name): after PairFreeFailures failures, each further
//     attempt on that name from that address must wait a delay that doubles
//     with every failure (PairDelay, 2×, 4×, … up to PairMaxDelay); earlier
//     attempts get ErrTooManyAttempts with the time left. The delay never
//     touches another name from the same address.
//   - Per address: after IPSlowAfter failures within IPWindow, every attempt
//     from it waits IPDelay before it is checked. It slows a sweep across
//     many names but refuses nobody: a colleague's right password still
//     gets in.
//
// Every attempt is counted before its password is hashed, under one mutex,
// so parallel attempts cannot slip past these rules: an attempt reserves a
// place (inflight) and is settled as a failure or a success when it ends.
//
// Hashing itself (argon2id, 19 MiB each) runs under a semaphore of
// Config.MaxHashes places; an attempt that cannot get one within
// Config.HashWait gets ErrBusy (HTTP 429 with Retry-After).

// nameState is the lock-out state of one login name (existing or not:
// unknown names lock out exactly like real accounts).
type nameState struct {
	failures int
	inflight int
	until    time.Time
}

// pairState is the failures of one login name from one address.
type pairState struct {
	failures int
	inflight int
	last     time.Time // the latest failure
}

// ipState is the failures of one client address within IPWindow.
type ipState struct {
	fails []time.Time
}

// ThrottleError is the answer to an attempt on a login name from an address
// that failed too often with it: the attempt was not checked, and may be
// repeated after Wait. It matches ErrTooManyAttempts.
type ThrottleError struct{ Wait time.Duration }

func (e *ThrottleError) Error() string {
	secs := int(e.Wait.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	if secs >= 120 {
		return fmt.Sprintf("该账户从本机登录失败次数过多，请 %d 分钟后再试；如忘记密码请联系安全管理员重置", (secs+59)/60)
	}
	return fmt.Sprintf("该账户从本机登录失败次数过多，请 %d 秒后再试；如忘记密码请联系安全管理员重置", secs)
}

// Is makes a ThrottleError match ErrTooManyAttempts.
func (e *ThrottleError) Is(target error) bool { return target == ErrTooManyAttempts }

// RetryAfter returns how long a client should wait before retrying after
// err (a ThrottleError's wait; zero for other errors).
func RetryAfter(err error) time.Duration {
	var te *ThrottleError
	if errors.As(err, &te) {
		return te.Wait
	}
	return 0
}

type verdict int

const (
	admitted verdict = iota
	lockedOut
	throttled
)

func pairKey(ip, name string) string { return ip + "\x00" + name }

// pairDelay is the wait after the pair's failures-th failure.
func (s *Service) pairDelay(failures int) time.Duration {
	n := failures - s.cfg.PairFreeFailures
	if n < 0 {
		return 0
	}
	d := s.cfg.PairDelay
	for i := 0; i < n && d < s.cfg.PairMaxDelay; i++ {
		d *= 2
	}
	return min(d, s.cfg.PairMaxDelay)
}

// slowAddress reports whether attempts from ip should wait IPDelay first.
func (s *Service) slowAddress(ip string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ipLocked(ip, now).fails) >= s.cfg.IPSlowAfter
}

// reserve counts an attempt on name key from ip before it is hashed. seed
// is the stored failure count and storeLock the stored lock of a real
// account (another server may have set them). For a throttled attempt it
// returns how long to wait.
func (s *Service) reserve(key, ip string, now time.Time, seed int, storeLock time.Time) (verdict, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pk := pairKey(ip, key)
	ps, ok := s.pairs[pk]
	if !ok {
		if len(s.pairs) > 10000 {
			s.prunePairsLocked(now)
		}
		ps = &pairState{}
		s.pairs[pk] = ps
	}
	if ps.failures+ps.inflight >= s.cfg.PairFreeFailures {
		wait := ps.last.Add(s.pairDelay(ps.failures)).Sub(now)
		if ps.inflight > 0 && wait <= 0 {
			wait = s.cfg.PairDelay
		}
		if wait > 0 {
			return throttled, wait
		}
	}
	ns, ok := s.names[key]
	if !ok {
		ns = &nameState{failures: seed}
		if len(s.names) > 10000 {
			s.pruneNamesLocked(now)
		}
		s.names[key] = ns
	}
	if now.Before(ns.until) || now.Before(storeLock) || ns.failures+ns.inflight >= s.cfg.MaxFailures {
		ip := s.ipLocked(ip, now)
		ip.fails = append(ip.fails, now)
		return lockedOut, 0
	}
	ns.inflight++
	ps.inflight++
	return admitted, 0
}

type outcome int

const (
	failed outcome = iota
	succeeded
	abandoned // never hashed (server busy): neither a failure nor a success
)

// settle ends an admitted attempt. For a failure it returns the name's
// failure count and, when this failure locked it, the lock's end.
func (s *Service) settle(key, ip string, now time.Time, o outcome) (failures int, lockedUntil time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.pairs[pairKey(ip, key)]
	if ps == nil { // pruned meanwhile (cannot happen while inflight > 0)
		ps = &pairState{inflight: 1}
		s.pairs[pairKey(ip, key)] = ps
	}
	ps.inflight--
	ns := s.names[key]
	if ns == nil {
		ns = &nameState{inflight: 1}
		s.names[key] = ns
	}
	ns.inflight--
	switch o {
	case failed:
		st := s.ipLocked(ip, now)
		st.fails = append(st.fails, now)
		if len(st.fails) > 4*s.cfg.IPSlowAfter { // only the count matters past the threshold
			st.fails = st.fails[len(st.fails)-s.cfg.IPSlowAfter:]
		}
		ps.failures++
		ps.last = now
		ns.failures++
		if ns.failures >= s.cfg.MaxFailures {
			ns.failures, ns.until = 0, now.Add(s.cfg.LockFor)
			return 0, ns.until
		}
		return ns.failures, time.Time{}
	case succeeded:
		ns.failures, ns.until = 0, time.Time{}
		ps.failures = 0
	}
	return ns.failures, time.Time{}
}

// unlockName clears the lock-out state of a name, from every address (an
// administrator unlocked or reset it).
func (s *Service) unlockName(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ns, ok := s.names[key]; ok {
		ns.failures, ns.until = 0, time.Time{}
	}
	for k, ps := range s.pairs {
		if len(k) > len(key) && k[len(k)-len(key)-1:] == "\x00"+key {
			ps.failures = 0
		}
	}
}

// ipLocked returns the address's state with failures older than IPWindow
// dropped; s.mu is held.
func (s *Service) ipLocked(ip string, now time.Time) *ipState {
	st, ok := s.ips[ip]
	if !ok {
		if len(s.ips) > 10000 {
			s.pruneIPsLocked(now)
		}
		st = &ipState{}
		s.ips[ip] = st
	}
	keep := st.fails[:0]
	for _, t := range st.fails {
		if now.Sub(t) < s.cfg.IPWindow {
			keep = append(keep, t)
		}
	}
	st.fails = keep
	return st
}

// pruneNamesLocked drops names that are neither locked, counting failures
// nor in flight, bounding the map's memory.
func (s *Service) pruneNamesLocked(now time.Time) {
	for k, ns := range s.names {
		if ns.inflight == 0 && ns.failures == 0 && !now.Before(ns.until) {
			delete(s.names, k)
		}
	}
}

// prunePairsLocked drops pairs whose delay has run out and that are not in
// flight.
func (s *Service) prunePairsLocked(now time.Time) {
	for k, ps := range s.pairs {
		if ps.inflight == 0 && !now.Before(ps.last.Add(max(s.pairDelay(ps.failures), s.cfg.IPWindow))) {
			delete(s.pairs, k)
		}
	}
}

func (s *Service) pruneIPsLocked(now time.Time) {
	for k, st := range s.ips {
		if len(st.fails) == 0 || now.Sub(st.fails[len(st.fails)-1]) >= s.cfg.IPWindow {
			delete(s.ips, k)
		}
	}
}

// HashSlot takes one of the Config.MaxHashes places for a password hash,
// waiting up to Config.HashWait; ErrBusy when none frees up in time. Call
// release when the hash is done.
func (s *Service) HashSlot(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(s.cfg.HashWait)
	defer t.Stop()
	select {
	case s.hashes <- struct{}{}:
		return func() { <-s.hashes }, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// hash hashes pw under a hash slot.
func (s *Service) hash(ctx context.Context, pw string) (string, error) {
	release, err := s.HashSlot(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(pw)
}

// verify checks pw against phc under a hash slot.
func (s *Service) verify(ctx context.Context, phc, pw string) (bool, error) {
	release, err := s.HashSlot(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return VerifyPassword(phc, pw), nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
