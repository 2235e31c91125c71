# WebSocket Sample — the commands README names.
#
#   make run      build and start the app (ARGS="..." passes flags to it)
#   make test     everything CI checks: gofmt, vet, race tests, real-window smoke test, package,
#                 and the packaged Windows .exe run under Wine
#
# Both first install any missing system packages (scripts/deps.sh; Debian/Ubuntu
# via apt-get, sudo when not root; elsewhere it prints what to install).
# Go settings come from your environment (GOFLAGS, GOCACHE, …); nothing here
# overrides them.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO ?= go
ARGS ?=
BIN := bin/wssample
TEST_TIMEOUT ?= 20m
# Extra flags for `go test` in `make test`, e.g. TESTFLAGS=-v or TESTFLAGS='-run Smoke'.
TESTFLAGS ?=

# System packages, by Debian/Ubuntu name.
#   build:   cgo + OpenGL/X11 headers for Fyne's GLFW driver (go-gl uses pkg-config)
#   package: + xz for the .tar.xz that `fyne package` writes
#   test:    + a virtual X server, its software OpenGL, window poking and screenshots
DEPS_BUILD := gcc pkg-config libgl1-mesa-dev xorg-dev
DEPS_PACKAGE := $(DEPS_BUILD) xz-utils
#   release: + the mingw-w64 cross compiler for the Windows .exe
DEPS_RELEASE := $(DEPS_PACKAGE) gcc-mingw-w64-x86-64
DEPS_TEST := $(DEPS_RELEASE) xvfb xauth libgl1-mesa-dri xdotool imagemagick
#   test, the Windows smoke: Debian's Wine (8.0 on Debian 12; 64-bit only) and
#   xclip, to read what the app copied
DEPS_TEST += wine wine64 xclip

step = @printf '\n==> %s  [%s]\n' "$(1)" "$$(date +%T)"

.PHONY: help deps deps-build deps-package deps-test deps-release run build test fmt-check vet \
	gotest staticcheck check-node check-peers check-clients package package-windows release smoke-package smoke-windows bench soak screenshots icon clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 24

deps: deps-test ## install every missing system package (build + package + test)

deps-build:
	@scripts/deps.sh $(DEPS_BUILD)

deps-package:
	@scripts/deps.sh $(DEPS_PACKAGE)

deps-test:
	@scripts/deps.sh $(DEPS_TEST)

deps-release:
	@scripts/deps.sh $(DEPS_RELEASE)

run: deps-build ## build and run the app: make run ARGS="-uri ws://…"
	$(GO) run . $(ARGS)

build: deps-build ## build bin/wssample
	$(GO) build -o $(BIN) .

