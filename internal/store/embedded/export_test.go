package embedded

// SetWriteHook makes f run inside every write transaction of s, before it
// commits (and so before its fsync).
func SetWriteHook(s *Store, f func()) { s.inWrite = f }
