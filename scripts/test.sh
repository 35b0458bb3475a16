#!/usr/bin/env bash
# The test command.
# - `npm test` (the README's command, what CI runs) runs everything: bootstrap → install → Chromium →
#   redis-server → build → typecheck and lint beside the unit and integration tests on Node 22.12
#   and the package checks →
#   every test project on Node 24 (unit, integration, faults, runtimes: Bun and Deno, packaging,
#   browser, docs) →
#   the demo (--auto); the package checks (publint, attw, size-limit, a rehearsed release, a packed
#   install) run beside typecheck and lint. Works on a fresh machine with only Node 20 and npm: Node 24 and pnpm are installed into
#   ./.tools, Debian's Chromium and redis-server with apt-get when they are missing. Exits non-zero on the first failure.
# - `pnpm test`, inside the workspace, is the maintainers' fast loop: unit and integration tests on
#   source, no build (`pnpm test:fast`). `ONES_TEST=all pnpm test` runs everything.
# Each step is a script of its own in package.json (or runtimes/package.json), to run alone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${npm_config_user_agent:-}" in
  pnpm/*) [ "${ONES_TEST:-}" = all ] || exec pnpm run test:fast ;;
esac

started=$SECONDS
last=$SECONDS
current=""
stages=()
alongside=()
step() {
  [ -z "$current" ] || stages+=("$(printf '%5ss  %s' "$((SECONDS - last))" "$current")")
  [ "${#alongside[@]}" -eq 0 ] || stages+=("${alongside[@]}")
  alongside=()
  printf '\n\033[1m▶ %s\033[0m  (previous step %ss, total %ss)\n' "$1" "$((SECONDS - last))" "$((SECONDS - started))"
  current=$1
  last=$SECONDS
}

# Runs each "label::command" at once, each into a log of its own; once all have ended, prints each
# log under its label and time (and adds the times to the summary); fails when one failed.
together() {
  local folder pids=() labels=() failed=0
  folder=$(mktemp -d)
  for spec in "$@"; do
    local index=${#pids[@]}
    labels+=("${spec%%::*}")
    (
      begun=$SECONDS
      status=0
      bash -c "${spec#*::}" >"$folder/$index.log" 2>&1 || status=$?
      echo "$((SECONDS - begun))" >"$folder/$index.seconds"
      exit "$status"
    ) &
    pids+=($!)
  done
  for index in "${!pids[@]}"; do
    local outcome=passed
    wait "${pids[$index]}" || { outcome=FAILED; failed=1; }
    printf '\n\033[1m── %s: %s after %ss\033[0m\n' "${labels[$index]}" "$outcome" "$(cat "$folder/$index.seconds")"
    cat "$folder/$index.log"
    alongside+=("$(printf '%5ss    %s' "$(cat "$folder/$index.seconds")" "${labels[$index]}")")
  done
  rm -rf "$folder"
  return "$failed"
}

step "bootstrap (Node 24, pnpm)"
. scripts/bootstrap.sh

step "install"
pnpm install --frozen-lockfile --prefer-offline

step "Chromium for the browser tests"
pnpm run setup:chromium

step "redis-server for the tests of shared state (each test starts its own on a loopback port)"
pnpm run setup:redis

step "build"
pnpm run build

# Side by side (none of them keeps both cores busy): each prints its output when all are done. The
# package checks need only the build; the Node 22 run tests the sources.
step "typecheck and lint, beside the tests on Node 22.12 and the package checks"
together "typecheck and lint::pnpm run typecheck && pnpm run lint" \
  "Node 22.12: unit and integration tests::pnpm --filter ones-sdk-runtimes run test:node22" \
  "package checks (publint, attw, size-limit, a rehearsed release to a local registry, install from it)::pnpm run check:packages"

step "unit, integration, faults, runtimes (Bun, Deno), packaging, browser and docs tests"
mkdir -p test-artifacts
pnpm run test:all

step "demo --auto: a real login end to end against dev-idp"
pnpm run demo:auto

step "done"
printf '\nWhere the time went:\n'
printf '  %s\n' "${stages[@]}"
printf '%7ss  in all\n\n' "$((SECONDS - started))"
node scripts/print-test-summary.mjs test-artifacts/vitest.json
