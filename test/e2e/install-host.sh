#!/usr/bin/env bash
# Installs the host that `npm run test:e2e` drives: a real VS Code (code-server from npm, run by this
# machine's Node 20), Debian's chromium, and playwright-core to steer it. Everything npm installs goes
# into a tools folder outside the repository:
#   ${ROUTELINT_E2E_HOME:-$HOME/.cache/routelint-e2e}/code-server-<version>/
#   ${ROUTELINT_E2E_HOME:-$HOME/.cache/routelint-e2e}/playwright-core-<version>/
# Versions are pinned in test/e2e/host.json (run.mjs reads the same file). Idempotent: whatever is
# already present at the pinned version is skipped. Only the Debian archive and the npm registry are
# contacted (no GitHub downloads). Exits non-zero on any failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS=${ROUTELINT_E2E_HOME:-$HOME/.cache/routelint-e2e}

pin() { node -p "require('$HERE/host.json').$1"; }
CS_VERSION=$(pin codeServer)
PW_VERSION=$(pin playwrightCore)
RG_CACHE_VERSION=$(pin ripgrepCacheVersion)
RG_TARBALL=$(pin ripgrepTarball)
CHROMIUM=$(pin chromium)
CS_DIR=$TOOLS/code-server-$CS_VERSION
PW_DIR=$TOOLS/playwright-core-$PW_VERSION
t0=$(date +%s)
say() { echo "[install-host +$(( $(date +%s) - t0 ))s] $*"; }

mkdir -p "$TOOLS/tmp"
say "tools folder: $TOOLS"
# code-server writes a config and logs under XDG_CONFIG_HOME / XDG_DATA_HOME even for --version: keep them out of ~
cs() { XDG_CONFIG_HOME=$TOOLS/tmp/xdg/config XDG_DATA_HOME=$TOOLS/tmp/xdg/data XDG_CACHE_HOME=$TOOLS/tmp/xdg/cache \
       "$CS_DIR/node_modules/.bin/code-server" "$@"; }

# 1) Debian packages: chromium (the browser), libkrb5-dev (gssapi.h for code-server's kerberos module),
#    ripgrep (its rg stands in for the one @vscode/ripgrep would download from GitHub), fonts-nanum
#    (a Korean font, so the Korean document is legible in the screenshots rather than empty boxes).
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s fonts-nanum >/dev/null 2>&1 || missing+=(fonts-nanum)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-host: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo -n)
  fi
  say "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev ripgrep fonts-nanum >/dev/null
else
  say "apt packages present (chromium, libkrb5-dev, ripgrep, fonts-nanum)"
fi
[ -x "$CHROMIUM" ] || { echo "install-host: $CHROMIUM missing after apt-get" >&2; exit 1; }

installed_version() { node -p "require('$1/package.json').version" 2>/dev/null || true; }

# 2) code-server. Its native modules build against this machine's Node headers (nodedir=/usr);
#    its postinstall refuses root unless unsafe_perm; node-pty runs `npx node-gyp` (needs yes=true).
if [ "$(installed_version "$CS_DIR/node_modules/code-server")" = "$CS_VERSION" ] \
   && [ -x "$CS_DIR/node_modules/.bin/code-server" ] \
   && [ -f "$CS_DIR/.install-ok" ]; then
  say "code-server $CS_VERSION present"
else
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache
  # ($TMPDIR/vscode-ripgrep-cache-<version>/) already holds the tarball: seed it with Debian's rg.
  export TMPDIR=$TOOLS/tmp
  RG_CACHE=$TMPDIR/vscode-ripgrep-cache-$RG_CACHE_VERSION
  mkdir -p "$RG_CACHE" "$TMPDIR/rgtar"
  cp "$(command -v rg)" "$TMPDIR/rgtar/rg"
  tar czf "$RG_CACHE/$RG_TARBALL" -C "$TMPDIR/rgtar" rg
  say "seeded $RG_CACHE/$RG_TARBALL with $(command -v rg)"

  rm -f "$CS_DIR/.install-ok"
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"routelint-e2e-code-server","private":true}' > "$CS_DIR/package.json"
  say "npm install code-server@$CS_VERSION (about a minute)"
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
     npm install --no-audit --no-fund --no-update-notifier "code-server@$CS_VERSION")
  cs_version=$(cs --version | head -1)   # fails if the install is broken
  touch "$CS_DIR/.install-ok"
  say "code-server $cs_version installed"
fi

# 3) playwright-core (pure JS; no browser download: run.mjs points it at Debian's chromium).
if [ "$(installed_version "$PW_DIR/node_modules/playwright-core")" = "$PW_VERSION" ]; then
  say "playwright-core $PW_VERSION present"
else
  mkdir -p "$PW_DIR"
  [ -f "$PW_DIR/package.json" ] || echo '{"name":"routelint-e2e-playwright","private":true}' > "$PW_DIR/package.json"
  say "npm install playwright-core@$PW_VERSION"
  (cd "$PW_DIR" && npm install --no-audit --no-fund --no-update-notifier "playwright-core@$PW_VERSION")
fi
[ "$(installed_version "$PW_DIR/node_modules/playwright-core")" = "$PW_VERSION" ] \
  || { echo "install-host: playwright-core $PW_VERSION missing after npm install" >&2; exit 1; }

say "host ready: $("$CHROMIUM" --version 2>/dev/null | head -1), code-server $CS_VERSION, playwright-core $PW_VERSION"
