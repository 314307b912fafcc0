import { fileURLToPath } from 'node:url';
import { stackSetup } from 'serverless-genai-kit/testing/vitest';

// The app's whole local stack (API, function, queue, fake Bedrock), in memory on free ports.
export default stackSetup({ projectDir: fileURLToPath(new URL('..', import.meta.url)), template: 'template.yaml' });
