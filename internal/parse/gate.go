package parse

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrBusy is returned by Gate.Enter when no parse slot frees up in time.
var ErrBusy = errors.New("parse: too many files being read at once")

// Gate caps the parses running at once: at most global in all, at most
// perUser for one user. With the per-file limits (Limits) this bounds the
// memory all uploads together may take: a user cannot run two parses side
// by side, and a crowd waits instead of piling up.
type Gate struct {
	slots   chan struct{}
	perUser int
	mu      sync.Mutex
	users   map[string]int
}

// NewGate returns a gate of global slots, perUser of them for one user.
func NewGate(global, perUser int) *Gate {
	return &Gate{slots: make(chan struct{}, max(global, 1)), perUser: max(perUser, 1), users: map[string]int{}}
}

// Uploads is the gate the server's upload and extraction handlers share:
// two parses at once, one per user.
var Uploads = NewGate(2, 1)

// Enter takes a slot for user, waiting at most wait (or until ctx ends);
// it returns the function that frees the slot, or ErrBusy.
func (g *Gate) Enter(ctx context.Context, user string, wait time.Duration) (release func(), err error) {
	g.mu.Lock()
	if g.users[user] >= g.perUser {
		g.mu.Unlock()
		return nil, ErrBusy
	}
	g.users[user]++
	g.mu.Unlock()
	undo := func() {
		g.mu.Lock()
		if g.users[user]--; g.users[user] <= 0 {
			delete(g.users, user)
		}
		g.mu.Unlock()
	}
	select {
	case g.slots <- struct{}{}:
	default:
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case g.slots <- struct{}{}:
		case <-t.C:
			undo()
			return nil, ErrBusy
		case <-ctx.Done():
			undo()
			return nil, ErrBusy
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-g.slots
			undo()
		})
	}, nil
}
