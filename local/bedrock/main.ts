/**
 * The fake Amazon Bedrock as a standalone server (also the container's entry point).
 * Configured by environment variables, see `optionsFromEnv`; paced like a real model by default
 * (BEDROCK_FIRST_TOKEN_DELAY_MS=0 BEDROCK_TOKENS_PER_SECOND=0 for full speed).
 */
import { optionsFromEnv } from './server/optionsFromEnv.js';
import { startBedrockServer } from './server/startBedrockServer.js';

const options = optionsFromEnv();
const bedrock = await startBedrockServer(options);
console.log(
  `fake Bedrock listening on ${bedrock.url} (HTTP/2 cleartext + HTTP/1.1; pace ${options.firstTokenDelayMs} ms first token, ${options.tokensPerSecond} tokens/s; inspection at ${bedrock.url}/_fake/invocations)`,
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    bedrock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
