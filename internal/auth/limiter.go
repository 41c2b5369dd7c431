package auth

import (
	"context"
	"time"
)

// The login limiter. Every attempt is counted before its password is
// hashed, under one mutex, so parallel attempts cannot slip past the
// per-account lock-out or the per-address limit: an attempt reserves a
// place (inflight), and is refused without hashing when the failures so far
// plus the attempts still in flight already reach the limit. When it ends
// it is settled as a failure or a success.
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

// ipState is the failures of one client address within IPWindow.
type ipState struct {
	fails    []time.Time
	inflight int
}

type verdict int

const (
	admitted verdict = iota
	lockedOut
	tooMany
)

// reserve counts an attempt on name key from ip before it is hashed. seed
// is the stored failure count and storeLock the stored lock of a real
// account (another server may have set them).
func (s *Service) reserve(key, ip string, now time.Time, seed int, storeLock time.Time) verdict {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.ipLocked(ip, now)
	if len(st.fails)+st.inflight >= s.cfg.IPMaxFailures {
		return tooMany
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
		st.fails = append(st.fails, now)
		return lockedOut
	}
	ns.inflight++
	st.inflight++
	return admitted
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
	st := s.ipLocked(ip, now)
	st.inflight--
	ns := s.names[key]
	if ns == nil { // pruned meanwhile (cannot happen while inflight > 0)
		ns = &nameState{inflight: 1}
		s.names[key] = ns
	}
	ns.inflight--
	switch o {
	case failed:
		st.fails = append(st.fails, now)
		ns.failures++
		if ns.failures >= s.cfg.MaxFailures {
			ns.failures, ns.until = 0, now.Add(s.cfg.LockFor)
			return 0, ns.until
		}
		return ns.failures, time.Time{}
	case succeeded:
		ns.failures, ns.until = 0, time.Time{}
	}
	return ns.failures, time.Time{}
}

// unlockName clears the lock-out state of a name (an admin reset it).
func (s *Service) unlockName(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ns, ok := s.names[key]; ok {
		ns.failures, ns.until = 0, time.Time{}
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

func (s *Service) pruneIPsLocked(now time.Time) {
	for k, st := range s.ips {
		if st.inflight == 0 && (len(st.fails) == 0 || now.Sub(st.fails[len(st.fails)-1]) >= s.cfg.IPWindow) {
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
