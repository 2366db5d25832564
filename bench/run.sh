#!/usr/bin/env bash
# `make bench`: rtclab-server against the Node `ws` baseline relay, under the same load, on
# loopback only. Builds nothing (the Makefile builds first); prints the results table and
# writes it to build/bench/results.txt. Exits non-zero on errors, never on a missed target.
#
#   bench/run.sh [extra rtclab-loadgen options, e.g. --clients 100 --idle 2000]
#   RTCLAB_NATIVE_BUILD=build/other bench/run.sh    binaries from another native build dir
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "bench: $*" >&2
  exit 1
}

# No traffic may leave the machine: run in a network namespace that has only loopback. The
# check is "lo is the only interface" (from /proc/net/dev, which, unlike /sys, follows the
# namespace), so a caller already in such a namespace is not wrapped again.
interfaces=$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' /proc/net/dev)
if [ "$interfaces" != "lo" ]; then
  [ -z "${RTCLAB_BENCH_IN_NETNS:-}" ] || fail "not isolated inside unshare -n: $interfaces"
  command -v unshare >/dev/null || fail "unshare (util-linux) is needed"
  export RTCLAB_BENCH_IN_NETNS=1
  # Without root, a user namespace (-r) grants the right to make a network namespace.
  user_namespace=$([ "$(id -u)" = 0 ] || echo -r)
  exec unshare $user_namespace -n sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

BUILD_DIR=${RTCLAB_NATIVE_BUILD:-build/native} # the native preset's binary dir
LOADGEN=$BUILD_DIR/bench/rtclab-loadgen
SERVER=$BUILD_DIR/native-signaling/rtclab-server
RESULTS_DIR=build/bench
for binary in "$LOADGEN" "$SERVER"; do
  [ -x "$binary" ] || fail "$binary is missing: build the native preset first"
done
command -v node >/dev/null || fail "node is missing: run \`make deps\`"
[ -d node_modules/ws ] || fail "node_modules/ws is missing: run \`make deps\`"

mkdir -p "$RESULTS_DIR"
# rtclab-server needs a web root; the benchmark only uses /ws, so an empty one will do.
WEB_ROOT=build/wasm/site
if [ ! -d "$WEB_ROOT" ]; then
  WEB_ROOT=$(mktemp -d)
  trap 'rmdir "$WEB_ROOT"' EXIT
fi

# rtclab-server's protective limits are raised so that the benchmark measures its code, not
# its limits: the per-connection rate limit (50/s by default) and the room and connection caps.
SERVER_COMMAND="$SERVER --host 127.0.0.1 --port 0 --web $WEB_ROOT --log-level warn \
--max-messages-per-second 1000000 --max-connections 20000 --max-rooms 20000"
BASELINE_COMMAND="node bench/node-relay/relay.mjs --host 127.0.0.1 --port 0"

status=0
{
  echo "rtclab bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs" \
    "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average" \
    "before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  "$LOADGEN" --server "rtclab-server=$SERVER_COMMAND" --server "node-ws=$BASELINE_COMMAND" \
    --log-dir "$RESULTS_DIR" "$@"
} | tee "$RESULTS_DIR/results.txt" || status=$?
echo "bench: results in $RESULTS_DIR/results.txt; server logs in $RESULTS_DIR/*.log" >&2
exit "$status"
