// Package faulttest holds the fault-tolerance test (issue 7): ClickHouse
// is crashed and restarted while a large load is in flight and the
// dashboards are being read; nothing accepted may be lost or duplicated,
// and the web keeps serving the last good data with the 数据暂不可更新
// notice. It has no code of its own; see fault_test.go.
package faulttest
