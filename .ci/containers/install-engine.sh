#!/usr/bin/env bash
# Installs a Docker engine from Debian's packages, starts it, and installs Compose v2 as a CLI plugin.
#
# Idempotent: each step is skipped when its result is already there. Prints the time of each step.
# Needs root and Debian's package archive; never pulls an image.
#
#   bash .ci/containers/install-engine.sh
#
# Environment:
#   DOCKERD_LOG        where dockerd writes its log (default /var/log/dockerd.log)
#   COMPOSE_SUITE      Debian suite to take the Compose v2 package from (default trixie)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=./lib.sh
source "$here/lib.sh"

DOCKERD_LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
COMPOSE_SUITE="${COMPOSE_SUITE:-trixie}"
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

install_packages() {
  local missing=()
  for pkg in docker.io debootstrap iptables; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "packages already installed"
    return
  fi
  log "installing ${missing[*]}"
  # The lists may be stale or absent on a fresh machine.
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    log "dockerd already answers"
    return
  fi
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid: the engine outlives this script and the shell that ran it.
  setsid nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      log "dockerd answers after ${i} tries"
      return
    fi
    sleep 0.5
  done
  echo "dockerd did not come up within 30 s; last lines of $DOCKERD_LOG:" >&2
  tail -n 30 "$DOCKERD_LOG" >&2 || true
  exit 1
}

# Compose v2 is packaged only from Debian 13 on. Its binary is static Go and runs on Debian 12:
# download the .deb with a private apt state (the machine's sources stay untouched) and unpack it
# as a CLI plugin.
install_compose_plugin() {
  if docker compose version >/dev/null 2>&1; then
    log "compose plugin present: $(docker compose version --short 2>/dev/null)"
    return
  fi
  local tmp
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" RETURN
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/deb"
  local mirror
  mirror="$(debian_mirror)"
  cat >"$tmp/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $COMPOSE_SUITE main
EOF
  local apt_opts=(
    -o "Dir::Etc::SourceList=$tmp/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$tmp/lists"
    -o "Dir::Cache=$tmp/cache"
    -o "APT::Get::List-Cleanup=0"
    -o "APT::Sandbox::User=root"
  )
  log "downloading docker-compose from Debian $COMPOSE_SUITE ($mirror)"
  if apt-get "${apt_opts[@]}" update -qq \
    && (cd "$tmp/deb" && apt-get "${apt_opts[@]}" download docker-compose >/dev/null); then
    dpkg-deb -x "$tmp"/deb/docker-compose_*.deb "$tmp/x"
    local bin
    bin="$(find "$tmp/x" -type f -path '*cli-plugins/docker-compose' | head -n 1)"
    if [ -n "$bin" ]; then
      mkdir -p "$PLUGIN_DIR"
      install -m 0755 "$bin" "$PLUGIN_DIR/docker-compose"
      log "compose plugin installed: $(docker compose version --short)"
      return
    fi
    echo "the $COMPOSE_SUITE docker-compose package has no CLI plugin binary" >&2
  fi
  # Fallback: Debian 12's Compose v1 (`docker-compose`, Python). The harness and cleanup.sh accept it,
  # but docker-compose.yml uses Compose v2 features (top-level name, inline configs).
  log "Compose v2 could not be had; installing Compose v1 (docker-compose 1.29) instead: docker-compose.yml needs v2.23+"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
}

timed "install packages" install_packages
timed "start dockerd" start_dockerd
timed "compose plugin" install_compose_plugin
log "engine: $(docker version --format '{{.Server.Version}}'), client: $(docker version --format '{{.Client.Version}}')"
