/**
 * Bedrock's knowledge-base answers → the JSON bodies of `POST /knowledge/query`.
 *
 * - generate: `{"answer", "citations": [{"text", "sources": [{"uri", "excerpt"}]}], "model"}`
 * - retrieve: `{"results": [{"text", "score", "uri"}]}`
 */
import type {
  RetrievalResultLocation,
  RetrieveAndGenerateCommandOutput,
  RetrieveCommandOutput,
  RetrievedReference,
} from '@aws-sdk/client-bedrock-agent-runtime';

export interface CitationSource {
  /** Where the passage came from (`s3://…`, a web URL, …); `null` when Bedrock did not say. */
  uri: string | null;
  /** The retrieved passage the answer part rests on. */
  excerpt: string;
}

export interface Citation {
  /** The part of the answer this citation supports. */
  text: string;
  sources: CitationSource[];
}

export interface GeneratedAnswer {
  answer: string;
  citations: Citation[];
  /** The model id that wrote the answer (after routing). */
  model: string;
}

export interface RetrievedPassage {
  text: string;
  /** Relevance from Bedrock (higher is more relevant); `null` when it gave none. */
  score: number | null;
  uri: string | null;
}

export interface RetrievedPassages {
  results: RetrievedPassage[];
}

/** Metadata key Bedrock sets on every chunk to the URI of its source document. */
const SOURCE_URI_METADATA = 'x-amz-bedrock-kb-source-uri';

/** The URI of a passage's source, whatever kind of data source it came from. */
export function sourceUri(location: RetrievalResultLocation | undefined, metadata?: Record<string, unknown>): string | null {
  const fromLocation =
    location?.s3Location?.uri ??
    location?.webLocation?.url ??
    location?.confluenceLocation?.url ??
    location?.salesforceLocation?.url ??
    location?.sharePointLocation?.url ??
    location?.kendraDocumentLocation?.uri ??
    location?.oneDriveLocation?.url ??
    location?.googleDriveLocation?.url ??
    location?.customDocumentLocation?.id;
  if (fromLocation) return fromLocation;
  const fromMetadata = metadata?.[SOURCE_URI_METADATA];
  return typeof fromMetadata === 'string' && fromMetadata ? fromMetadata : null;
}

function citationSource(reference: RetrievedReference): CitationSource {
  return { uri: sourceUri(reference.location, reference.metadata), excerpt: reference.content?.text ?? '' };
}

/**
 * The body of a generate answer. Citations without any reference are dropped (nothing to show).
 *
 * @example
 * toGeneratedAnswer({ output: { text: 'Yes.' }, citations: [] }, 'us.anthropic.claude-haiku-4-5-20251001-v1:0')
 * // { answer: 'Yes.', citations: [], model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' }
 */
export function toGeneratedAnswer(output: Omit<RetrieveAndGenerateCommandOutput, '$metadata'>, modelId: string): GeneratedAnswer {
  const citations = (output.citations ?? [])
    .map((citation) => ({
      text: citation.generatedResponsePart?.textResponsePart?.text ?? '',
      sources: (citation.retrievedReferences ?? []).map(citationSource),
    }))
    .filter((citation) => citation.sources.length > 0);
  return { answer: output.output?.text ?? '', citations, model: modelId };
}

/** The body of a retrieve answer, in Bedrock's order (most relevant first). */
export function toRetrievedPassages(output: Omit<RetrieveCommandOutput, '$metadata'>): RetrievedPassages {
  return {
    results: (output.retrievalResults ?? []).map((result) => ({
      text: result.content?.text ?? '',
      score: typeof result.score === 'number' ? result.score : null,
      uri: sourceUri(result.location, result.metadata),
    })),
  };
}
