package domain

import "time"

// Beijing is China Standard Time (UTC+8, no daylight saving), fixed so that
// no time-zone database is needed. Every time shown to a person — pages,
// briefings, command output — is printed in it.
var Beijing = time.FixedZone("CST", 8*3600)
