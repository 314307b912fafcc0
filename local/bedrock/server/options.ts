import type { KnowledgeBaseDefinition } from '../knowledgebase/definitions.js';
import type { GuardrailDefinition } from '../guardrails/GuardrailDefinition.js';
import type { Responder } from '../conversation/types.js';
import type { FaultRule } from '../faults/FaultPlan.js';
import type { FixtureRule } from '../responders/FixtureRules.js';
import type { OpenAiUpstreamOptions } from '../responders/OpenAiUpstreamResponder.js';
import type { RecordingOptions } from '../responders/RecordingResponder.js';
import type { SignatureMode, SigningCredentials } from './SigV4Verifier.js';

/** The built-in responders, by name. */
export type ResponderName = 'deterministic' | 'upstream' | 'record' | 'fixtures-only';

/** Options of {@link startBedrockServer}. Every one is optional; the defaults suit tests. */
export interface BedrockServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). The standalone server uses 4010. */
  port?: number;
  /** Delay before the first token (ms). Default 0. */
  firstTokenDelayMs?: number;
  /** Output tokens per second. Default 0 (no delay). */
  tokensPerSecond?: number;
  /** Words in a deterministic answer. Default 24. */
  answerWords?: number;
  /** Model catalogue file. Default: `catalogue/models.json`. */
  catalogueFile?: string;
  /** A project's overlay merged on top of the catalogue (`.genai-kit/models.json`; see `genai-kit models import`). */
  catalogueOverlayFile?: string;
  /** The day model lifecycle states are computed for (`YYYY-MM-DD`). Default: today. */
  asOf?: string | Date;
  /** Where lifecycle warnings go (a Legacy model served, an EOL model refused). Default: stderr. */
  lifecycleLog?: (line: string) => void;
  /** A fixtures file (`{"rules": [...]}`), loaded at start and on reset. */
  fixturesFile?: string;
  /** Fixture rules given inline (after the file's). */
  fixtures?: FixtureRule[];
  /** The responder used when no fixture matches. Default `deterministic`; `fixtures-only` refuses unmatched requests (offline replay). */
  responder?: ResponderName | Responder;
  /** Responder per model id pattern (`*` wildcards), e.g. `{"meta.*": "upstream"}`. */
  modelResponders?: Record<string, ResponderName | Responder>;
  /** More named responders, selectable by `modelResponders` or the `x-fake-bedrock-responder` header. */
  responders?: Record<string, Responder>;
  /** The OpenAI-compatible upstream (Ollama, llama.cpp, vLLM) for the `upstream` responder. */
  upstream?: OpenAiUpstreamOptions;
  /** Record mode: forward to a real (or another) Bedrock and write the exchanges as fixtures. */
  record?: RecordingOptions;
  /** Faults applied to matching requests. */
  faults?: FaultRule[];
  /** Signature checking. Default `any`. */
  signature?: SignatureMode;
  /** Credentials the `strict` mode verifies against. Default: `local`/`local`. */
  credentials?: SigningCredentials[];
  /** Folder of knowledge-base documents: `<dir>/<knowledgeBaseId>/*.md|txt`, or flat files for every id. */
  knowledgeBaseDir?: string;
  /**
   * Knowledge bases and their S3 data sources (the template's, with local ids). When given, only
   * these ids exist: the bedrock-agent control plane serves them and Retrieve searches their index.
   */
  knowledgeBases?: KnowledgeBaseDefinition[];
  /** The S3 API the data sources are read through (the kit's local S3). Default: the SDK's (`AWS_ENDPOINT_URL_S3`). */
  s3Endpoint?: string;
  /** Where knowledge-base indexes and ingestion jobs persist (under `.local/`). Default: memory only. */
  knowledgeBaseDataDir?: string;
  /** Guardrails (CloudFormation `AWS::Bedrock::Guardrail` properties with local ids), e.g. from the template. */
  guardrails?: GuardrailDefinition[];
  /** A guardrails JSON file (`{"guardrails": [...]}`, see docs/fake-bedrock.md), loaded at start after `guardrails`. */
  guardrailsFile?: string;
  /** Largest request body (bytes). Default 20 MiB. */
  bodyLimitBytes?: number;
  /** Invocations kept for inspection. Default 1000. */
  invocationLogLimit?: number;
  /** Fastify request logging. Default false. */
  logger?: boolean;
}
