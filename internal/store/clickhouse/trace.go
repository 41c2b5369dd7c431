package clickhouse

import (
	"context"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// tracedConn reports every read statement to Config.Trace before sending
// it; everything else goes to the wrapped connection unchanged.
type tracedConn struct {
	driver.Conn
	trace func(query string, args []any)
}

func (c tracedConn) Query(ctx context.Context, query string, args ...any) (driver.Rows, error) {
	c.trace(query, args)
	return c.Conn.Query(ctx, query, args...)
}

func (c tracedConn) QueryRow(ctx context.Context, query string, args ...any) driver.Row {
	c.trace(query, args)
	return c.Conn.QueryRow(ctx, query, args...)
}

func (c tracedConn) Select(ctx context.Context, dest any, query string, args ...any) error {
	c.trace(query, args)
	return c.Conn.Select(ctx, dest, query, args...)
}

// InsertColumns returns the column list the store inserts into table
// ("observation_rows" or "leading_power"), in its insert order, or nil for
// another table. The bench inserts the same columns with clickhouse-client.
func InsertColumns(table string) []string {
	switch table {
	case "observation_rows":
		return append([]string(nil), obsColumns...)
	case "leading_power":
		return append([]string(nil), leadingPowerColumns...)
	}
	return nil
}
