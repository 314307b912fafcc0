import { fileURLToPath } from 'node:url';
import { stackSetup } from 'serverless-genai-kit/testing/vitest';

export default stackSetup({
  // The Python app next door: examples/python-chat/template.yaml.
  projectDir: fileURLToPath(new URL('../../../python-chat', import.meta.url)),
  // Short timeouts so that a poison message reaches the dead-letter queue in seconds, not minutes.
  parameterOverrides: { JobWorkerTimeout: '2', JobQueueVisibilityTimeout: '2', JobMaxReceiveCount: '2' },
});
