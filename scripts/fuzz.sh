#!/usr/bin/env bash
# The libFuzzer targets of tests/fuzz (built by the fuzz preset into build/fuzz/tests/fuzz).
#
#   scripts/fuzz.sh run [SECONDS]    `make fuzz`: each target for SECONDS (300), one after the
#                                    other, growing build/fuzz/corpus/<target> (seeded from the
#                                    committed tests/fuzz/corpus); prints executions and coverage
#   scripts/fuzz.sh check [SECONDS]  `make test`: replay the committed corpus, then fuzz each
#                                    target SECONDS (5) into a temporary copy of it
#
# A crash, leak, UBSan finding or failed FUZZ_CHECK stops the target; its input is kept in
# build/fuzz/artifacts/<target>/ (commit it as tests/fuzz/corpus/<target>/regression-<what>).
set -uo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
FUZZERS_DIR=build/fuzz/tests/fuzz
TARGETS=(protocol_fuzzer sdp_fuzzer candidate_fuzzer http_target_fuzzer http_request_fuzzer)

fail() {
  echo "fuzz: $*" >&2
  exit 1
}

# "#N DONE cov: C ft: F corp: ..." and -print_final_stats give the figures of a run.
summarize() {
  local target=$1 log=$2
  local runs rate cov ft corp
  runs=$(awk -F': ' '/^stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  rate=$(awk -F': ' '/^stat::average_exec_per_sec/ {print $2}' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -Eo 'corp: [0-9]+/[0-9A-Za-z]+' "$log" | tail -1 | cut -d' ' -f2)
  printf '%-20s %12s execs %8s exec/s   cov %5s   ft %6s   corpus %s\n' "$target" \
    "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
}

# Runs one target; on a finding, keeps the input and shows the report.
run_target() {
  local target=$1 seconds=$2 corpus=$3 log=$4
  local artifacts=build/fuzz/artifacts/$target
  mkdir -p "$artifacts"
  "$FUZZERS_DIR/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" > "$log" 2>&1
  local status=$?
  if ((status != 0)); then
    echo "fuzz: $target FAILED (exit $status); input kept in $artifacts/, log $log:"
    grep -E -A40 'ERROR: |FUZZ_CHECK failed|runtime error|deadly signal' "$log" | head -60
  fi
  return "$status"
}

for target in "${TARGETS[@]}"; do
  [ -x "$FUZZERS_DIR/$target" ] || fail "$FUZZERS_DIR/$target is missing: build the fuzz preset"
done
mkdir -p build/fuzz/logs
failed=()

case "$mode" in
run)
  seconds=${2:-300}
  echo "fuzz: ${#TARGETS[@]} targets, $seconds s each (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for target in "${TARGETS[@]}"; do
    corpus=build/fuzz/corpus/$target
    mkdir -p "$corpus"
    cp -n tests/fuzz/corpus/"$target"/* "$corpus"/
    log=build/fuzz/logs/$target.log
    run_target "$target" "$seconds" "$corpus" "$log" || failed+=("$target")
    summarize "$target" "$log"
  done
  ;;
check)
  seconds=${2:-5}
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for target in "${TARGETS[@]}"; do
    # Replay: every committed input, including the regression inputs, once.
    log=build/fuzz/logs/$target-replay.log
    if ! "$FUZZERS_DIR/$target" -runs=0 tests/fuzz/corpus/"$target" > "$log" 2>&1; then
      echo "fuzz: $target FAILED on the committed corpus; log $log:"
      grep -E -A40 'ERROR: |FUZZ_CHECK failed|runtime error|deadly signal' "$log" | head -60
      failed+=("$target")
      continue
    fi
    cp -r tests/fuzz/corpus/"$target" "$work/$target"
    log=build/fuzz/logs/$target-check.log
    run_target "$target" "$seconds" "$work/$target" "$log" || failed+=("$target")
    summarize "$target" "$log"
  done
  ;;
*)
  fail "usage: scripts/fuzz.sh run [SECONDS] | check [SECONDS]"
  ;;
esac

if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz: ok"
