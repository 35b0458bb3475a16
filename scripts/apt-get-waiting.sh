#!/usr/bin/env bash
# `ones_apt_get <apt-get arguments>`: apt-get that waits while another package manager holds apt's or
# dpkg's lock (unattended-upgrades after boot, another terminal's apt-get), instead of failing at
# once. Source it (`. scripts/apt-get-waiting.sh`); ensure-chromium.sh and ensure-redis.sh use it.
# It waits up to ONES_APT_LOCK_WAIT_SECONDS (default 600), trying again every
# ONES_APT_LOCK_POLL_SECONDS (default 5), says once on stderr what it waits for, and fails with
# apt-get's own message when the time is up or on any other error.

ones_apt_get() {
  local limit="${ONES_APT_LOCK_WAIT_SECONDS:-600}" pause="${ONES_APT_LOCK_POLL_SECONDS:-5}"
  local tries output status=0 try=1
  tries="$(awk -v limit="$limit" -v pause="$pause" 'BEGIN { n = int(limit / pause); print (n < 1 ? 1 : n) + 1 }')"
  while :; do
    status=0
    output="$(apt-get "$@" 2>&1)" || status=$?
    if [ "$status" -eq 0 ] || ! grep -qiE 'could not get lock|unable to acquire the dpkg|unable to lock' <<<"$output"; then
      [ -n "$output" ] && printf '%s\n' "$output" >&2
      return "$status"
    fi
    if [ "$try" -ge "$tries" ]; then
      printf '%s\n' "$output" >&2
      echo "apt-get: another package manager still holds the lock after ${limit}s; run this again when it is done" >&2
      return "$status"
    fi
    [ "$try" -eq 1 ] && echo "apt-get: another package manager holds the lock (apt, dpkg or unattended-upgrades); waiting up to ${limit}s" >&2
    sleep "$pause"
    try=$((try + 1))
  done
}
