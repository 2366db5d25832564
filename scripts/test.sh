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
  if "$@"; then
    echo "=== $name: ok"
    passed=$((passed + 1))
  else
    echo "=== $name: FAILED"
    failed+=("$name")
  fi
}

step "native unit + server tests (ctest)" ctest --preset native --timeout 120
step "wasm unit tests under node (ctest)" ctest --preset wasm --timeout 120
step "docs (README quotes match the code)" node --test tests/docs/
step "browser tests (headless Chromium)" node --test --test-concurrency=1 tests/e2e/

echo
if ((${#failed[@]})); then
  echo "make test: FAILED: ${failed[*]}"
fi
echo "layers: $passed passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
