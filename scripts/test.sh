#!/usr/bin/env bash
# The one command that proves the repository: bootstrap → install → build → typecheck → lint →
# unit, integration and browser tests → the demo (--auto) → package checks (publint, attw,
# size-limit, packed install).
# Works on a fresh machine with only Node 20 and npm: Node 24 and pnpm are installed into ./.tools,
# Debian's Chromium with apt-get when it is missing. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
last=$SECONDS
step() {
  printf '\n\033[1m▶ %s\033[0m  (previous step %ss, total %ss)\n' "$1" "$((SECONDS - last))" "$((SECONDS - started))"
  last=$SECONDS
}

step "bootstrap (Node 24, pnpm)"
. scripts/bootstrap.sh

step "install"
pnpm install --frozen-lockfile --prefer-offline

step "Chromium for the browser tests"
bash scripts/ensure-chromium.sh

step "build"
pnpm run build

step "typecheck"
pnpm run typecheck

step "lint"
pnpm run lint

step "unit, integration (dev-idp) and browser tests"
mkdir -p test-artifacts
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json

step "demo --auto: a real login end to end against dev-idp"
node examples/login-demo/demo.ts --auto

step "package checks (publint, attw, size-limit, a rehearsed release to a local registry, install from it)"
pnpm run check:packages

step "summary"
node scripts/print-test-summary.mjs test-artifacts/vitest.json
