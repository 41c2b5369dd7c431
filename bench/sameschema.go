package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"industrydash/internal/store/clickhouse"
)

// sameSchemaDB is the second bench database: the product's migrations
// (tables and materialized views), into which clickhouse-client inserts the
// rows the product's loader stored, so that the loader's own overhead shows
// apart from what the schema costs the server.
const sameSchemaDB = "bench_schema"

// sameSchemaDSN creates (once) and migrates the second database and returns
// its DSN.
func (d *data) sameSchemaDSN(ctx context.Context) (string, error) {
	if d.schemaDSN != "" {
		return d.schemaDSN, nil
	}
	u, err := url.Parse(d.dsn)
	if err != nil {
		return "", err
	}
	u.Path = "/" + sameSchemaDB
	st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: u.String(), QueryTimeout: 120 * time.Second})
	if err != nil {
		return "", err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return "", fmt.Errorf("migrate %s: %w", sameSchemaDB, err)
	}
	d.schemaDSN = u.String()
	return d.schemaDSN, nil
}

// sameSchemaInsert exports the rows the product stored in table (those
// where selects, with exactly the loader's insert columns) as CSV, then
// times clickhouse-client inserting that file into the same table of the
// second database, materialized views included. The export is not timed.
func sameSchemaInsert(ctx context.Context, d *data, table string, columns []string, where string) (time.Duration, error) {
	dsn, err := d.sameSchemaDSN(ctx)
	if err != nil {
		return 0, err
	}
	cols := strings.Join(columns, ", ")
	path := filepath.Join(d.work, table+"-same-schema.csv")
	out, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	cmd, err := clientCmd(d.dsn, "--query", "SELECT "+cols+" FROM "+table+" WHERE "+where+" FORMAT CSV")
	if err != nil {
		out.Close()
		return 0, err
	}
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = out, &stderr
	err = cmd.Run()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("export %s: %v: %s", table, err, stderr.String())
	}
	in, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	settle(d.dsn)
	settle(dsn)
	t0 := time.Now()
	if err := runClient(dsn, in, "--query", "INSERT INTO "+table+" ("+cols+") FORMAT CSV"); err != nil {
		return 0, err
	}
	return time.Since(t0), nil
}
