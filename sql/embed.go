// Package sqlfiles embeds the product's database schema migrations so that
// every binary carries the schema it expects.
//
// ClickHouse migrations live in clickhouse/NNNN_name.sql. The rules:
//
//   - Files are numbered from 0001 without gaps and applied in order; a file
//     is never edited once it has been applied anywhere: a schema change is a
//     new file.
//   - ClickHouse executes one statement per query, so a file is split into
//     statements at every line whose last non-blank character is ';'. A ';'
//     elsewhere (inside a string or a comment) does not split.
//   - Lines starting with "--" are comments and are sent along with the
//     statement that follows them (ClickHouse ignores them).
//   - Every statement must be idempotent (CREATE TABLE IF NOT EXISTS …), so a
//     migration interrupted half-way can simply be run again. 18.16 has no
//     ADD COLUMN IF NOT EXISTS: write "ALTER TABLE t ADD COLUMN c …" (one
//     column per statement) and the migrator treats "column already exists"
//     as already applied.
//   - Statements must run unchanged on ClickHouse 18.16 (Debian 12) and on
//     current releases: no Date32, DateTime64, Map, Bool, TTL, LowCardinality
//     or settings newer than 18.16.
//
// PostgreSQL migrations (the workflow store) live in postgres/NNNN_name.sql,
// numbered the same way. Each file runs as one script in one transaction, so
// it needs no statement splitting and no IF NOT EXISTS; plain SQL without
// extensions (openGauss and KingbaseES speak the same protocol).
package sqlfiles

import (
	"embed"
	"io/fs"
)

//go:embed clickhouse/*.sql
var clickhouseFiles embed.FS

// ClickHouse is the directory of ClickHouse migrations (0001_init.sql, …),
// rooted so that file names have no directory prefix.
var ClickHouse fs.FS = mustSub(clickhouseFiles, "clickhouse")

//go:embed postgres/*.sql
var postgresFiles embed.FS

// Postgres is the directory of PostgreSQL migrations (0001_workflow.sql, …).
var Postgres fs.FS = mustSub(postgresFiles, "postgres")

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic("sqlfiles: " + err.Error())
	}
	return sub
}
