package pgtest_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/testenv/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestDatabasesAreSeparate checks that each test gets its own empty,
// writable database on a real server.
func TestDatabasesAreSeparate(t *testing.T) {
	ctx := context.Background()
	var names []string
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			dsn := pgtest.NewDatabase(t)
			conn, err := pgx.Connect(ctx, dsn)
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			defer conn.Close(ctx)
			var db string
			if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
				t.Fatal(err)
			}
			names = append(names, db)
			if _, err := conn.Exec(ctx, "CREATE TABLE x (id int PRIMARY KEY)"); err != nil {
				t.Fatalf("create table in a fresh database: %v", err)
			}
		})
	}
	if len(names) == 2 && names[0] == names[1] {
		t.Fatalf("both subtests got database %s", names[0])
	}
}
