/**
 * A guardrail as the fake Bedrock holds it: the properties of CloudFormation's
 * `AWS::Bedrock::Guardrail` (same names, same shape), plus the local id, ARN and the published
 * versions. Read from the template (`local/template/`) or from a JSON file in the same shape.
 */

export type FilterStrength = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
export type ContentFilterType = 'SEXUAL' | 'VIOLENCE' | 'HATE' | 'INSULTS' | 'MISCONDUCT' | 'PROMPT_ATTACK';
/** `InputAction` / `OutputAction` of a policy entry; a missing one means BLOCK (or the entry's `Action`). */
export type PolicyAction = 'BLOCK' | 'NONE';
export type PiiAction = 'BLOCK' | 'ANONYMIZE' | 'NONE';

export interface ContentFilterConfig {
  Type: ContentFilterType;
  InputStrength: FilterStrength;
  OutputStrength: FilterStrength;
  InputAction?: PolicyAction;
  OutputAction?: PolicyAction;
  InputEnabled?: boolean;
  OutputEnabled?: boolean;
}

export interface TopicConfig {
  Name: string;
  Definition: string;
  Examples?: string[];
  Type: 'DENY';
  InputAction?: PolicyAction;
  OutputAction?: PolicyAction;
  InputEnabled?: boolean;
  OutputEnabled?: boolean;
}

export interface WordConfig {
  Text: string;
  InputAction?: PolicyAction;
  OutputAction?: PolicyAction;
  InputEnabled?: boolean;
  OutputEnabled?: boolean;
}

export interface ManagedWordsConfig {
  Type: 'PROFANITY';
  InputAction?: PolicyAction;
  OutputAction?: PolicyAction;
  InputEnabled?: boolean;
  OutputEnabled?: boolean;
}

export interface PiiEntityConfig {
  Type: string;
  Action: PiiAction;
  InputAction?: PiiAction;
  OutputAction?: PiiAction;
  InputEnabled?: boolean;
  OutputEnabled?: boolean;
}

export interface RegexConfig {
  Name: string;
  Pattern: string;
  Action: PiiAction;
  Description?: string;
  InputAction?: PiiAction;
  OutputAction?: PiiAction;
  InputEnabled?: boolean;
  OutputEnabled?: boolean;
}

export interface GroundingFilterConfig {
  Type: 'GROUNDING' | 'RELEVANCE';
  Threshold: number;
  Action?: PolicyAction;
  Enabled?: boolean;
}

/** The properties of `AWS::Bedrock::Guardrail`, as CloudFormation documents them. */
export interface GuardrailProperties {
  Name: string;
  Description?: string;
  BlockedInputMessaging: string;
  BlockedOutputsMessaging: string;
  ContentPolicyConfig?: { FiltersConfig: ContentFilterConfig[] };
  TopicPolicyConfig?: { TopicsConfig: TopicConfig[] };
  WordPolicyConfig?: { WordsConfig?: WordConfig[]; ManagedWordListsConfig?: ManagedWordsConfig[] };
  SensitiveInformationPolicyConfig?: { PiiEntitiesConfig?: PiiEntityConfig[]; RegexesConfig?: RegexConfig[] };
  ContextualGroundingPolicyConfig?: { FiltersConfig: GroundingFilterConfig[] };
}

/** One guardrail the fake serves. */
export interface GuardrailDefinition {
  /** 12 lowercase alphanumerics, like AWS's. */
  id: string;
  arn: string;
  /** Published versions (`"1"`, `"2"`, …); `DRAFT` always exists. */
  versions: string[];
  properties: GuardrailProperties;
}

/** The local account and region (the kit's, DESIGN.md); the standalone fake does not read the template. */
const LOCAL_ACCOUNT_ID = '000000000000';
const LOCAL_REGION = 'us-east-1';

/** The ARN of a local guardrail. */
export function guardrailArn(id: string): string {
  return `arn:aws:bedrock:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:guardrail/${id}`;
}

/**
 * A deterministic guardrail id in AWS's format (12 characters of `[a-z0-9]`, e.g. `3mzzryddufkp`)
 * from a name. `local/template/localNames.ts` re-exports it, so a file guardrail named like a
 * template one gets its id.
 */
export function localGuardrailId(name: string): string {
  let a = 2166136261;
  let b = 5381;
  for (const char of name) {
    a = Math.imul(a ^ char.charCodeAt(0), 16777619) >>> 0;
    b = (Math.imul(b, 33) + char.charCodeAt(0)) >>> 0;
  }
  return a.toString(36).padStart(7, '0').slice(-7) + b.toString(36).padStart(5, '0').slice(-5);
}
