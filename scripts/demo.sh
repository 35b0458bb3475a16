#!/usr/bin/env bash
# The README's demo: a real OnesID login end to end against a local OnesID (dev-idp).
# Bootstraps like the test command (Node 24 and pnpm into ./.tools when missing), installs, builds,
# builds the SPA example, then runs examples/login-demo. Interactive by default: it waits for you on
# the approval page, and serves the SPA and a backend on :3000 to log in through the browser too;
# `--auto` plays the phone itself and exits 0 when every step worked.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
pnpm install --frozen-lockfile --prefer-offline --reporter=silent
pnpm run build >/dev/null
pnpm --filter ones-example-spa run build >/dev/null
exec node examples/login-demo/demo.ts "$@"
