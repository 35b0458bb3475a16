#!/usr/bin/env bash
# Makes Node 24 and pnpm available, installing them from the npm registry into ./.tools when the
# machine lacks them. Idempotent: a no-op when the right versions are already on PATH or in ./.tools.
# Source it (`. scripts/bootstrap.sh`) to get them on PATH in the calling shell; it leaves the caller's
# shell options alone, and exits the caller when the tools cannot be made available.

ONES_NODE_VERSION="24.21.0"
ONES_NODE_MAJOR="${ONES_NODE_VERSION%%.*}"
ONES_PNPM_VERSION="10.34.8"

ones_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ones_tools_dir="$ones_repo_root/.tools"

ones_node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# `. scripts/bootstrap.sh --pnpm-only`: pnpm alone (it runs on Node 18 or later), so that an install
# can start while Node 24 is still on its way (scripts/trial.sh)
ones_pnpm_only=false
[ "${1:-}" = --pnpm-only ] && ones_pnpm_only=true

if [ "$ones_pnpm_only" = false ] && [ "$(ones_node_major)" -lt "$ONES_NODE_MAJOR" ] && [ -x "$ones_tools_dir/bin/node" ]; then
  export PATH="$ones_tools_dir/bin:$PATH"
fi
if [ "$ones_pnpm_only" = false ] && [ "$(ones_node_major)" -lt "$ONES_NODE_MAJOR" ]; then
  echo "bootstrap: Node $(node --version 2>/dev/null || echo none) found; installing node@$ONES_NODE_VERSION into .tools" >&2
  npm install --global --prefix "$ones_tools_dir" --no-audit --no-fund --loglevel=error "node@$ONES_NODE_VERSION" >&2 ||
    { echo "bootstrap: npm could not install node@$ONES_NODE_VERSION" >&2; exit 1; }
  export PATH="$ones_tools_dir/bin:$PATH"
fi
if [ "$ones_pnpm_only" = false ] && [ "$(ones_node_major)" -lt "$ONES_NODE_MAJOR" ]; then
  echo "bootstrap: could not make Node $ONES_NODE_MAJOR available" >&2
  exit 1
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$ONES_PNPM_VERSION" ]; then
  if [ ! -x "$ones_tools_dir/bin/pnpm" ] || [ "$("$ones_tools_dir/bin/pnpm" --version 2>/dev/null)" != "$ONES_PNPM_VERSION" ]; then
    echo "bootstrap: installing pnpm@$ONES_PNPM_VERSION into .tools" >&2
    npm install --global --prefix "$ones_tools_dir" --no-audit --no-fund --loglevel=error "pnpm@$ONES_PNPM_VERSION" >&2 ||
      { echo "bootstrap: npm could not install pnpm@$ONES_PNPM_VERSION" >&2; exit 1; }
  fi
  export PATH="$ones_tools_dir/bin:$PATH"
fi

echo "bootstrap: node $(node --version), pnpm $(pnpm --version)" >&2
