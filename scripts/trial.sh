#!/usr/bin/env bash
# `npm run trial [-- --out <folder>]`: the SDK's packages as tarballs to `npm install` into your own
# app, without registry credentials. Bootstraps like the test command (Node 24 and pnpm into ./.tools
# when missing), installs and builds only what the four packages need (not the docs site, the
# examples or the test tools' browsers), then packs (scripts/pack-for-trial.mjs, default ./trial).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
# the Node the reader has: the closing lines say what to run instead when it is too old for the guide
ONES_MACHINE_NODE="$(node --version 2>/dev/null || true)"
export ONES_MACHINE_NODE
# pnpm first: it installs on the Node this machine has, while Node 24 (for the build) downloads
. scripts/bootstrap.sh --pnpm-only
(. scripts/bootstrap.sh) &
node_download=$!
pnpm install --frozen-lockfile --prefer-offline --reporter=silent --filter "./packages/*"
wait "$node_download"
. scripts/bootstrap.sh 2>/dev/null
pnpm run build >/dev/null
ONES_TRIAL_SECONDS=$((SECONDS - started)) exec node scripts/pack-for-trial.mjs "$@"
