# git-llm: build, test, install. `make test` installs what it needs first (scripts/bootstrap).
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIGURATION ?= release
# A statically linked Swift runtime starts about 10 ms faster, which a git hook pays on every
# commit (bench/). Apple platforms don't support it; there the system runtime is used.
STATIC_FLAGS := $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib,)
# The commit `git llm --version` reports, short, with -dirty for uncommitted changes; empty outside
# a git checkout (then it says "unknown commit"). Package.swift hands it to the build
# (CBuildInfo), so every swift command here sees the same value.
GIT_LLM_COMMIT ?= $(shell c=$$(git rev-parse --short=7 HEAD 2>/dev/null) && { git diff --quiet HEAD -- 2>/dev/null && echo "$$c" || echo "$$c-dirty"; })
export GIT_LLM_COMMIT
VERSION := $(shell sed -n 's/.*static let current = "\(.*\)"/\1/p' Sources/GitLLM/CLI/Version.swift)
DIST_NAME := git-llm-$(VERSION)-$(shell uname -s | tr '[:upper:]' '[:lower:]')-$(shell uname -m)
# What `make install` copies and `make dist` packs: one folder, laid out by scripts/stage.
STAGE := .build/stage/$(DIST_NAME)
BIN_PATH = $$($(SWIFT) build -c $(CONFIGURATION) $(STATIC_FLAGS) --show-bin-path)

.PHONY: all build stage dist test test-dist lint format docs install uninstall bench bootstrap clean test-llm-server-start test-llm-server-stop

all: build

bootstrap:
	scripts/bootstrap

build: bootstrap
	$(SWIFT) build -c $(CONFIGURATION) $(STATIC_FLAGS) --product git-llm

# Against a real LLM server (llama-cpp-python + a tiny generated model), which scripts/run-tests
# starts first and stops afterwards, also when a test fails; plus docker/test-llm's pytest.
test: bootstrap
	SWIFT="$(SWIFT)" scripts/run-tests

# swift-format (part of the toolchain) with the committed .swift-format: `make lint` checks, CI runs
# it before the tests; `make format` rewrites the tree in place.
FORMATTED := Package.swift Sources Tests bench
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMATTED)

format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMATTED)

# docs/troubleshooting.md and docs/configuration-reference.md are generated from the code's error
# types and config schema; `make test` fails when they are stale, `make docs` rewrites them.
docs: bootstrap
	GIT_LLM_WRITE_DOCS=1 $(SWIFT) test --filter GeneratedDocsTests

# Keep the test LLM server running between `swift test` runs:
#   make test-llm-server-start && eval "$$(scripts/test-llm-server env)" && swift test
test-llm-server-start: bootstrap
	scripts/test-llm-server start

test-llm-server-stop:
	scripts/test-llm-server stop

# The release binary, its man page and completions, and the training files, laid out as they
# install (scripts/stage). generate-manual is argument-parser's tool behind its GenerateManual
# plugin, run here on the release binary itself instead of a second build of the package.
stage: build
	$(SWIFT) build -c $(CONFIGURATION) $(STATIC_FLAGS) --product generate-manual
	scripts/stage "$(BIN_PATH)/git-llm" "$(BIN_PATH)/generate-manual" "$(STAGE)"

# git turns `git llm --help` into `man git-llm`, so the man page goes in with the binary.
install: stage
	"$(STAGE)/install.sh" --prefix "$(DESTDIR)$(PREFIX)"

uninstall:
	@if [ -x "$(DESTDIR)$(PREFIX)/share/git-llm/install.sh" ]; then "$(DESTDIR)$(PREFIX)/share/git-llm/install.sh" --uninstall --prefix "$(DESTDIR)$(PREFIX)"; \
	else echo "make: no git-llm installed under $(DESTDIR)$(PREFIX)"; fi

# dist/git-llm-<version>-<os>-<arch>.tar.gz: the staged folder; unpack it and run ./install.sh.
dist: stage
	mkdir -p dist
	tar -C "$(dir $(STAGE))" -czf "dist/$(DIST_NAME).tar.gz" "$(DIST_NAME)"
	@echo "dist/$(DIST_NAME).tar.gz"

# `make dist`, unpacked and installed into a temporary prefix, then checked (scripts/test-dist).
# scripts/run-tests runs it when CI=true or GIT_LLM_TEST_DIST=1.
test-dist:
	SWIFT="$(SWIFT)" scripts/test-dist

bench: bootstrap
	bench/run

clean:
	rm -rf .build dist
