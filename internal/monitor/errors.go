package monitor

import "errors"

// ErrNotFound is returned for an unknown chain, indicator or org unit; its
// message says which, in Chinese.
var ErrNotFound = errors.New("未找到")
