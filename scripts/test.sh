#!/usr/bin/env bash
# Every test layer, in order from fastest to slowest. Run through scripts/in-netns.sh (make test).
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
passed=0
step() {
  local name=$1
  shift
  echo
  echo "=== $name"
  local started=$SECONDS
  if "$@"; then
    echo "=== $name: ok ($((SECONDS - started)) s)"
    passed=$((passed + 1))
  else
    echo "=== $name: FAILED ($((SECONDS - started)) s)"
    failed+=("$name")
  fi
}

# The server tests again, against the ASan + UBSan build. Every report (a memory error, UB, a
# leak at exit) goes to a file in build/native-asan/sanitizer-logs, so a finding fails the step
# even when the test itself passed (UBSan continues after reporting).
sanitized_server_tests() {
  local logs=build/native-asan/sanitizer-logs
  rm -rf "$logs" && mkdir -p "$logs"
  ASAN_OPTIONS="log_path=$PWD/$logs/asan:detect_leaks=1" \
    UBSAN_OPTIONS="log_path=$PWD/$logs/ubsan:print_stacktrace=1" \
    ctest --preset native-asan --timeout 120 || return 1
  if compgen -G "$logs/*" > /dev/null; then
    echo "sanitizer reports:"
    head -50 "$logs"/*
    return 1
  fi
}

step "native unit + server tests (ctest)" ctest --preset native --timeout 120
step "server tests under ASan + UBSan (ctest, native-asan)" sanitized_server_tests
step "fuzz targets: corpus replay + 5 s each (scripts/fuzz.sh)" scripts/fuzz.sh check 5
step "wasm unit tests under node (ctest)" ctest --preset wasm --timeout 120
step "docs (README quotes match the code)" node --test tests/docs/
# Every lab's browser tests, written once against Module.labState / Module.labAction, on each
# browser in turn (tests/e2e/harness.mjs launchBrowser); the Chromium pass also runs the calls
# that put both browsers in one room (mixed-browsers.test.mjs).
step "browser tests (headless Chromium)" env RTCLAB_BROWSER=chromium \
  node --test --test-concurrency=1 tests/e2e/
step "browser tests (Firefox ESR)" env RTCLAB_BROWSER=firefox \
  node --test --test-concurrency=1 tests/e2e/

echo
if ((${#failed[@]})); then
  echo "make test: FAILED: ${failed[*]}"
fi
echo "layers: $passed passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
