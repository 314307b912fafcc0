import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplyGuardrailCommand, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../local/stack.js';
import { startEmbeddedStack } from '../harness/startTestStack.js';
import { HAIKU, sdkClient } from './sdkClient.js';

describe('the stack hands the template\'s guardrails (and a guardrails file) to the fake Bedrock', () => {
  let stack: RunningStack;
  let dir: string;
  let client: ReturnType<typeof sdkClient>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-'));
    const file = path.join(dir, 'guardrails.json');
    await writeFile(file, JSON.stringify({ guardrails: [{ Id: 'filerail0001', Versions: [1, 2], Name: 'file-rail', BlockedInputMessaging: 'Blocked by file.', BlockedOutputsMessaging: 'Out.', WordPolicyConfig: { WordsConfig: [{ Text: 'falcon' }] } }] }));
    stack = await startEmbeddedStack({ projectDir: path.resolve('test/fixtures/template/guardrails'), bedrock: { guardrailsFile: file } });
    client = sdkClient(stack.endpoints.bedrock ?? '');
  });
  afterAll(async () => {
    client.destroy();
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies the template guardrail, named as the function\'s environment names it', async () => {
    // Prepare
    const environment = stack.model.functions[0].environment;
    // Act
    const response = await client.send(
      new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'Which stocks should I buy?' }] }], guardrailConfig: { guardrailIdentifier: environment.GUARDRAIL_ARN, guardrailVersion: environment.GUARDRAIL_VERSION } }),
    );
    // Assess
    expect(response.stopReason).toBe('guardrail_intervened');
    expect(response.output?.message?.content).toEqual([{ text: 'Sorry, I cannot help with that.' }]);
  });

  it('serves the file\'s guardrail too, at its listed versions', async () => {
    const result = await client.send(new ApplyGuardrailCommand({ guardrailIdentifier: 'filerail0001', guardrailVersion: '2', source: 'INPUT', content: [{ text: { text: 'project falcon' } }] }));
    expect(result.outputs).toEqual([{ text: 'Blocked by file.' }]);
  });
});
