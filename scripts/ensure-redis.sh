#!/usr/bin/env bash
# Makes sure Debian's redis-server is installed for the tests that share state through Redis (the
# tests start their own server on a free loopback port; nothing is left running). Idempotent: a
# no-op when it is already there. Needs root for apt-get (CI and dev machines run as root).
set -euo pipefail
ONES_REDIS_SERVER="${ONES_REDIS_SERVER:-redis-server}"
if command -v "$ONES_REDIS_SERVER" >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-redis: $ONES_REDIS_SERVER missing; installing Debian's redis-server" >&2
if [ "$(id -u)" != "0" ]; then
  echo "ensure-redis: need root for apt-get (or install redis-server yourself and set ONES_REDIS_SERVER)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
. "$(dirname "${BASH_SOURCE[0]}")/apt-get-waiting.sh"
ones_apt_get update -qq
ones_apt_get install -y -qq --no-install-recommends redis-server
# the package starts a system service on port 6379; the tests start their own servers, so stop it
(systemctl disable --now redis-server >/dev/null 2>&1 || service redis-server stop >/dev/null 2>&1 || true)
"$ONES_REDIS_SERVER" --version >&2
