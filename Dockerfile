# The application as a container: the API Gateway shim and the Lambda runtime running
# the template's functions (genai-kit start), against DynamoDB, SQS and Bedrock services named by
# environment (docker-compose.yml sets them to its `dynamodb`, `sqs` and `bedrock` services).
#
#   docker build -t genai-kit/app .
#
# Build arguments:
#   NODE_BASE_IMAGE  base image (default node:20-bookworm-slim, the Node the tests run on)
#   NPM_CI=skip      the base image already has /app/node_modules (machines without a registry
#                    build such a base: .ci/containers/build-images.sh)
ARG NODE_BASE_IMAGE=node:20-bookworm-slim
FROM ${NODE_BASE_IMAGE}

WORKDIR /app
# esbuild and tsx (which build and run the functions locally) are devDependencies: install all.
ARG NPM_CI=yes
COPY package.json package-lock.json ./
# npm ci runs the package's `prepare` (scripts/build-dist.mjs), which finds no sources yet and builds nothing:
# the image runs the sources through tsx (ENTRYPOINT below).
COPY scripts ./scripts
RUN if [ "$NPM_CI" = skip ]; then test -d node_modules; else npm ci --no-audit --no-fund && npm cache clean --force; fi

COPY tsconfig.json template.yaml ./
COPY bin ./bin
COPY local ./local
COPY src ./src
COPY events ./events
RUN mkdir -p /app/.local && chown node:node /app/.local

ENV GENAI_KIT_HOST=0.0.0.0
# glibc gives each of the functions' worker threads its own malloc arena; with dozens of them the
# process's RSS grew by tens of MB a minute under the soak (bench/soak.ts) and stayed ~300 MB higher
# than with two arenas, where it held flat.
ENV MALLOC_ARENA_MAX=2
USER node
EXPOSE 3000 8083 9000 8900 8901
# Any HTTP answer from the API port (403 for an unknown route) means the stack serves.
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=12 \
  CMD node -e "fetch('http://127.0.0.1:3000/').then(()=>process.exit(0),()=>process.exit(1))"
# Node runs the CLI itself (not through bin/genai-kit.mjs, which waits on a child): with `init: true`
# a stop signal reaches the stack, which then closes its services in order.
ENTRYPOINT ["node", "--import", "tsx", "local/cli.ts"]
CMD ["start", "--no-watch"]
