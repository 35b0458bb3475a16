#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests.
# Idempotent: a no-op when it is already there. Needs root (CI and dev machines run as root).
set -euo pipefail
ONES_CHROMIUM_PATH="${ONES_CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$ONES_CHROMIUM_PATH" ]; then
  exit 0
fi
echo "ensure-chromium: $ONES_CHROMIUM_PATH missing; installing Debian's chromium" >&2
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: need root for apt-get (or install chromium yourself and set ONES_CHROMIUM_PATH)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
. "$(dirname "${BASH_SOURCE[0]}")/apt-get-waiting.sh"
ones_apt_get update -qq
ones_apt_get install -y -qq --no-install-recommends chromium
"$ONES_CHROMIUM_PATH" --version >&2
