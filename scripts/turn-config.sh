#!/usr/bin/env bash
# Writes coturn's configuration for rtclab into DIR: STUN and TURN on 127.0.0.1 only, with
# time-limited credentials (use-auth-secret) made by rtclab-server from the secret in DIR/secret.
#   scripts/turn-config.sh DIR LISTEN_PORT MIN_RELAY_PORT MAX_RELAY_PORT
# Used by scripts/run.sh (make run) and tests/e2e/harness.mjs (startTurn), so both run the same
# coturn. The secret is made once (kept across runs, so credentials a running page holds stay
# good after a restart); both files are 0600 and the secret never appears on a command line.
# Prints the configuration file's path.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 DIR LISTEN_PORT MIN_RELAY_PORT MAX_RELAY_PORT" >&2
  exit 2
fi
dir=$1 listen_port=$2 min_port=$3 max_port=$4
umask 077
mkdir -p "$dir"
chmod 700 "$dir"
if [ ! -s "$dir/secret" ]; then
  # 32 random bytes as hex: no character coturn's config parser or a shell would treat specially.
  od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$dir/secret"
fi
chmod 600 "$dir/secret"

config="$dir/turnserver.conf"
cat > "$config" <<CONF
# Written by scripts/turn-config.sh: coturn for rtclab, on loopback only (docs/security.md).
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$listen_port
min-port=$min_port
max-port=$max_port
# TURN REST credentials: username "<expiry>:<peer id>", password base64(HMAC-SHA1(secret,
# username)), made by rtclab-server (--turn-secret-file) and checked here without a user list.
use-auth-secret
static-auth-secret=$(cat "$dir/secret")
realm=rtclab
# The labs' peers are on 127.0.0.1 too; coturn refuses loopback peers unless told otherwise.
allow-loopback-peers
no-multicast-peers
no-tls
no-dtls
no-cli
# One listening address: no RFC 5780 NAT discovery (it needs a second one).
no-rfc5780
no-software-attribute
# Verbose logs each allocation with its username (so with the peer id and expiry), in one file.
verbose
log-file=$dir/turnserver.log
simple-log
no-stdout-log
pidfile=$dir/turnserver.pid
CONF
chmod 600 "$config"
echo "$config"
