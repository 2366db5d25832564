# rtclab's front door. Every target only delegates: to scripts/ and to the CMake presets.
#   make run     install what is missing, build, serve every lab on http://localhost:8080, with
#                coturn on 127.0.0.1:3478 for STUN and TURN (scripts/run.sh; TURN_PORT to move it)
#   make run-tls the same over https on every address (port 8443), for a phone or a laptop on
#                the LAN; the certificate is made on first use in .cache/tls (docs/security.md);
#                coturn stays on 127.0.0.1
#   make test    install what is missing, build, run every test layer
#   make bench   the server benchmark, the 60 s churn soak, the mesh benchmark and the browser
#                benchmark of the typed C++ API against plain JavaScript (bench/README.md)
#   make fuzz    each libFuzzer target for FUZZ_SECONDS (300) (docs/testing.md)
#   make deps | make clean | make format
SHELL := /bin/bash
# emcc's JS optimizer needs acorn, which Debian ships under /usr/share/nodejs.
export NODE_PATH := /usr/share/nodejs
HOST ?= 127.0.0.1
PORT ?= 8080
TLS_HOST ?= 0.0.0.0
TLS_PORT ?= 8443
# CI builds with warnings as errors; locally warnings stay warnings.
WERROR := $(if $(CI),ON,OFF)
FUZZ_SECONDS ?= 300

.PHONY: all deps native wasm build asan fuzz-build run run-tls test fuzz bench clean format

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

# For make test: only the server and its integration tests, with ASan + UBSan.
asan: deps
	@cmake --preset native-asan -DRTCLAB_WERROR=$(WERROR) > build-asan-configure.log 2>&1 || { cat build-asan-configure.log; exit 1; }
	@rm -f build-asan-configure.log
	cmake --build --preset native-asan --target rtclab-server server_tests

fuzz-build: deps
	@cmake --preset fuzz -DRTCLAB_WERROR=$(WERROR) > build-fuzz-configure.log 2>&1 || { cat build-fuzz-configure.log; exit 1; }
	@rm -f build-fuzz-configure.log
	cmake --build --preset fuzz

run: build
	@echo "rtclab: open http://localhost:$(PORT)/ (Ctrl+C stops the server and coturn)"
	scripts/run.sh --host $(HOST) --port $(PORT) --web build/wasm/site

# getUserMedia needs a secure context, which only localhost is over http: LAN devices need https.
run-tls: build
	@echo "rtclab: https on port $(TLS_PORT) for this machine and the LAN (Ctrl+C stops the server);"
	@echo "        accept the self-signed certificate once per device, after comparing its fingerprint;"
	@echo "        coturn stays on 127.0.0.1: only this machine's browser can use it (LAN devices get no relay)"
	scripts/run.sh --tls --host $(TLS_HOST) --port $(TLS_PORT) --web build/wasm/site

test: build asan fuzz-build
	scripts/in-netns.sh scripts/test.sh

fuzz: fuzz-build
	scripts/fuzz.sh run $(FUZZ_SECONDS)

bench: native wasm
	bench/run.sh

clean:
	rm -rf build test-results

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
