#!/usr/bin/env bash
# `make bench`: rtclab-server against three other servers under the same load, on loopback
# only: the PeerJS server (npm `peer`, bench/peerjs/server.mjs), the Node `ws` relay a learner
# would write (bench/node-relay/relay.mjs) and the floor, a Beast relay that forwards frames
# without reading them (rtclab-bench-floor). Each server is started fresh in turn, for
# --rounds rounds (3), and the table shows the medians. Builds nothing (the Makefile builds
# first), but installs the PeerJS server into bench/node_modules when it is missing; prints the
# results table and writes it to build/bench/results.txt. Exits non-zero on errors, never on a
# missed target. About 6 minutes with the defaults on a quiet machine, under 9 on a busy one
# (bench/README.md).
#
# Then the churn soak (rtclab-soak): SOAK_CLIENTS (1000) clients joining, relaying and leaving
# for SOAK_SECONDS (60) against a fresh rtclab-server; it exits non-zero when a relay is lost,
# duplicated, misdelivered or carries a wrong `from`.
#
#   bench/run.sh [extra rtclab-loadgen options, e.g. --clients 100 --idle 2000 --rounds 1]
#   RTCLAB_NATIVE_BUILD=build/other bench/run.sh    binaries from another native build dir
#   BENCH_ONLY=soak bench/run.sh                    only the soak (BENCH_ONLY=loadgen, =parse, =mesh,
#                                                   =client too)
#
# Then the mesh (bench/mesh/mesh.mjs): Lab 05's conference in headless Chromium with N = 2, 3,
# 4 and 6 participants (MESH_SECONDS, 15, each), and Lab 05's panel draw time
# (rtclab-bench-mesh-panel). The mesh needs the wasm build (make wasm); without it, it is skipped.
#
# Last, the browser benchmark (bench/client/client.mjs): the typed C++ API against plain
# JavaScript in one page (data-channel throughput, call setup), the labs' panel cost, sizes and
# start-up; CLIENT_RUNS (5) runs each, CLIENT_MIB (64) MiB per throughput run, capped at
# CLIENT_TIMEOUT (600) seconds. It needs the wasm build too; without it, it is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "bench: $*" >&2
  exit 1
}

# The PeerJS server, pinned in bench/package-lock.json, installed before the namespace below
# takes the registry out of reach.
if [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = loadgen ]; then
  if [ ! -d bench/node_modules/peer ]; then
    npm ci --prefix bench --no-audit --no-fund >&2 || fail "npm ci --prefix bench failed"
  fi
fi

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
SOAK=$BUILD_DIR/bench/rtclab-soak
SERVER=$BUILD_DIR/native-signaling/rtclab-server
FLOOR=$BUILD_DIR/bench/rtclab-bench-floor
RESULTS_DIR=build/bench
BENCH_ONLY=${BENCH_ONLY:-}
# Runs a part when BENCH_ONLY is empty or names it.
part() { [ -z "$BENCH_ONLY" ] || [ "$BENCH_ONLY" = "$1" ]; }
needed=("$SERVER")
part loadgen && needed+=("$LOADGEN" "$FLOOR")
part soak && needed+=("$SOAK")
for binary in "${needed[@]}"; do
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
PEERJS_COMMAND="node bench/peerjs/server.mjs --host 127.0.0.1 --port 0"
FLOOR_COMMAND="$FLOOR --host 127.0.0.1 --port 0"

# The soak holds 1,000 client sockets plus the server's: raise the soft descriptor limit (the
# programs raise their own too; this covers the shell's children).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

status=0

if part loadgen; then
  [ -d bench/node_modules/peer ] || fail "bench/node_modules/peer is missing: npm ci --prefix bench"
  {
    echo "rtclab bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs" \
      "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average" \
      "before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    "$LOADGEN" --server "rtclab-server=$SERVER_COMMAND" \
      --server "peerjs=$PEERJS_COMMAND" --dialect peerjs=peerjs \
      --server "node-ws=$BASELINE_COMMAND" \
      --server "floor=$FLOOR_COMMAND" --dialect floor=floor \
      --log-dir "$RESULTS_DIR" "$@"
  } | tee "$RESULTS_DIR/results.txt" || status=$?
  echo "bench: results in $RESULTS_DIR/results.txt; server logs in $RESULTS_DIR/*.log" >&2
fi

if part parse; then
  # The relay's parse alone, by message size: no I/O, so it needs no server and no namespace.
  PARSE_BENCH=$BUILD_DIR/bench/rtclab-bench-relay-parse
  if [ -x "$PARSE_BENCH" ]; then
    echo
    "$PARSE_BENCH" | tee "$RESULTS_DIR/relay-parse.txt" || status=$?
  fi
fi

if part soak; then
  {
    echo
    echo "rtclab soak, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before" \
      "the run: $(cut -d' ' -f1-3 /proc/loadavg), descriptor limit $(ulimit -n)"
    "$SOAK" --server "$SERVER_COMMAND" --log "$RESULTS_DIR/soak-server.log" \
      --clients "${SOAK_CLIENTS:-1000}" --seconds "${SOAK_SECONDS:-60}"
  } | tee "$RESULTS_DIR/soak.txt" || status=$?
  echo "bench: soak figures in $RESULTS_DIR/soak.txt; server log $RESULTS_DIR/soak-server.log" >&2
fi
if part mesh; then
  PANEL_BENCH=$BUILD_DIR/bench/rtclab-bench-mesh-panel
  if [ -x "$PANEL_BENCH" ]; then
    "$PANEL_BENCH" | tee "$RESULTS_DIR/mesh-panel.txt" || status=$?
  fi
  if [ -f build/wasm/site/labs/05-mesh/lab.js ]; then
    echo
    node bench/mesh/mesh.mjs --seconds "${MESH_SECONDS:-15}" --out "$RESULTS_DIR/mesh.txt" ||
      status=$?
    echo "bench: mesh figures in $RESULTS_DIR/mesh.txt" >&2
  else
    echo "bench: mesh skipped: Lab 05 is not built (make wasm)" >&2
  fi
fi
if part client; then
  if [ -f build/wasm/site/bench/client/bench.js ]; then
    echo
    timeout --kill-after=10 "${CLIENT_TIMEOUT:-600}" node bench/client/client.mjs \
      --runs "${CLIENT_RUNS:-5}" --mib "${CLIENT_MIB:-64}" --out "$RESULTS_DIR/client.txt" \
      --profile "$RESULTS_DIR" || status=$?
    echo "bench: browser figures in $RESULTS_DIR/client.txt" >&2
  else
    echo "bench: browser bench skipped: its page is not built (make wasm)" >&2
  fi
fi
exit "$status"
