#!/usr/bin/env bash
# Removes the containers the kit's scripts and tests started: Testcontainers' (label
# org.testcontainers=true; Ryuk is off here), the harness's (genai-kit.test) and the CI scripts'
# (genai-kit.ci), and the SQS restart test's compose projects (genai-kit-sqs-restart-*) with their
# volumes. With --compose it also takes the compose project down (volumes kept).
# Never touches other containers. Safe to run when the engine is not running.
#
#   bash .ci/containers/cleanup.sh [--compose]
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=./lib.sh
source "$here/lib.sh"

docker info >/dev/null 2>&1 || exit 0

ids="$(
  {
    docker ps -aq --filter label=org.testcontainers=true
    docker ps -aq --filter label=genai-kit.test
    docker ps -aq --filter label=genai-kit.ci
    # the compose projects of test/integration/compose/sqsRestart.test.ts
    docker ps -aq --filter name=genai-kit-sqs-restart-
  } | sort -u
)"
if [ -n "$ids" ]; then
  # shellcheck disable=SC2086
  docker rm -f -v $ids >/dev/null
  log "removed $(echo "$ids" | wc -l) container(s)"
fi
volumes="$(docker volume ls -q --filter name=genai-kit-sqs-restart-)"
if [ -n "$volumes" ]; then
  # shellcheck disable=SC2086
  docker volume rm $volumes >/dev/null
fi

if [ "${1:-}" = "--compose" ]; then
  root="$(repo_root)"
  if docker compose version >/dev/null 2>&1; then
    docker compose -f "$root/docker-compose.yml" down --remove-orphans >/dev/null 2>&1 || true
  elif command -v docker-compose >/dev/null; then
    docker-compose -f "$root/docker-compose.yml" down --remove-orphans >/dev/null 2>&1 || true
  fi
  log "compose project down"
fi
exit 0
