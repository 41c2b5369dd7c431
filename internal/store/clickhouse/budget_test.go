package clickhouse_test

import (
	"testing"

	"industrydash/internal/budget"
	"industrydash/internal/store/storetest"
)

func TestBudgetConformance(t *testing.T) {
	storetest.RunBudget(t, func(t *testing.T) budget.Store { return openStore(t) })
}
