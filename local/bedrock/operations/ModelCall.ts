import type { ResolvedModel } from '../catalogue/ModelCatalogue.js';
import type { GenerationEvent, OperationName } from '../conversation/types.js';
import { BEDROCK_ERRORS, BedrockError, ConnectionDropSignal, validationError } from '../errors.js';
import type { BedrockService, CallOutcome, PreparedCall } from '../server/BedrockService.js';
import { MAX_PACE_MARKS } from '../inspection/InvocationLog.js';
import { EventStreamEncoder } from '../eventstream/EventStreamEncoder.js';
import type { ClientGone } from '../server/ClientGone.js';

/** One incoming call to a model operation, as the routes hand it over. */
export interface ModelCallInput {
  modelId: string;
  /** The parsed JSON body. */
  body: unknown;
  /** The body's bytes as sent (InvokeModel's payload is validated as a blob). */
  rawBody?: Uint8Array;
  headers: Record<string, string | undefined>;
  /** Whether the client went away (its `signal` is made only when asked for). */
  clientGone: Pick<ClientGone, 'aborted' | 'signal'>;
}

/** Resolves the model and refuses models of the wrong kind for the operation. */
export function resolveTextModel(service: BedrockService, modelId: string): ResolvedModel {
  const model = service.resolveModel(modelId);
  if (model.entry.kind !== 'text') {
    throw validationError("This action doesn't support the model that you provided. Try again with a supported text or chat model.");
  }
  return model;
}

/**
 * Runs `body`, logging the call whatever happens (rethrowing its error). With `logSuccess`
 * false only failures are logged: a started stream logs itself when it ends.
 */
export async function logged<T>(
  service: BedrockService,
  operation: OperationName,
  call: ModelCallInput,
  body: (note: (outcome: CallOutcome, model?: ResolvedModel) => void) => Promise<T>,
  logSuccess = true,
): Promise<T> {
  const started = performance.now();
  const outcome: CallOutcome = {};
  let model: ResolvedModel | undefined;
  try {
    const value = await body((more, resolved) => {
      Object.assign(outcome, more);
      model = resolved ?? model;
    });
    if (logSuccess) service.record(operation, call.modelId, call.body, started, outcome, model);
    return value;
  } catch (error) {
    service.record(operation, call.modelId, call.body, started, { ...outcome, error }, model);
    throw error;
  }
}

/** Maps one generation event to the JSON payloads of its frames (`[eventType, body]` pairs). */
type EventMapper = (event: GenerationEvent) => Array<[string, unknown]>;

/**
 * Starts a streamed answer: pulls the first event (so errors before any output become HTTP
 * errors), then yields encoded frames as events come. A fault's exception becomes an exception
 * frame; a dropped connection or a client gone away ends the iteration by throwing.
 */
export async function startEventStream(
  service: BedrockService,
  operation: OperationName,
  call: ModelCallInput,
  model: ResolvedModel,
  prepared: PreparedCall,
  mapEvent: EventMapper,
  outcome: () => CallOutcome,
): Promise<AsyncGenerator<Uint8Array>> {
  const events = prepared.generation.events();
  // From the call's start (injected latency and the pace's first-token delay included), as a client sees it.
  const started = prepared.startedAt;
  const first = await events.next();
  let timeToFirstTokenMs: number | undefined;
  let streamPace: [number, number][] | undefined = [];
  async function* frames(): AsyncGenerator<Uint8Array> {
    let failure: unknown;
    try {
      const send = (event: GenerationEvent) => {
        const mapped = mapEvent(event);
        // When answer text went out to the client (the console shows the first and replays the rest);
        // a guarded stream may hold text back and send it later, under another event.
        const characters = answerCharacters(event, mapped);
        if (characters > 0) {
          const offsetMs = Math.round(performance.now() - started);
          timeToFirstTokenMs ??= offsetMs;
          streamPace = streamPace && streamPace.length < MAX_PACE_MARKS ? (streamPace.push([offsetMs, characters]), streamPace) : undefined;
        }
        return mapped;
      };
      if (!first.done) for (const [type, body] of send(first.value)) yield EventStreamEncoder.event(type, body);
      for await (const event of events) for (const [type, body] of send(event)) yield EventStreamEncoder.event(type, body);
    } catch (error) {
      failure = error;
      if (error instanceof ConnectionDropSignal || call.clientGone.aborted) throw error;
      const bedrockError = error instanceof BedrockError ? error : new BedrockError('InternalServerException');
      const streamEvent = streamEventOf(bedrockError, operation);
      yield EventStreamEncoder.exception(streamEvent, bedrockError.toBody());
    } finally {
      if (!failure && (call.clientGone.aborted || !prepared.generation.result)) failure = new Error('client closed the stream');
      void events.return(undefined);
      service.record(operation, call.modelId, call.body, started, { ...outcome(), timeToFirstTokenMs, streamPace: streamPace?.length ? streamPace : undefined, error: failure }, model);
    }
  }
  return frames();
}

/**
 * Characters of answer text (or tool input) the frames an event maps to carry: a Converse stream's
 * `contentBlockDelta` frames as sent (a guarded stream's held or masked text), else the event's own.
 */
function answerCharacters(event: GenerationEvent, frames: Array<[string, unknown]>): number {
  if (!frames.length) return 0;
  let characters = 0;
  let converseDeltas = false;
  for (const [type, body] of frames) {
    if (type !== 'contentBlockDelta') continue;
    converseDeltas = true;
    const delta = (body as { delta?: { text?: string; toolUse?: { input?: string } } }).delta;
    characters += (delta?.text ?? delta?.toolUse?.input ?? '').length;
  }
  if (converseDeltas) return characters;
  if (event.type === 'textDelta') return event.text.length;
  return event.type === 'toolInputDelta' ? event.input.length : 0;
}

/**
 * The exception event `error` takes in `operation`'s stream. Only members of the operation's stream
 * union: the SDK reads any other event name as `$unknown` and the caller never sees an error.
 */
function streamEventOf(error: BedrockError, operation: OperationName): string {
  if (error.code === 'ModelErrorException') return 'modelStreamErrorException';
  const event = BEDROCK_ERRORS[error.code].streamEvent;
  // ConverseStreamOutput has no modelTimeoutException member (ResponseStream has).
  if (event === 'modelTimeoutException' && operation === 'ConverseStream') return 'modelStreamErrorException';
  return event ?? 'internalServerException';
}
