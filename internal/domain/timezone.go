package domain

import "time"

// Beijing is China Standard Time (UTC+8, no daylight saving), the one time
// zone every deadline, period boundary and printed time is reckoned in. It
// is a fixed zone, so it needs no tzdata on the machine.
var Beijing = time.FixedZone("CST", 8*3600)
