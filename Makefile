# git-llm: build, test, install. `make test` installs what it needs first (scripts/bootstrap).
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIGURATION ?= release

.PHONY: all build test install uninstall bench bootstrap clean completions

all: build

bootstrap:
	scripts/bootstrap

build: bootstrap
	$(SWIFT) build -c $(CONFIGURATION) --product git-llm

test: bootstrap
	$(SWIFT) build --product git-llm
	$(SWIFT) test

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/git-llm" "$(DESTDIR)$(PREFIX)/bin/git-llm"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/git-llm; run: git llm --version"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/git-llm"

bench: bootstrap
	bench/run

clean:
	rm -rf .build
