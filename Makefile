# fixflow: make run · make test · make build · make bench
GO        ?= go
WASM      := web/app.wasm
BIN       := bin/fixflow
HELPER    := bin/fixflow-graphviz
GOFLAGS_REL := -trimpath -ldflags='-s -w'
# The browser tests are behind this build tag: plain `go test ./...` runs the
# rest, anywhere, without browsers or a build; make test sets it.
TESTTAGS  := browser
SOURCES   := $(shell find app components content cmd internal -name '*.go' -not -name '*_test.go') $(wildcard content/guides/*.json content/images/*) go.mod go.sum
EMBED_SRC := $(shell find web/embed -name '*.js') $(filter-out %_test.go,$(wildcard internal/embedproto/*.go))

.PHONY: run build test bench deps check fuzz clean

## run: build the wasm and serve the default guide at http://localhost:8080 (counts into ./data/stats.db; /stats shows them)
run: build
	./$(BIN) serve

## build: embed.js, the wasm (with .br and .gz copies), the fixflow binary and its Graphviz helper (graph --format svg)
build: web/embed.js $(BIN) $(HELPER) $(WASM)

# embed.js is assembled from its readable sources in web/embed/ (and
# committed, so that a fresh clone serves it; a test checks it is current).
web/embed.js: $(EMBED_SRC)
	$(GO) generate ./internal/embedproto

$(BIN): $(SOURCES)
	$(GO) build -trimpath -o $@ ./cmd/fixflow

$(HELPER): $(SOURCES)
	$(GO) build -trimpath -o $@ ./cmd/fixflow-graphviz

$(WASM): $(SOURCES) $(BIN)
	GOOS=js GOARCH=wasm $(GO) build $(GOFLAGS_REL) -o $@ ./cmd/wasm
	./$(BIN) precompress $@

## deps: install what the tests need (Debian chromium, WebKitWebDriver, Xvfb, postgresql, axe-core, staticcheck)
deps:
	bash scripts/deps.sh

## check: formatting, vet, staticcheck (with and without the browser tests, and the bench module), the shipped guides lint clean and pass their scenarios (content/tests)
check: $(BIN)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags $(TESTTAGS) ./...
	$(GO) -C bench vet ./...
	PATH="$$PATH:$$($(GO) env GOPATH)/bin" staticcheck ./...
	PATH="$$PATH:$$($(GO) env GOPATH)/bin" staticcheck -tags $(TESTTAGS) ./...
	cd bench && PATH="$$PATH:$$($(GO) env GOPATH)/bin" staticcheck ./...
	./$(BIN) lint
	./$(BIN) test

## fuzz: short fuzz runs of the decoder, the markup parser, the state codec and its recovery, the server and its stats batches
# Each target runs a count of inputs (about 10 s on 2 cores), not a duration:
# a -fuzztime duration can fail at its deadline with "context deadline
# exceeded" and no failing input (golang/go#75804, fixed in Go 1.27; seen
# here under load). FUZZTIME=60s make fuzz runs each for a duration instead.
fuzz1 = $(GO) test -run='^$$' -fuzz='^$(1)$$' -fuzztime=$(or $(FUZZTIME),$(2)) -fuzzminimizetime=100x $(3)
fuzz:
	$(call fuzz1,FuzzParse,30000x,./content/lint)
	$(call fuzz1,FuzzScenario,120000x,./content/lint)
	$(call fuzz1,FuzzParseInline,150000x,./app)
	$(call fuzz1,FuzzUnmarshalFlow,100000x,./content)
	$(call fuzz1,FuzzDecode,150000x,./app)
	$(call fuzz1,FuzzRecover,150000x,./app)
	$(call fuzz1,FuzzWalk,80000x,./app)
	$(call fuzz1,FuzzServeHTTP,6000x,./internal/site)
	$(call fuzz1,FuzzDecodeBatch,10000x,./internal/site)

## test: everything, browsers and a PostgreSQL server included (installs what it needs first;
## the store's tests use $$FIXFLOW_TEST_POSTGRES, else a throwaway server scripts/postgres.sh starts)
test: deps build check
	bash scripts/postgres.sh run $(GO) test -count=1 -tags $(TESTTAGS) ./...
	$(MAKE) --no-print-directory fuzz

## bench: sizes, page loads, transitions and server throughput; writes
## bench/results/latest.json (not committed: the README's Performance section
## keeps a dated summary). The bench is a module of its own (bench/go.mod).
bench: build
	bash scripts/deps.sh --bench
	$(GO) -C bench build -o ../bin/bench .
	./bin/bench

clean:
	rm -rf bin $(WASM) $(WASM).br $(WASM).gz
