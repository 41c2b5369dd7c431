# Shortcuts for the project's scripts; each target is one command.
#   make run                    start the server (embedded store, ./data)
#   make test                   every test, then brief fuzzing (FUZZTIME=10s per target)
#   make bench [SCALE=small]    ingest, overview and API figures (key=value lines at the end)
#   make fuzz [FUZZTIME=30s]    fuzz every parser for FUZZTIME each

SCALE ?= default
FUZZTIME ?= 10s

.PHONY: run test bench fuzz

run:
	./scripts/run.sh

test:
	./scripts/test.sh

bench:
	scripts/ensure-clickhouse.sh
	scripts/ensure-zookeeper.sh
	scripts/ensure-wrk.sh
	go run ./bench -scale $(SCALE)

fuzz:
	./scripts/fuzz.sh $(FUZZTIME)
