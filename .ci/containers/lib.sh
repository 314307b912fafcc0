# shellcheck shell=bash
# Shared shell functions for .ci/containers/*.sh (sourced, not run).

# Prints a line prefixed with the script's name.
log() {
  printf '[%s] %s\n' "$(basename "${0}")" "$*"
}

# Runs a command and prints how long it took: `timed "label" cmd args...`.
timed() {
  local label="$1"
  shift
  local start ms
  start="$(date +%s%N)"
  "$@"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '[%s] %-44s %4d.%01d s\n' "$(basename "${0}")" "$label" $((ms / 1000)) $((ms % 1000 / 100))
}

# The Debian mirror apt already uses on this machine (first deb URI for the main archive).
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri="$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# Repository root (two levels above this file).
repo_root() {
  cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd
}

# Exports the local image names from local-images.env; a variable already set in the environment wins.
load_local_images() {
  local file key value
  file="$(dirname "${BASH_SOURCE[0]}")/local-images.env"
  while IFS='=' read -r key value; do
    case "$key" in '' | \#*) continue ;; esac
    if [ -z "${!key:-}" ]; then export "$key=$value"; else export "${key?}"; fi
  done <"$file"
}
