import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BedrockRuntimeClient, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { lastUserText, requestFingerprint } from '../conversation/requestFingerprint.js';
import type { AnswerPart, ModelRequest, Responder } from '../conversation/types.js';
import { BedrockError, isBedrockErrorCode } from '../errors.js';
import type { FixtureRule } from './FixtureRules.js';

/** Record mode: where the real Bedrock is and where fixtures go. */
export interface RecordingOptions {
  /** Fixtures file the exchanges are appended to (created if missing). */
  fixturesFile: string;
  /** Bedrock runtime endpoint; default: the SDK's (real AWS, or `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`). */
  endpoint?: string;
  /** Default `AWS_REGION` or us-east-1. */
  region?: string;
  /** Default: the SDK's credential chain (environment, profile, SSO, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Appends a rule to a fixtures file (`{"rules": [...]}`), keeping what is there; a new recording of the same request replaces the old one. */
function appendFixture(path: string, rule: FixtureRule): void {
  const document = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { rules?: FixtureRule[] } | FixtureRule[]) : { rules: [] };
  const rules = (Array.isArray(document) ? document : (document.rules ?? [])).filter((old) => old.match?.requestHash !== rule.match?.requestHash);
  rules.push(rule);
  writeFileSync(path, `${JSON.stringify({ rules }, null, 2)}\n`);
}

/**
 * Forwards each request to a real Bedrock (Converse, whatever the incoming operation) and
 * records the exchange as a fixture rule matching exactly that request (`requestHash`), so that
 * a later run with the same `fixturesFile` replays it offline. Errors are recorded too.
 */
export class RecordingResponder implements Responder {
  readonly name = 'record';
  readonly paced = true;
  /** The SDK is loaded on the first recorded request, not by every fake Bedrock that could record. */
  private client: Promise<BedrockRuntimeClient> | undefined;

  constructor(readonly options: RecordingOptions) {}

  private connect(): Promise<BedrockRuntimeClient> {
    this.client ??= import('@aws-sdk/client-bedrock-runtime').then(
      ({ BedrockRuntimeClient }) =>
        new BedrockRuntimeClient({
          region: this.options.region ?? process.env.AWS_REGION ?? 'us-east-1',
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
          ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
          maxAttempts: 1,
        }),
    );
    return this.client;
  }

  async *respond(request: ModelRequest, signal: AbortSignal): AsyncIterable<AnswerPart> {
    const match = { model: request.model.entry.id, requestHash: requestFingerprint(request) };
    const name = `recorded: ${lastUserText(request.messages).slice(0, 60)}`;
    let output: ConverseCommandOutput;
    try {
      const [client, { ConverseCommand }] = await Promise.all([this.connect(), import('@aws-sdk/client-bedrock-runtime')]);
      output = await client.send(
        new ConverseCommand({
          modelId: request.model.requestedId,
          system: request.system.length > 0 ? request.system : undefined,
          messages: request.messages,
          inferenceConfig: request.inferenceConfig,
          toolConfig: request.toolConfig,
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      const code = (error as { name?: string }).name;
      const message = (error as { message?: string }).message ?? 'upstream error';
      if (!isBedrockErrorCode(code)) throw new BedrockError('ServiceUnavailableException', `Recording upstream failed: ${message}`, {}, { cause: error });
      appendFixture(this.options.fixturesFile, { name, match, error: { code, message } });
      throw new BedrockError(code, message);
    }
    const content = output.output?.message?.content ?? [];
    const text = content.map((block) => block.text ?? '').join('');
    const toolUse = content.flatMap((block) => (block.toolUse ? [{ name: block.toolUse.name ?? '', input: block.toolUse.input, toolUseId: block.toolUse.toolUseId }] : []));
    const usage = { inputTokens: output.usage?.inputTokens, outputTokens: output.usage?.outputTokens };
    appendFixture(this.options.fixturesFile, {
      name,
      match,
      respond: { ...(text ? { text } : {}), ...(toolUse.length > 0 ? { toolUse } : {}), stopReason: output.stopReason, usage },
    });
    if (text) yield { kind: 'text', text };
    for (const call of toolUse) yield { kind: 'toolUse', ...call };
    yield { kind: 'stop', stopReason: output.stopReason, usage };
  }
}
