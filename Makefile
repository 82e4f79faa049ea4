# DynamoFS: `make run` mounts a working file system; `make test` runs every test.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
PUBLISH_DIR := artifacts/cli
PREFIX ?= /usr/local
MNT ?= $(CURDIR)/mnt
URL ?= local:demo
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: all setup build install uninstall test run stop bench bench-protocol clean

all: build

setup:
	@bash scripts/setup.sh

# ./bin/dynamofs: the CLI, published framework-dependent into artifacts/cli.
build: setup
	$(DOTNET) publish src/DynamoFS.Cli/DynamoFS.Cli.csproj -c $(CONFIG) -o $(PUBLISH_DIR) --nologo -v quiet
	@mkdir -p bin
	@ln -sf ../$(PUBLISH_DIR)/dynamofs bin/dynamofs
	@echo "built ./bin/dynamofs"

install: build
	install -d $(DESTDIR)$(PREFIX)/lib/dynamofs $(DESTDIR)$(PREFIX)/bin $(DESTDIR)/sbin
	cp -a $(PUBLISH_DIR)/. $(DESTDIR)$(PREFIX)/lib/dynamofs/
	ln -sf $(PREFIX)/lib/dynamofs/dynamofs $(DESTDIR)$(PREFIX)/bin/dynamofs
	ln -sf $(PREFIX)/lib/dynamofs/dynamofs $(DESTDIR)/sbin/mount.fuse.dynamofs
	ln -sf $(PREFIX)/lib/dynamofs/dynamofs $(DESTDIR)/sbin/mount.fuse.dynamo
	@echo "installed $(PREFIX)/bin/dynamofs (and the mount helpers /sbin/mount.fuse.dynamofs, /sbin/mount.fuse.dynamo)"

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/lib/dynamofs $(DESTDIR)$(PREFIX)/bin/dynamofs $(DESTDIR)/sbin/mount.fuse.dynamofs $(DESTDIR)/sbin/mount.fuse.dynamo

# The whole test suite: unit, protocol, storage and real-mount tests against DynamoDB Local.
test: setup
	@bash scripts/test.sh

# Set up, format local:demo if needed, mount it at ./mnt in the background and show it working.
run: build
	@bash scripts/run-demo.sh "$(URL)" "$(MNT)"

stop:
	-./bin/dynamofs umount "$(MNT)"

# Protocol layer against libfuse (docs/BENCHMARKS.md).
bench-protocol: setup
	$(DOTNET) run -c Release --project bench/DynamoFS.Benchmarks -- protocol

bench: bench-protocol

clean:
	$(DOTNET) clean -v quiet --nologo || true
	rm -rf artifacts bin
