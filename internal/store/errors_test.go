package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"industrydash/internal/store"
)

func TestErrorCodesMatchTheirSentinels(t *testing.T) {
	cause := errors.New("ERROR: duplicate key value violates unique constraint (SQLSTATE 23505)")
	cases := []struct {
		err  error
		is   error
		isnt []error
		text string
	}{
		{store.NotFound("read", "submission", "150203-2024-10"), store.ErrNotFound,
			[]error{store.ErrConflict, store.ErrUnavailable}, `read submission "150203-2024-10": not found`},
		{store.Conflict("put", "user", "wang", cause), store.ErrConflict,
			[]error{store.ErrNotFound}, `put user "wang": conflict: ERROR: duplicate key`},
		{&store.Error{Code: store.CodeUnavailable, Op: "ping", Err: cause}, store.ErrUnavailable,
			[]error{store.ErrConflict}, "ping: unavailable"},
	}
	for _, c := range cases {
		wrapped := fmt.Errorf("approve: %w", c.err)
		if !errors.Is(wrapped, c.is) {
			t.Errorf("%v does not match %v", c.err, c.is)
		}
		for _, n := range c.isnt {
			if errors.Is(wrapped, n) {
				t.Errorf("%v matches %v", c.err, n)
			}
		}
		if !strings.Contains(c.err.Error(), c.text) {
			t.Errorf("Error() = %q, want it to contain %q", c.err.Error(), c.text)
		}
	}
	if e, k, ok := store.Subject(fmt.Errorf("x: %w", store.NotFound("read", "user", "li"))); !ok || e != "user" || k != "li" {
		t.Errorf("Subject = %q %q %v", e, k, ok)
	}
	if !errors.Is(store.Conflict("put", "user", "wang", cause), cause) {
		t.Error("the cause is not reachable")
	}
}
