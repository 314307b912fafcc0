/**
 * Record → commit → replay for the fake Bedrock: `record` forwards every request a fixture does
 * not answer to a real Bedrock and writes the exchange to a fixtures file, keyed by a hash of the
 * request (model, system, messages, tools); `replay` answers only from that file, and a request
 * with no recording fails loudly.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AnswerPart, ModelRequest, Responder } from '../bedrock/conversation/types.js';
import { lastUserText, requestFingerprint } from '../bedrock/conversation/requestFingerprint.js';
import { BedrockError } from '../bedrock/errors.js';
import type { RecordingOptions } from '../bedrock/responders/RecordingResponder.js';
import type { BedrockServerOptions } from '../bedrock/server/options.js';

/** Where `record` forwards to: a file, or a file with the upstream's endpoint, region or credentials (default: the SDK's, i.e. real AWS). */
export type RecordTarget = string | ({ file: string } & Omit<RecordingOptions, 'fixturesFile'>);

/** The fake Bedrock's options of the testing API: the stack's, plus `record` or `replay`. */
export type TestBedrockOptions = Omit<BedrockServerOptions, 'host' | 'port' | 'record'> & {
  /** Record: answer from the file what it has, forward the rest to a real Bedrock and append it. */
  record?: RecordTarget;
  /** Replay: answer only from this recordings file; a request it has no answer for fails (and `stop()` throws). */
  replay?: string;
};

/** A request `replay` had no recording of. */
export interface ReplayMiss {
  modelId: string;
  operation: string;
  lastUserMessage: string;
  requestHash: string;
}

/** Refuses every request (fixtures answer first); remembers what it refused. */
class ReplayMissResponder implements Responder {
  readonly name = 'replay';
  readonly ignoresSignal = true;

  constructor(
    private readonly file: string,
    readonly misses: ReplayMiss[],
  ) {}

  respond(request: ModelRequest): Iterable<AnswerPart> {
    const miss = { modelId: request.model.requestedId, operation: request.operation, lastUserMessage: lastUserText(request.messages), requestHash: requestFingerprint(request) };
    this.misses.push(miss);
    const message = `No recording in ${this.file} matches this request (${miss.operation} ${miss.modelId}, request hash ${miss.requestHash}, last user message "${miss.lastUserMessage.slice(0, 80)}"). Record it again with bedrock: { record: … }.`;
    return {
      [Symbol.iterator](): Iterator<AnswerPart> {
        throw new BedrockError('ValidationException', message);
      },
    };
  }
}

/** The stack's fake Bedrock options for `record` / `replay`, and the misses a replay collects. */
export function recordedModelOptions(options: TestBedrockOptions | undefined, projectDir: string): { bedrock?: Omit<BedrockServerOptions, 'host' | 'port'>; misses?: ReplayMiss[]; replayFile?: string } {
  if (!options) return {};
  const { record, replay, ...rest } = options;
  if (record && replay) throw new Error('bedrock: give record or replay, not both');
  if (record) {
    const { file, ...upstream } = typeof record === 'string' ? { file: record } : record;
    const fixturesFile = path.resolve(projectDir, file);
    return { bedrock: { ...rest, responder: 'record', record: { ...upstream, fixturesFile }, ...(existsSync(fixturesFile) ? { fixturesFile } : {}) } };
  }
  if (replay) {
    const fixturesFile = path.resolve(projectDir, replay);
    if (!existsSync(fixturesFile)) throw new Error(`bedrock.replay: ${fixturesFile} does not exist; record it first with bedrock: { record: '${replay}' }`);
    const misses: ReplayMiss[] = [];
    return { bedrock: { ...rest, fixturesFile, responder: new ReplayMissResponder(replay, misses) }, misses, replayFile: replay };
  }
  return { bedrock: rest };
}
