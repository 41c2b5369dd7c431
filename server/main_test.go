package main

import (
	"encoding/json"
	"os"
	"testing"

	"industrydash/internal/testenv/chtest"
	"industrydash/internal/testenv/pgtest"
)

// childEnv, when set, makes the test binary act as the server command with
// the JSON-encoded arguments it holds, so tests can run several real server
// processes (and `server user add`) without building a binary.
const childEnv = "INDUSTRYDASH_TEST_SERVER_ARGS"

func TestMain(m *testing.M) {
	if raw := os.Getenv(childEnv); raw != "" {
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			os.Stderr.WriteString("bad " + childEnv + ": " + err.Error() + "\n")
			os.Exit(2)
		}
		os.Exit(run(args, os.Stdout, os.Stderr))
	}
	code := m.Run()
	pgtest.Shutdown()
	chtest.Shutdown()
	os.Exit(code)
}
