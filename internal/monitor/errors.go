package monitor

import "industrydash/internal/msg"

// ErrNotFound is returned for an unknown chain, indicator or org unit; its
// message says which, in Chinese.
var ErrNotFound = msg.New(msg.MonitorNotFound)
