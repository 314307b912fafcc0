/**
 * The `awslambda` global that the Node.js Lambda runtime provides to response-streaming
 * functions: `awslambda.streamifyResponse(handler)` and
 * `awslambda.HttpResponseStream.from(responseStream, { statusCode, headers, cookies })`.
 *
 * `@types/aws-lambda` already declares it (in its `handler.d.ts`, as `declare global namespace
 * awslambda`); declaring it a second time here would clash (duplicate `HttpResponseStream`), so this
 * file only makes sure that declaration is part of every compilation that includes `src/`, even one
 * that never imports `aws-lambda` (the tsconfig restricts ambient `types` to `node`).
 */
/// <reference types="aws-lambda" />
