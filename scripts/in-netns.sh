#!/usr/bin/env bash
# Runs a command inside a fresh network namespace whose only interface is loopback, so servers,
# browsers and load generators under test can reach 127.0.0.1 and nothing else.
set -euo pipefail
if [ "${RTCLAB_IN_NETNS:-}" = 1 ]; then
  exec "$@"
fi
exec unshare --net -- bash -c 'ip link set lo up && RTCLAB_IN_NETNS=1 exec "$@"' in-netns "$@"
