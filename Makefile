# bounceback — build, test, bench, fuzz, demo, lint.
# `make demo` and `make test` are the two commands a fresh clone needs.

GO      ?= go
BIN     := bin/bounceback
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
PKGS    := ./...

.PHONY: all build test bench fuzz demo demo-report demo-export testdata lint clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/bounceback

# go vet, then every test with the race detector. The real-file tests read
# the corpus internal/realfit locates; they skip only when it is absent and
# CI is unset.
# The suite takes about a minute on a 2-core machine (BENCHMARKS.md); the
# timeout stops a hung test long before CI's budget.
TESTTIMEOUT ?= 4m
# The differential test (fitparse TestDifferential: every value of every
# real and generated file decoded by our decoder and by the FIT library,
# one goroutine each) checks values, not concurrency: it runs without the
# race detector, which made it 35 s of fitparse's race run.
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout=$(TESTTIMEOUT) -skip '^TestDifferential$$' $(PKGS)
	$(GO) test -count=1 -timeout=$(TESTTIMEOUT) -run '^TestDifferential$$' ./fitparse

# Benchmarks with allocation counts; results go in BENCHMARKS.md.
BENCH     ?= .
BENCHTIME ?= 1s
bench:
	$(GO) test -run='^$$' -bench='$(BENCH)' -benchmem -benchtime=$(BENCHTIME) ./fitparse ./analysis/... ./store ./cmd/bounceback

# A short fuzzing run of every fuzz target of the repo (each func FuzzXxx of
# a _test.go file), FUZZTIME each, one `go test -fuzz` per target since go
# test fuzzes one at a time (seeded from testdata and the real-file corpus).
# Each new interesting input is minimized for at most FUZZMINIMIZETIME (go
# test's default of 60s would take most of a short run).
FUZZTIME         ?= 60s
FUZZMINIMIZETIME ?= 3s
fuzz:
	@set -e; for f in $$(grep -l '^func Fuzz' $$(git ls-files '*_test.go')); do \
		for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "== $$t in ./$$(dirname $$f) for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz="^$$t\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZETIME) ./$$(dirname $$f); \
		done; \
	done

# The main job on the bundled sample block, as of the day after its race (the
# block ends on 2026-11-01; without --as-of the readiness would be today's).
# `make demo-report` also writes the HTML report to bin/block.html.
demo: build
	./$(BIN) analyze --as-of 2026-11-02 testdata/block

demo-report: build
	./$(BIN) report --as-of 2026-11-02 -o bin/block.html testdata/block
	@echo "open bin/block.html in a browser"

# The same block as Garmin Connect's account export would hold it (the
# DI_CONNECT layout: the FIT files in a nested zip, sleep, health status,
# daily summaries, Training Readiness, load and activity summaries as JSON),
# written to bin/export.zip (3 MB, generated, never committed), then the
# main job and the readiness on it.
demo-export: build
	$(GO) run ./internal/fitgen/cmd/fitgen -export bin/export.zip
	./$(BIN) analyze --as-of 2026-11-02 bin/export.zip
	./$(BIN) readiness --as-of 2026-10-11 bin/export.zip

# Regenerate the synthetic fixtures (deterministic) and the golden outputs.
testdata:
	$(GO) run ./internal/fitgen/cmd/fitgen -out testdata/block
	$(GO) test ./cmd/bounceback ./report -run . -update
	$(GO) test ./analysis -run TestSummaryVersion -update

# staticcheck at a pinned version, run through the module cache (go run
# downloads it on a fresh machine).
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)

clean:
	rm -rf bin
