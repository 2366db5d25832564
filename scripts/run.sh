#!/usr/bin/env bash
# make run / make run-tls: coturn on 127.0.0.1 for STUN and TURN, then rtclab-server with the
# secret they share, so each participant's `joined` carries TURN credentials of its own
# (docs/signaling-protocol.md). coturn stops when the server does (Ctrl+C, or SIGTERM to this
# script). Without turnserver, or with its port taken, it says why in one line and serves
# without TURN.
#   scripts/run.sh RTCLAB_SERVER_ARGS...       (TURN_PORT, default 3478)
set -euo pipefail
cd "$(dirname "$0")/.."

server=build/native/native-signaling/rtclab-server
turn_dir=.cache/turn
turn_port=${TURN_PORT:-3478}
turn_pid=
server_pid=

port_in_use() { # UDP or TCP on 127.0.0.1:$1 (or on every address) already bound?
  [ -n "$(ss -Hlnut "( sport = :$1 )" 2>/dev/null)" ]
}

stop_turn() {
  if [ -n "$turn_pid" ] && kill -0 "$turn_pid" 2>/dev/null; then
    kill -TERM "$turn_pid" 2>/dev/null || true
    wait "$turn_pid" 2>/dev/null || true
    echo "rtclab: coturn stopped"
  fi
  turn_pid=
}
trap stop_turn EXIT

turn_flags=()
start_turn() {
  if ! command -v turnserver > /dev/null; then
    echo "rtclab: no TURN: turnserver (Debian's coturn) is not installed; run make deps. Serving without it."
    return
  fi
  if port_in_use "$turn_port"; then
    echo "rtclab: no TURN: port $turn_port is already in use on this machine (another coturn?). Serving without it."
    return
  fi
  local config
  config=$(scripts/turn-config.sh "$turn_dir" "$turn_port" 49160 49200)
  # Its own stdin; a background job of this script ignores SIGINT, so stop_turn stops it.
  turnserver -c "$config" < /dev/null > /dev/null 2>&1 &
  turn_pid=$!
  for _ in $(seq 50); do # up to 5 s for both listeners
    if [ -n "$(ss -Hlnu "( sport = :$turn_port )")" ] && [ -n "$(ss -Hlnt "( sport = :$turn_port )")" ]; then
      break
    fi
    if ! kill -0 "$turn_pid" 2>/dev/null; then
      echo "rtclab: no TURN: turnserver exited at start (see $turn_dir/turnserver.log). Serving without it."
      turn_pid=
      return
    fi
    sleep 0.1
  done
  if ! port_in_use "$turn_port"; then
    echo "rtclab: no TURN: turnserver did not listen on 127.0.0.1:$turn_port within 5 s (see $turn_dir/turnserver.log). Serving without it."
    stop_turn
    return
  fi
  echo "rtclab: coturn on 127.0.0.1:$turn_port (STUN and TURN, UDP and TCP; log: $turn_dir/turnserver.log)"
  turn_flags=(--turn-secret-file "$turn_dir/secret"
              --turn-url "stun:127.0.0.1:$turn_port"
              --turn-url "turn:127.0.0.1:$turn_port?transport=udp"
              --turn-url "turn:127.0.0.1:$turn_port?transport=tcp")
}

start_turn
"$server" "$@" "${turn_flags[@]}" &
server_pid=$!
# Ctrl+C reaches this script (the server, a background job, ignores SIGINT): pass it on as the
# SIGTERM the server stops cleanly on, then stop coturn once the server is gone.
trap 'kill -TERM "$server_pid" 2>/dev/null || true' INT TERM
status=0
wait "$server_pid" || status=$?
if kill -0 "$server_pid" 2>/dev/null; then # the wait was cut short by the signal
  status=0
  wait "$server_pid" || status=$?
fi
exit "$status"
