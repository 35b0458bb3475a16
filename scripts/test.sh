#!/usr/bin/env bash
# The test command.
# - `npm test` (the README's command, what CI runs) runs everything: bootstrap → install → Chromium →
#   redis-server → build → typecheck → lint → every test project (unit, integration, browser, packaging, docs) →
#   the demo (--auto) → package checks (publint, attw, size-limit, a rehearsed release, a packed
#   install). Works on a fresh machine with only Node 20 and npm: Node 24 and pnpm are installed into
#   ./.tools, Debian's Chromium and redis-server with apt-get when they are missing. Exits non-zero on the first failure.
# - `pnpm test`, inside the workspace, is the maintainers' fast loop: unit and integration tests on
#   source, no build (`pnpm test:fast`). `ONES_TEST=all pnpm test` runs everything.
# Each step is a script of its own in package.json, to run alone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${npm_config_user_agent:-}" in
  pnpm/*) [ "${ONES_TEST:-}" = all ] || exec pnpm run test:fast ;;
esac

started=$SECONDS
last=$SECONDS
current=""
stages=()
step() {
  [ -z "$current" ] || stages+=("$(printf '%5ss  %s' "$((SECONDS - last))" "$current")")
  printf '\n\033[1m▶ %s\033[0m  (previous step %ss, total %ss)\n' "$1" "$((SECONDS - last))" "$((SECONDS - started))"
  current=$1
  last=$SECONDS
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

step "typecheck"
pnpm run typecheck

step "lint"
pnpm run lint

step "unit, integration, browser, packaging and docs tests"
mkdir -p test-artifacts
pnpm run test:all

step "demo --auto: a real login end to end against dev-idp"
pnpm run demo:auto

step "package checks (publint, attw, size-limit, a rehearsed release to a local registry, install from it)"
pnpm run check:packages

step "done"
printf '\nWhere the time went:\n'
printf '  %s\n' "${stages[@]}"
printf '%7ss  in all\n\n' "$((SECONDS - started))"
node scripts/print-test-summary.mjs test-artifacts/vitest.json
