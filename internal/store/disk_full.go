package store

import (
	"errors"
	"syscall"
)

// ErrDiskFull is matched by failures caused by a full disk, whichever store
// reports it: the embedded store's file write (ENOSPC), PostgreSQL's
// disk_full (53100), ClickHouse's NOT_ENOUGH_SPACE (243). Retrying does
// not help until space is freed.
var ErrDiskFull = errors.New("store: disk full")

// IsDiskFull reports whether err was caused by a full disk: it matches
// ErrDiskFull or wraps the operating system's ENOSPC (or EDQUOT, a full
// quota).
func IsDiskFull(err error) bool {
	return err != nil && (errors.Is(err, ErrDiskFull) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT))
}
