#!/usr/bin/env bash
# Runs the application test suite (vitest project `app`) against several stacks and prints the
# count and time of each:
#
#   embedded                  the embedded stack, DynamoDB = dynalite (the default)
#   embedded-dynamodb-local   the embedded stack on AWS's DynamoDB Local (GENAI_KIT_DYNAMODB=local, Java 17)
#   containers                Testcontainers: DynamoDB Local, the SQS image and the fake-Bedrock image,
#                             the gateway and runtime on the host (GENAI_KIT_STACK=containers)
#   compose                   (only when asked for) `docker compose up` with the local images, then
#                             the suite against it (GENAI_KIT_STACK=compose); taken down afterwards;
#                             then the SQS service across a restart (test/integration/compose/)
#
#   bash .ci/containers/run-suites.sh [stack ...]      (default: the first three)
#
# For `containers` it first installs and starts the Docker engine and builds the local images
# (install-engine.sh, build-images.sh: both skip what is already done). Every container it started
# is removed on exit, failure or interrupt included. Exits non-zero if any suite failed.
# ElasticMQ cannot be had on a machine without a registry: there the SQS image is the kit's own
# stand-in, and the output says so.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=./lib.sh
source "$here/lib.sh"
root="$(repo_root)"
cd "$root" || exit 1

stacks=("$@")
[ "${#stacks[@]}" -eq 0 ] && stacks=(embedded embedded-dynamodb-local containers)

work="$(mktemp -d)"
compose_up=0
cleanup() {
  if [ "$compose_up" = 1 ]; then
    docker compose --env-file "$here/local-images.env" down -v --remove-orphans >/dev/null 2>&1
  fi
  bash "$here/cleanup.sh"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A summary
failed=0

prepare_containers() {
  bash "$here/install-engine.sh" || return 1
  bash "$here/build-images.sh" "$@" || return 1
}

compose_start() {
  compose_up=1
  # The suite's parallel files share one API key: lift the usage plan's throttle, as the other stacks do.
  BEDROCK_FIRST_TOKEN_DELAY_MS=0 BEDROCK_TOKENS_PER_SECOND=0 \
    GENAI_KIT_PARAMETER_OVERRIDES="ApiThrottleRateLimit=10000 ApiThrottleBurstLimit=10000 ApiQuotaPerDay=100000000" \
    docker compose --env-file "$here/local-images.env" up -d --no-build --wait --wait-timeout 180 || {
    docker compose --env-file "$here/local-images.env" logs --no-color --tail 40 >&2
    return 1
  }
}

run_suite() {
  local stack="$1"
  local report="$work/$stack.json"
  local env_vars=()
  case "$stack" in
    embedded) env_vars=(GENAI_KIT_STACK=embedded GENAI_KIT_DYNAMODB=dynalite) ;;
    embedded-dynamodb-local) env_vars=(GENAI_KIT_STACK=embedded GENAI_KIT_DYNAMODB=local) ;;
    containers)
      if ! timed "engine and images" prepare_containers; then
        summary[$stack]="could not prepare the engine or the images"
        return 1
      fi
      load_local_images
      env_vars=(GENAI_KIT_STACK=containers TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost)
      ;;
    compose)
      if ! timed "engine and images" prepare_containers all || ! timed "docker compose up --wait" compose_start; then
        summary[$stack]="could not prepare the engine, the images or the compose stack"
        return 1
      fi
      load_local_images
      env_vars=(GENAI_KIT_STACK=compose)
      ;;
    *)
      echo "unknown stack '$stack' (embedded, embedded-dynamodb-local, containers, compose)" >&2
      return 2
      ;;
  esac
  log "suite against '$stack'"
  local start ms rc
  start="$(date +%s%N)"
  env "${env_vars[@]}" npx vitest run --project app --reporter=default --reporter=json --outputFile.json="$report"
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  local reports=("$report")
  if [ "$stack" = compose ]; then
    docker compose --env-file "$here/local-images.env" down -v --remove-orphans >/dev/null 2>&1
    compose_up=0
    # The SQS service across a restart of its container, in a compose project of its own.
    log "the compose SQS service across a restart"
    reports+=("$work/compose-sqs-restart.json")
    env "${env_vars[@]}" npx vitest run --project components test/integration/compose \
      --reporter=default --reporter=json --outputFile.json="${reports[1]}" || rc=1
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
  fi
  summary[$stack]="$(node -e '
    const fs = require("node:fs");
    const [files, rc, ms] = process.argv.slice(1);
    const r = {};
    for (const file of files.split(",")) {
      let one = {};
      try { one = JSON.parse(fs.readFileSync(file, "utf8")); } catch {}
      for (const [k, v] of Object.entries(one)) if (typeof v === "number") r[k] = (r[k] ?? 0) + v;
    }
    const n = (k) => r[k] ?? 0;
    const seconds = (Number(ms) / 1000).toFixed(1);
    console.log(`${n("numPassedTests")} passed / ${n("numFailedTests")} failed / ${n("numPendingTests") + n("numTodoTests")} skipped in ${seconds} s${rc === "0" ? "" : ` (exit ${rc})`}`);
    // SUITE_TOTALS_FILE: one "<passed> <failed>" line per stack, for a caller that sums every suite.
    if (process.env.SUITE_TOTALS_FILE) fs.appendFileSync(process.env.SUITE_TOTALS_FILE, `${n("numPassedTests")} ${n("numFailedTests") + (rc === "0" || r.numFailedTests ? 0 : 1)}\n`);
  ' "$(IFS=,; echo "${reports[*]}")" "$rc" "$ms")"
  return "$rc"
}

for stack in "${stacks[@]}"; do
  run_suite "$stack" || failed=1
done

echo
echo "Application suite per stack:"
for stack in "${stacks[@]}"; do
  printf '  %-26s %s\n' "$stack" "${summary[$stack]:-not run}"
done
if [[ " ${stacks[*]} " == *" containers "* || " ${stacks[*]} " == *" compose "* ]]; then
  echo "  (images: DynamoDB ${DYNAMODB_IMAGE:-?}, SQS ${SQS_IMAGE:-?}, Bedrock ${BEDROCK_IMAGE:-?})"
  case "${SQS_IMAGE:-}" in
    *elasticmq*) ;;
    *) echo "  (the SQS container here is the kit's own stand-in, not ElasticMQ: ElasticMQ cannot be had on this machine)" ;;
  esac
fi
exit "$failed"
