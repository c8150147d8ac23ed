# make install [PREFIX=/usr/local] [DESTDIR=] [CONFIGURATION=release] [SCRATCH=.build]
# Builds memline with the Swift runtime linked in (--static-swift-stdlib), so the installed binary runs without the
# toolchain on the library path, and copies it to $(DESTDIR)$(PREFIX)/bin. It needs only libc, libstdc++, libsqlite3, zlib.

PREFIX ?= /usr/local
CONFIGURATION ?= release
SCRATCH ?= .build
SWIFT ?= swift
# Apple platforms ship the Swift runtime with the OS (and refuse to link it statically).
STATIC = $(if $(filter Darwin,$(shell uname -s)),,--static-swift-stdlib)
BUILD_FLAGS = -c $(CONFIGURATION) $(STATIC) --product memline --scratch-path $(SCRATCH)

.PHONY: build install uninstall

build:
	$(SWIFT) build $(BUILD_FLAGS)

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 "$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)/memline" "$(DESTDIR)$(PREFIX)/bin/memline"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/memline"
