#!/usr/bin/env bash
# `npm run trial [-- --out <folder>]`: the SDK's packages as tarballs to `npm install` into your own
# app, without registry credentials. Bootstraps like the test command (Node 24 and pnpm into ./.tools
# when missing), installs and builds only what the four packages need (not the docs site, the
# examples or the test tools' browsers), then packs (scripts/pack-for-trial.mjs, default ./trial).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
pnpm install --frozen-lockfile --prefer-offline --reporter=silent --filter "./packages/*"
pnpm run build >/dev/null
exec node scripts/pack-for-trial.mjs "$@"
