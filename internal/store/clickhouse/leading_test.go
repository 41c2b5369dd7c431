package clickhouse_test

import (
	"testing"

	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingtest"
)

func TestLeadingConformance(t *testing.T) {
	leadingtest.Run(t, func(t *testing.T) leading.Store { return openStore(t) })
}
