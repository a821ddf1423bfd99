# git-llm: build, test, install. `make test` installs what it needs first (scripts/bootstrap).
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIGURATION ?= release
# A statically linked Swift runtime starts about 10 ms faster, which a git hook pays on every
# commit (bench/). Apple platforms don't support it; there the system runtime is used.
STATIC_FLAGS := $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib,)

.PHONY: all build test lint format docs install uninstall bench bootstrap clean completions test-llm-server-start test-llm-server-stop

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

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$$($(SWIFT) build -c $(CONFIGURATION) $(STATIC_FLAGS) --show-bin-path)/git-llm" "$(DESTDIR)$(PREFIX)/bin/git-llm"
	@# git turns `git llm --help` into `man git-llm`, so install the page argument-parser generates.
	@if $(SWIFT) package --allow-writing-to-package-directory generate-manual >/dev/null 2>&1; then \
	  install -d "$(DESTDIR)$(PREFIX)/share/man/man1"; \
	  install -m 0644 .build/plugins/GenerateManual/outputs/git-llm/git-llm.1 "$(DESTDIR)$(PREFIX)/share/man/man1/git-llm.1"; \
	else echo "make: man page not generated (swift package generate-manual failed); git llm <command> -h still works"; fi
	@# The training image's inputs, which `git llm finetune run` builds from (docs/finetune.md).
	install -d "$(DESTDIR)$(PREFIX)/share/git-llm/docker/finetune/wheels"
	install -m 0644 docker/fine-tuning.Dockerfile docker/compose.yaml "$(DESTDIR)$(PREFIX)/share/git-llm/docker/"
	install -m 0644 $(filter-out docker/finetune/test_%,$(wildcard docker/finetune/*.py)) docker/finetune/requirements.txt \
	  docker/finetune/requirements-gpu.txt docker/finetune/requirements-convert.txt "$(DESTDIR)$(PREFIX)/share/git-llm/docker/finetune/"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/git-llm; run: git llm --version"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/git-llm" "$(DESTDIR)$(PREFIX)/share/man/man1/git-llm.1"
	rm -rf "$(DESTDIR)$(PREFIX)/share/git-llm"

bench: bootstrap
	bench/run

clean:
	rm -rf .build
