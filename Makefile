# rtclab's front door. Every target only delegates: to scripts/ and to the CMake presets.
#   make run     install what is missing, build, serve every lab on http://localhost:8080
#   make test    install what is missing, build, run every test layer
#   make bench   the server benchmark (bench/README.md)
#   make deps | make clean | make format
SHELL := /bin/bash
# emcc's JS optimizer needs acorn, which Debian ships under /usr/share/nodejs.
export NODE_PATH := /usr/share/nodejs
HOST ?= 127.0.0.1
PORT ?= 8080
# CI builds with warnings as errors; locally warnings stay warnings.
WERROR := $(if $(CI),ON,OFF)

.PHONY: all deps native wasm build run test bench clean format

all: build

deps:
	@scripts/deps.sh

native: deps
	@cmake --preset native -DRTCLAB_WERROR=$(WERROR) > build-native-configure.log 2>&1 || { cat build-native-configure.log; exit 1; }
	@rm -f build-native-configure.log
	cmake --build --preset native

wasm: deps
	@cmake --preset wasm -DRTCLAB_WERROR=$(WERROR) > build-wasm-configure.log 2>&1 || { cat build-wasm-configure.log; exit 1; }
	@rm -f build-wasm-configure.log
	cmake --build --preset wasm

build: native wasm

run: build
	@echo "rtclab: open http://localhost:$(PORT)/ (Ctrl+C stops the server)"
	build/native/native-signaling/rtclab-server --host $(HOST) --port $(PORT) --web build/wasm/site

test: build
	scripts/in-netns.sh scripts/test.sh

bench: native
	bench/run.sh

clean:
	rm -rf build test-results

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
