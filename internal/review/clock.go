package review

import "time"

// WithClock returns a copy of s that reads the time from now: deadlines and
// the board as they stand at that time (`server notify -now`).
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
