import type {
  Citation,
  KnowledgeBaseRetrievalConfiguration,
  KnowledgeBaseRetrievalResult,
  RetrieveAndGenerateCommandInput,
  RetrieveAndGenerateCommandOutput,
  RetrieveAndGenerateStreamResponseOutput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { validationError } from '../errors.js';
import { EventStreamEncoder } from '../eventstream/EventStreamEncoder.js';
import { renderPrompt } from '../knowledgebase/promptTemplate.js';
import type { BedrockService, CallOutcome, PreparedCall } from '../server/BedrockService.js';
import { searchKnowledgeBase, type KnowledgeBaseSources } from './knowledgeBaseSearch.js';
import { logged, resolveTextModel, type ModelCallInput } from './ModelCall.js';
import { assertModelInput, bodyMembers } from './modelInput.js';

/** How many retrieved chunks the extractive answer cites (one sentence each). */
const CITED_CHUNKS = 3;
const NO_ANSWER = 'Sorry, I am unable to assist you with this request.';

/** A generated answer: its text, its citations, and the session it belongs to. */
interface RagAnswer {
  sessionId: string;
  text: string;
  citations: Citation[];
}

function firstSentence(text: string): string {
  const flat = text.replace(/^#+\s*/gm, '').replace(/\s+/g, ' ').trim();
  const match = /^.*?[.!?](?=\s|$)/.exec(flat);
  return (match ? match[0] : flat.slice(0, 200)).trim();
}

/** A retrieved reference as citations carry it: no score. */
function reference(result: KnowledgeBaseRetrievalResult): Citation['retrievedReferences'] extends Array<infer R> | undefined ? R : never {
  const { score: _score, ...rest } = result;
  return rest;
}

/** The deterministic answer: the first sentence of each of the best chunks, each a cited part. */
function extractiveAnswer(results: KnowledgeBaseRetrievalResult[]): { text: string; citations: Citation[] } {
  let text = '';
  const citations: Citation[] = results.map((result) => {
    const sentence = firstSentence(result.content?.text ?? '');
    const start = text.length === 0 ? 0 : text.length + 1;
    text = text.length === 0 ? sentence : `${text} ${sentence}`;
    return { generatedResponsePart: { textResponsePart: { text: sentence, span: { start, end: start + sentence.length - 1 } } }, retrievedReferences: [reference(result)] };
  });
  return { text: citations.length === 0 ? NO_ANSWER : text, citations };
}

/** A model's answer (upstream, fixture, recording responder): one cited part, referencing every retrieved chunk. */
async function generatedAnswer(prepared: PreparedCall, results: KnowledgeBaseRetrievalResult[]): Promise<{ text: string; citations: Citation[] }> {
  const { content } = await prepared.generation.complete();
  const text = content.map((block) => block.text ?? '').join('');
  if (text === '' || results.length === 0) return { text, citations: [] };
  return { text, citations: [{ generatedResponsePart: { textResponsePart: { text, span: { start: 0, end: text.length - 1 } } }, retrievedReferences: results.map(reference) }] };
}

/**
 * The shared steps of RetrieveAndGenerate and its stream: validate, open or continue the session,
 * retrieve (a continued session searches with the previous question too, as Bedrock reformulates
 * follow-up questions with the history), render the prompt template, and answer — extractively with
 * the deterministic responder, else with the model the call's responder reaches (upstream, fixtures,
 * record): the rendered prompt as the system prompt, the question as the user turn. Faults
 * configured for the operation apply.
 */
async function answer(
  service: BedrockService,
  sources: KnowledgeBaseSources,
  call: ModelCallInput,
  operation: 'RetrieveAndGenerate' | 'RetrieveAndGenerateStream',
  note: (outcome: CallOutcome, model?: ReturnType<typeof resolveTextModel>) => void,
): Promise<RagAnswer> {
  const body = bodyMembers(call.body);
  assertModelInput('bedrock-agent-runtime', operation, body);
  const input = body as unknown as RetrieveAndGenerateCommandInput;
  const question = input.input?.text;
  if (typeof question !== 'string' || question.trim() === '') throw validationError("1 validation error detected: Value at 'input.text' failed to satisfy constraint: Member must not be null");
  const configuration = input.retrieveAndGenerateConfiguration;
  if (configuration?.type !== 'KNOWLEDGE_BASE') throw validationError('Only retrieveAndGenerateConfiguration.type KNOWLEDGE_BASE is supported by the fake.');
  const kb = configuration.knowledgeBaseConfiguration;
  if (!kb?.knowledgeBaseId) throw validationError('knowledgeBaseConfiguration.knowledgeBaseId is required.');
  if (!kb.modelArn) throw validationError('knowledgeBaseConfiguration.modelArn is required.');
  const model = resolveTextModel(service, kb.modelArn);
  note({}, model);
  if (sources.engine) sources.engine.knowledgeBase(kb.knowledgeBaseId);
  const session = sources.sessions.open(input.sessionId, kb.knowledgeBaseId);
  const searchText = [session.history.at(-1)?.question, question].filter(Boolean).join('\n');
  const { results } = searchKnowledgeBase(sources, {
    knowledgeBaseId: kb.knowledgeBaseId,
    text: searchText,
    configuration: kb.retrievalConfiguration as KnowledgeBaseRetrievalConfiguration | undefined,
    limit: CITED_CHUNKS,
  });
  const prompt = renderPrompt(kb.generationConfiguration?.promptTemplate?.textPromptTemplate, question, results);
  const { maxTokens, temperature, topP, stopSequences } = kb.generationConfiguration?.inferenceConfig?.textInferenceConfig ?? {};
  const prepared = await service.prepare(
    operation,
    model,
    { system: [{ text: prompt }], messages: [{ role: 'user', content: [{ text: question }] }], inferenceConfig: { maxTokens, temperature, topP, stopSequences } },
    call.headers,
    false,
    call.clientGone,
  );
  const { text, citations } = prepared.responder.name === 'deterministic' ? extractiveAnswer(results) : await generatedAnswer(prepared, results);
  sources.sessions.record(session.sessionId, { question, answer: text });
  note({
    system: [{ text: prompt }],
    messages: [{ role: 'user', content: [{ text: question }] }],
    responder: prepared.responder.name,
    output: { text, citations: results.map((result) => result.location?.s3Location?.uri) },
  });
  return { sessionId: session.sessionId, text, citations };
}

/** RetrieveAndGenerate: retrieves, then answers with cited parts. */
export function retrieveAndGenerate(service: BedrockService, sources: KnowledgeBaseSources, call: ModelCallInput): Promise<Omit<RetrieveAndGenerateCommandOutput, '$metadata'>> {
  return logged(service, 'RetrieveAndGenerate', call, async (note) => {
    const { sessionId, text, citations } = await answer(service, sources, call, 'RetrieveAndGenerate', note);
    return { sessionId, output: { text }, citations };
  });
}

/**
 * RetrieveAndGenerateStream: the same answer as an event stream — an `output` event per cited
 * part followed by its `citation` event — and the session id in the
 * `x-amzn-bedrock-knowledge-base-session-id` header.
 */
export function retrieveAndGenerateStream(
  service: BedrockService,
  sources: KnowledgeBaseSources,
  call: ModelCallInput,
): Promise<{ sessionId: string; frames: AsyncGenerator<Uint8Array> }> {
  return logged(service, 'RetrieveAndGenerateStream', call, async (note) => {
    const { sessionId, text, citations } = await answer(service, sources, call, 'RetrieveAndGenerateStream', note);
    type Member = keyof RetrieveAndGenerateStreamResponseOutput & string;
    const events: Array<[Member, unknown]> = citations.length === 0 ? [['output', { text }]] : [];
    citations.forEach((citation, index) => {
      const part = citation.generatedResponsePart?.textResponsePart?.text ?? '';
      events.push(['output', { text: index === 0 ? part : ` ${part}` }]);
      events.push(['citation', { citation, generatedResponsePart: citation.generatedResponsePart, retrievedReferences: citation.retrievedReferences }]);
    });
    async function* frames(): AsyncGenerator<Uint8Array> {
      for (const [type, body] of events) yield EventStreamEncoder.event(type, body);
    }
    return { sessionId, frames: frames() };
  });
}
