/** The shapes that travel through the document pipelines (execution input, task events, results). */

/** Content types `POST /documents` accepts. */
export const DOCUMENT_CONTENT_TYPES = ['text/plain', 'text/markdown', 'application/pdf'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** `summary`: extract → analyse → summarise. `analysis`: extract → sentiment ∥ keywords → combine. */
export const PIPELINES = ['summary', 'analysis'] as const;
export type PipelineName = (typeof PIPELINES)[number];

/** The execution input of both state machines, and the event of the extract-text task. */
export interface DocumentInput {
  document_id: string;
  owner: string;
  pipeline: PipelineName;
  content_type: DocumentContentType;
  /** Plain text or Markdown as text, when the client sent `text`. */
  text?: string;
  /** The document's bytes (any content type) when the client sent `content_base64`. */
  content_base64?: string;
  /** Where the document is when it was uploaded to S3 (`POST /documents/uploads`): the pipeline reads it there. */
  s3?: { bucket: string; key: string };
}

/** What the extract-text task returns. */
export interface ExtractedText {
  text: string;
  characters: number;
  /** True when the text was cut to the configured maximum. */
  truncated: boolean;
}

/** The body of an Anthropic Messages answer, as `bedrock:invokeModel` puts it under `Body`. */
export interface AnthropicMessagesBody {
  content?: { type: string; text?: string }[];
  stop_reason?: string;
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** The event of the combine-results task (the parallel analysis). */
export interface CombineInput {
  document_id: string;
  characters: number;
  sentiment: AnthropicMessagesBody;
  keywords: AnthropicMessagesBody;
}

export interface CombinedAnalysis {
  document_id: string;
  characters: number;
  sentiment: { label: 'positive' | 'negative' | 'neutral' | 'mixed' | 'unknown'; explanation: string };
  keywords: string[];
}
