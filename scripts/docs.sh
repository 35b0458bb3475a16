#!/usr/bin/env bash
# `npm run docs`: the docs site, built and served on http://localhost:5173 until Ctrl+C
# (`npm run docs -- --port 8080` or `--port=8080` for another port). Bootstraps
# like the test command (Node 24 and pnpm into ./.tools when missing), installs, regenerates nothing:
# the API reference in docs/api is committed (`pnpm docs:api` refreshes it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
pnpm install --frozen-lockfile --prefer-offline --reporter=silent
pnpm --filter ones-docs-site run build
# 5173 unless the caller names a port (`--port N` or `--port=N`): vitepress takes the first one it sees
port_given=false
for argument in "$@"; do
  case "$argument" in --port | --port=*) port_given=true ;; esac
done
if [ "$port_given" = true ]; then
  exec pnpm --filter ones-docs-site exec vitepress preview "$@"
fi
exec pnpm --filter ones-docs-site exec vitepress preview --port 5173 "$@"
