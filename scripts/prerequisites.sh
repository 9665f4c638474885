#!/usr/bin/env bash
# Installs what the app and its tests need on a Debian 12 machine without a container engine.
# Idempotent: every step checks first, so a second run takes about a second.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
PG_SHARE=/usr/share/postgresql/15
STATE_DIR="${CHATBOT_PREREQ_STATE:-/var/tmp/chatbot-prereqs}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

log() { printf '[prerequisites] %s\n' "$*"; }

missing_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  printf '%s\n' "${missing[@]}"
}

apt_updated=false
apt_install() {
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$apt_updated" = false ]; then
    log "apt-get update"
    $SUDO apt-get update -qq
    apt_updated=true
  fi
  # shellcheck disable=SC2086
  log "installing: $(echo $missing | tr '\n' ' ')"
  # shellcheck disable=SC2086
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

servers_before=$(missing_packages redis-server postgresql-15)
apt_install ca-certificates build-essential dpkg-dev redis-server postgresql-15 postgresql-server-dev-15 \
  chromium chromium-driver fonts-liberation fonts-noto-color-emoji wrk

# Installing Debian's server packages starts system-wide servers; the app runs its own on private ports. Stop the ones
# this run just installed (servers the machine already had are the owner's business).
for svc in $(echo "$servers_before" | sed -e 's/^redis-server$/redis-server/' -e 's/^postgresql-15$/postgresql/'); do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    $SUDO systemctl stop "$svc" || true
    $SUDO systemctl disable "$svc" >/dev/null 2>&1 || true
  fi
done

# The URI of the Debian archive this machine's apt already uses (a local mirror or proxy included), whatever the
# format of its sources: apt-cache policy lists every configured archive with its suite.
debian_archive() {
  apt-cache policy 2>/dev/null | awk '$2 ~ /^[a-z+]+:/ && $3 ~ /^(bookworm|stable|trixie)\/main$/ { print $2; exit }'
}

build_pgvector() {
  log "building pgvector from Debian trixie source (~30 s)"
  local work="$STATE_DIR/apt"
  mkdir -p "$work/lists/partial" "$work/src"
  # A private sources list: the system's own apt configuration and state stay untouched. Its archive (and keyring)
  # is the one this machine's own apt already uses, so a local mirror or proxy keeps working.
  local archive
  archive=$(debian_archive)
  [ -n "$archive" ] || { log "no Debian archive found in the apt sources (apt-cache policy)"; exit 1; }
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive trixie main" >"$work/sources.list"
  local apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=/dev/null"
    -o "Dir::State::Lists=$work/lists" -o "APT::Sandbox::User=root")
  $SUDO apt-get "${apt_opts[@]}" update -qq
  rm -rf "$work/src" && mkdir -p "$work/src"
  (cd "$work/src" && $SUDO apt-get "${apt_opts[@]}" source -qq --download-only pgvector >/dev/null \
    && dpkg-source -x --no-check ./*.dsc pgvector >/dev/null)
  (cd "$work/src/pgvector" && make -s PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS="" >/dev/null \
    && $SUDO make -s install PG_CONFIG="$PG_BIN/pg_config" >/dev/null)
}

if [ ! -f "$PG_SHARE/extension/vector.control" ]; then
  build_pgvector
fi
[ -f "$PG_SHARE/extension/vector.control" ] || { log "pgvector did not install"; exit 1; }

# .NET tools from the repository's manifest (dotnet-ef; smtp4dev, the local inbox the app runs in development).
# With an empty NuGet cache the SDK's first restore reports the tools listed after smtp4dev (a tool packaged per
# platform) as missing their commands ("... contained in the package are smtp4dev"); the second restore, with smtp4dev
# already in the cache, succeeds. So a failed restore gets one more try before it counts.
restore_tools() { (cd "$(dirname "$0")/.." && dotnet tool restore >/dev/null); }
restore_tools 2>/dev/null || restore_tools || { log "dotnet tool restore failed"; exit 1; }

log "ready: $("$PG_BIN/postgres" --version), $(redis-server --version | cut -d' ' -f3), pgvector $(grep default_version "$PG_SHARE/extension/vector.control" | cut -d"'" -f2), $(chromium --version 2>/dev/null || echo 'chromium missing')"
