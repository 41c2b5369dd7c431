// Package clustertest holds the end-to-end cluster test: the product
// bootstrapped with the demo data on a single ClickHouse node and on a
// two-shard cluster (cluster mode) must serve the same dashboards' API
// output, with the rows really spread over both shards. It has no code of
// its own; see dashboards_test.go. The fact-store conformance suites and
// the shard-outage test run on the cluster in internal/store/clickhouse.
package clustertest