test: deps-test ## gofmt, vet, staticcheck, go test -race (incl. the real-window smoke test), release packages, the .exe under Wine
	$(call step,gofmt check)
	@$(MAKE) fmt-check
	$(call step,go vet ./...)
	@$(MAKE) vet
	$(call step,staticcheck ./...)
	@$(MAKE) staticcheck
	$(call step,go test -race -count=1 -timeout $(TEST_TIMEOUT) ./...)
	@$(MAKE) gotest
	$(call step,the checker's full run against the built-in /echo over ws and wss, every case, without -race (about 3 minutes))
	@$(MAKE) check-full
	$(call step,make release: the Linux package and the Windows .exe)
	@$(MAKE) release
	$(call step,smoke test of the packaged binary)
	@$(MAKE) smoke-package
	$(call step,the Windows .exe under Wine)
	@$(MAKE) smoke-windows
	@printf '\n==> make test: all steps passed  [%s]\n' "$$(date +%T)"

fmt-check:
	@files=$$(gofmt -l $$(find . -name '*.go' -not -path './.git/*' -not -path './bin/*' -not -path '*/node_modules/*')); \
	if [[ -n $$files ]]; then echo "gofmt needed (run: gofmt -w <file>) on:"; echo "$$files"; exit 1; fi; \
	echo "gofmt: ok"

vet:
	$(GO) vet ./...

# staticcheck is pinned in go.mod as a tool (go tool staticcheck), like the fyne CLI.
staticcheck:
	$(GO) tool staticcheck ./...

gotest:
	$(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) $(TESTFLAGS) ./...

package: deps-package ## dist/WebSocket Sample.tar.xz via `go tool fyne package -os linux`
	@scripts/package.sh

# The binary inside the tarball is built by `fyne package` (metadata injected),
# not by `go build`: run the same real-window smoke test against it.
# scripts/package.sh leaves the tarball unpacked in dist/pkgcheck.
smoke-package:
	@bin=$$(find dist/pkgcheck -path '*/bin/wssample' -type f 2>/dev/null | head -n1); \
	if [[ -z $$bin ]]; then echo "no packaged binary in dist/pkgcheck: run make package first" >&2; exit 1; fi; \
	echo "WSSAMPLE_BINARY=$$bin $(GO) test -count=1 -run '^TestSmoke' ."; \
	WSSAMPLE_BINARY="$(CURDIR)/$$bin" $(GO) test -count=1 -run '^TestSmoke' .

# The packaged Windows .exe, run under Wine on Xvfb through the same driver
# (TestSmokeWindows in smoke_wine_test.go): about a minute.
smoke-windows: ## run dist/WebSocket Sample.exe under Wine (make package-windows first)
	@exe="dist/WebSocket Sample.exe"; \
	if [[ ! -f $$exe ]]; then echo "no $$exe: run make package-windows first" >&2; exit 1; fi; \
	echo "WSSAMPLE_WINDOWS_EXE=\"$$exe\" $(GO) test -count=1 -run '^TestSmokeWindows$$' ."; \
	WSSAMPLE_WINDOWS_EXE="$(CURDIR)/$$exe" $(GO) test -count=1 -timeout 10m -run '^TestSmokeWindows$$' .

package-windows: deps-release ## dist/WebSocket Sample.exe, cross-built from Linux
	@scripts/package.sh windows

release: ## both packages: the Linux .tar.xz and the Windows .exe (versions from FyneApp.toml)
	$(call step,Linux package)
	@$(MAKE) package
	$(call step,Windows package)
	@$(MAKE) package-windows
	@printf '\n==> release: dist/ holds\n'; ls -l dist/*.tar.xz dist/*.exe

bench: ## interleaved throughput vs raw TCP, raw TLS and Node ws; 1 GiB SendFile and memory; idle CPU; Stop latency; the server under 1-256 clients vs Node ws and gorilla (about 10 min; ARGS=load: that alone)
	@bash scripts/bench.sh $(ARGS)

.PHONY: check-full
CHECK_FULL ?= all
check-full: ## the checker's full run, Autobahn's 517 cases and its own, against the built-in /echo over ws and wss, each verdict as expected (no -race: compression is ten times slower with it; CHECK_FULL=light leaves out 12/13's 84 heaviest)
	WSSAMPLE_FULL_CHECK=$(CHECK_FULL) $(GO) test -count=1 -timeout $(TEST_TIMEOUT) -run '^TestBuiltinFullRun$$' -v ./conformance/ | grep -Ev '^=== '

check-node: ## wssample fuzzingclient (Autobahn's spec and reports) against npm's ws echo, index.json read back as CI does (installs Node/ws when missing)
	@bash scripts/check-node.sh

check-peers: ## the same against npm ws, Python websockets and gorilla/websocket, each its own agent; fails on a FAILED not explained (CASES=, EXCLUDE=)
	@bash scripts/check-peers.sh $(ARGS)

check-clients: ## the fuzzing server against independent clients, npm's ws and Python's websockets, every case; fails on a FAILED not explained (CASES='1.*,C.*' for a quick run)
	@bash scripts/check-clients.sh $(ARGS)

soak: ## the long soak: 1,000 Start/Stop cycles of each client type, 256 clients streaming; the server flooded by 1,000 and 5,000 silent connections, 256 clients of bench/load (about a minute)
	WSSAMPLE_SOAK=1 $(GO) test -race -count=1 -timeout 10m -run Soak -v ./wsclient/ ./sampleserver/ ./bench/load/

.PHONY: mutate fuzz
mutate: ## mutation testing of wsframe, wsclient, sampleserver, conformance: each package's score and surviving mutants (one schema binary a package: wsframe ~2 min, sampleserver ~15, wsclient ~30, conformance ~3 h with one worker, 20–45 min with MUTATE_WORKERS=6, its tests mostly wait on sockets; MUTATE_DIFF=main: changed lines only)
	@bash scripts/mutate.sh

fuzz: ## run every fuzz target for FUZZTIME each (default 20s), not only its seeds
	@bash scripts/fuzz.sh

screenshots: deps-test ## docs/screenshot-*.png, README's pictures, from the real app under Xvfb
	@scripts/screenshot.sh

icon: ## re-render assets/icon.png from assets/icon.svg (needs rsvg-convert: librsvg2-bin)
	@scripts/deps.sh librsvg2-bin
	rsvg-convert -w 1024 -h 1024 assets/icon.svg -o assets/icon.png

clean: ## remove build output
	rm -rf bin dist
