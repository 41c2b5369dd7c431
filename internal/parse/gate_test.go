package parse_test

import (
	"context"
	"errors"
	"testing"

	"industrydash/internal/parse"
)

func TestGateCapsParses(t *testing.T) {
	g := parse.NewGate(2, 1)
	ctx := context.Background()
	r1, err := g.Enter(ctx, "a", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Enter(ctx, "a", 0); !errors.Is(err, parse.ErrBusy) {
		t.Errorf("a second parse of one user: %v, want ErrBusy", err)
	}
	r2, err := g.Enter(ctx, "b", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Enter(ctx, "c", 0); !errors.Is(err, parse.ErrBusy) {
		t.Errorf("a third parse over the global cap: %v, want ErrBusy", err)
	}
	r1()
	r1() // releasing twice frees one slot only
	r3, err := g.Enter(ctx, "c", 0)
	if err != nil {
		t.Fatalf("a slot freed: %v", err)
	}
	if _, err := g.Enter(ctx, "d", 0); !errors.Is(err, parse.ErrBusy) {
		t.Errorf("double release freed two slots: %v", err)
	}
	r2()
	r3()
}
