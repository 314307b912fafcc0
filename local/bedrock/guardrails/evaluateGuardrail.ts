import type {
  GuardrailAssessment,
  GuardrailContentFilter,
  GuardrailContextualGroundingFilter,
  GuardrailCustomWord,
  GuardrailManagedWord,
  GuardrailOutputContent,
  GuardrailPiiEntityFilter,
  GuardrailRegexFilter,
  GuardrailTopic,
  GuardrailUsage,
} from '@aws-sdk/client-bedrock-runtime';
import type { FilterStrength, GuardrailDefinition, PiiAction, PolicyAction } from './GuardrailDefinition.js';
import { CONTENT_LEXICON, PROFANITY, STOP_WORDS } from './lexicon.js';
import { detectPii } from './piiDetectors.js';
import { containsPhrase, findPhrase, words } from './textMatch.js';
import { UserRegex } from './UserRegex.js';

export type GuardrailSource = 'INPUT' | 'OUTPUT';

/** One piece of text to assess, with ApplyGuardrail's qualifiers (`grounding_source`, `query`, `guard_content`). */
export interface GuardedText {
  text: string;
  qualifiers?: string[];
}

export interface GuardrailEvaluation {
  action: 'GUARDRAIL_INTERVENED' | 'NONE';
  actionReason: string;
  /** True when a policy blocked (the answer becomes the blocked message). */
  blocked: boolean;
  /** ApplyGuardrail's `outputs`: the blocked message, or the masked texts, or nothing. */
  outputs: GuardrailOutputContent[];
  /** The assessed texts after anonymisation (same order as the guarded ones). */
  maskedTexts: string[];
  assessment: GuardrailAssessment;
  usage: GuardrailUsage;
}

export interface EvaluateOptions {
  /** `FULL` also lists what was assessed but not detected (not for words and regexes, as on AWS). */
  outputScope?: 'INTERVENTIONS' | 'FULL';
}

type Confidence = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
const RANK: Record<Confidence, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
/** The lowest confidence a filter of this strength acts on (AWS: a stronger filter blocks less certain content). */
const THRESHOLD: Record<Exclude<FilterStrength, 'NONE'>, Confidence> = { LOW: 'HIGH', MEDIUM: 'MEDIUM', HIGH: 'LOW' };

interface Toggles {
  InputEnabled?: boolean;
  OutputEnabled?: boolean;
  InputAction?: PolicyAction | PiiAction;
  OutputAction?: PolicyAction | PiiAction;
}

function enabled(entry: Toggles, source: GuardrailSource): boolean {
  return (source === 'INPUT' ? entry.InputEnabled : entry.OutputEnabled) !== false;
}

function actionOf<A extends string>(entry: Toggles, source: GuardrailSource, fallback: A): A {
  return ((source === 'INPUT' ? entry.InputAction : entry.OutputAction) ?? fallback) as A;
}

const regexCache = new WeakMap<object, UserRegex>();
function userRegex(config: { Name: string; Pattern: string }): UserRegex {
  let compiled = regexCache.get(config);
  if (!compiled) regexCache.set(config, (compiled = new UserRegex(config.Name, config.Pattern)));
  return compiled;
}

/** Compiles every user regex of `definition` (so a bad pattern fails at load, not on a request). */
export function compileGuardrailRegexes(definition: GuardrailDefinition): void {
  for (const regex of definition.properties.SensitiveInformationPolicyConfig?.RegexesConfig ?? []) userRegex(regex);
}

/** The texts the policies assess: `guard_content` ones if any are marked, else all but grounding sources and queries. */
function guardedTexts(blocks: GuardedText[]): GuardedText[] {
  const marked = blocks.filter((block) => block.qualifiers?.includes('guard_content'));
  if (marked.length > 0) return marked;
  return blocks.filter((block) => !block.qualifiers?.some((q) => q === 'grounding_source' || q === 'query'));
}

function keywords(text: string): Set<string> {
  return new Set(words(text, 4).filter((word) => !STOP_WORDS.has(word)));
}

/**
 * Applies a guardrail to texts, deterministically (see docs/fake-bedrock.md, "Guardrails"): content
 * filters and denied topics match words and phrases, word filters match words, PII types match the
 * built-in patterns and user regexes run on RE2JS.
 */
export function evaluateGuardrail(
  definition: GuardrailDefinition,
  source: GuardrailSource,
  blocks: GuardedText[],
  options: EvaluateOptions = {},
): GuardrailEvaluation {
  const started = performance.now();
  const full = options.outputScope === 'FULL';
  const props = definition.properties;
  const guarded = guardedTexts(blocks);
  const joined = guarded.map((block) => block.text).join('\n');
  const assessment: GuardrailAssessment = {};
  let blocked = false;
  let masked = false;

  if (props.ContentPolicyConfig) {
    const filters: GuardrailContentFilter[] = [];
    for (const filter of props.ContentPolicyConfig.FiltersConfig ?? []) {
      const strength = source === 'INPUT' ? filter.InputStrength : filter.OutputStrength;
      if (!enabled(filter, source) || !strength || strength === 'NONE') continue;
      const hits = new Set(CONTENT_LEXICON[filter.Type]?.filter((term) => containsPhrase(joined, term)) ?? []);
      const confidence: Confidence = hits.size === 0 ? 'NONE' : hits.size === 1 ? 'MEDIUM' : 'HIGH';
      const detected = confidence !== 'NONE' && RANK[confidence] >= RANK[THRESHOLD[strength]];
      const action = detected ? actionOf<PolicyAction>(filter, source, 'BLOCK') : 'NONE';
      if (action === 'BLOCK') blocked = true;
      if (detected || full) filters.push({ type: filter.Type, confidence, filterStrength: strength, action: action === 'BLOCK' ? 'BLOCKED' : 'NONE', detected });
    }
    if (filters.length > 0) assessment.contentPolicy = { filters };
  }

  if (props.TopicPolicyConfig) {
    const topics: GuardrailTopic[] = [];
    const textWords = new Set(words(joined));
    for (const topic of props.TopicPolicyConfig.TopicsConfig ?? []) {
      if (!enabled(topic, source)) continue;
      const byPhrase = [topic.Name, ...(topic.Examples ?? [])].some((phrase) => containsPhrase(joined, phrase));
      const shared = [...keywords(topic.Definition)].filter((word) => textWords.has(word));
      const detected = byPhrase || shared.length >= 2;
      const action = detected ? actionOf<PolicyAction>(topic, source, 'BLOCK') : 'NONE';
      if (action === 'BLOCK') blocked = true;
      if (detected || full) topics.push({ name: topic.Name, type: 'DENY', action: action === 'BLOCK' ? 'BLOCKED' : 'NONE', detected });
    }
    if (topics.length > 0) assessment.topicPolicy = { topics };
  }

  if (props.WordPolicyConfig) {
    const customWords: GuardrailCustomWord[] = [];
    const managedWordLists: GuardrailManagedWord[] = [];
    for (const word of props.WordPolicyConfig.WordsConfig ?? []) {
      if (!enabled(word, source)) continue;
      for (const match of new Set(findPhrase(joined, word.Text))) {
        const action = actionOf<PolicyAction>(word, source, 'BLOCK');
        if (action === 'BLOCK') blocked = true;
        customWords.push({ match, action: action === 'BLOCK' ? 'BLOCKED' : 'NONE', detected: true });
      }
    }
    for (const list of props.WordPolicyConfig.ManagedWordListsConfig ?? []) {
      if (!enabled(list, source) || list.Type !== 'PROFANITY') continue;
      for (const match of new Set(PROFANITY.flatMap((word) => findPhrase(joined, word)))) {
        const action = actionOf<PolicyAction>(list, source, 'BLOCK');
        if (action === 'BLOCK') blocked = true;
        managedWordLists.push({ match, type: 'PROFANITY', action: action === 'BLOCK' ? 'BLOCKED' : 'NONE', detected: true });
      }
    }
    if (customWords.length + managedWordLists.length > 0) assessment.wordPolicy = { customWords, managedWordLists };
  }

  let maskedTexts = guarded.map((block) => block.text);
  const sensitive = props.SensitiveInformationPolicyConfig;
  if (sensitive) {
    const piiEntities: GuardrailPiiEntityFilter[] = [];
    const regexes: GuardrailRegexFilter[] = [];
    const record = (action: PiiAction, mask: string, matches: (text: string) => string[], push: (match: string, action: PiiAction) => void) => {
      maskedTexts = maskedTexts.map((text) => {
        let result = text;
        for (const match of new Set(matches(text))) {
          push(match, action);
          if (action === 'BLOCK') blocked = true;
          if (action === 'ANONYMIZE') {
            masked = true;
            result = result.split(match).join(mask);
          }
        }
        return result;
      });
    };
    const piiAction = (action: PiiAction) => (action === 'BLOCK' ? 'BLOCKED' : action === 'ANONYMIZE' ? 'ANONYMIZED' : 'NONE');
    for (const entity of sensitive.PiiEntitiesConfig ?? []) {
      if (!enabled(entity, source)) continue;
      const action = actionOf<PiiAction>(entity, source, entity.Action);
      const before = piiEntities.length;
      record(action, `{${entity.Type}}`, (text) => detectPii(entity.Type, text), (match, act) =>
        piiEntities.push({ match, type: entity.Type as GuardrailPiiEntityFilter['type'], action: piiAction(act), detected: true }),
      );
      if (full && piiEntities.length === before) piiEntities.push({ match: '', type: entity.Type as GuardrailPiiEntityFilter['type'], action: 'NONE', detected: false });
    }
    for (const regex of sensitive.RegexesConfig ?? []) {
      if (!enabled(regex, source)) continue;
      const action = actionOf<PiiAction>(regex, source, regex.Action);
      record(action, `{${regex.Name}}`, (text) => userRegex(regex).matches(text), (match, act) =>
        regexes.push({ name: regex.Name, regex: regex.Pattern, match, action: piiAction(act), detected: true }),
      );
    }
    if (piiEntities.length + regexes.length > 0) assessment.sensitiveInformationPolicy = { piiEntities, regexes };
  }

  if (props.ContextualGroundingPolicyConfig && source === 'OUTPUT') {
    const groundingSource = blocks.filter((block) => block.qualifiers?.includes('grounding_source')).map((block) => block.text).join('\n');
    const query = blocks.filter((block) => block.qualifiers?.includes('query')).map((block) => block.text).join('\n');
    const answer = keywords(joined);
    const filters: GuardrailContextualGroundingFilter[] = [];
    const share = (of: Set<string>, within: Set<string>) => (of.size === 0 ? 1 : Math.round(([...of].filter((word) => within.has(word)).length / of.size) * 100) / 100);
    for (const filter of props.ContextualGroundingPolicyConfig.FiltersConfig ?? []) {
      if (filter.Enabled === false) continue;
      if (filter.Type === 'GROUNDING' && !groundingSource) continue;
      if (filter.Type === 'RELEVANCE' && !query) continue;
      const score = filter.Type === 'GROUNDING' ? share(answer, keywords(groundingSource)) : share(keywords(query), answer);
      const detected = score < filter.Threshold;
      const action = detected ? (filter.Action ?? 'BLOCK') : 'NONE';
      if (action === 'BLOCK') blocked = true;
      if (detected || full) filters.push({ type: filter.Type, threshold: filter.Threshold, score, action: action === 'BLOCK' ? 'BLOCKED' : 'NONE', detected });
    }
    if (filters.length > 0) assessment.contextualGroundingPolicy = { filters };
  }

  const characters = joined.length;
  const units = Math.max(1, Math.ceil(characters / 1000));
  const onlyRegexes = sensitive && (sensitive.PiiEntitiesConfig ?? []).length === 0;
  const usage: GuardrailUsage = {
    topicPolicyUnits: props.TopicPolicyConfig ? units : 0,
    contentPolicyUnits: props.ContentPolicyConfig ? units : 0,
    wordPolicyUnits: props.WordPolicyConfig ? units : 0,
    sensitiveInformationPolicyUnits: sensitive && !onlyRegexes ? units : 0,
    sensitiveInformationPolicyFreeUnits: sensitive && onlyRegexes ? units : 0,
    contextualGroundingPolicyUnits: props.ContextualGroundingPolicyConfig && source === 'OUTPUT' ? units : 0,
  };
  const totalCharacters = blocks.reduce((sum, block) => sum + block.text.length, 0);
  assessment.invocationMetrics = {
    guardrailProcessingLatency: Math.round(performance.now() - started),
    usage,
    guardrailCoverage: { textCharacters: { guarded: characters, total: totalCharacters } },
  };

  const intervened = blocked || masked;
  const blockedMessage = source === 'INPUT' ? props.BlockedInputMessaging : props.BlockedOutputsMessaging;
  return {
    action: intervened ? 'GUARDRAIL_INTERVENED' : 'NONE',
    actionReason: intervened ? 'Guardrail blocked.' : 'No action.',
    blocked,
    outputs: blocked ? [{ text: blockedMessage }] : masked ? maskedTexts.map((text) => ({ text })) : [],
    maskedTexts,
    assessment,
    usage,
  };
}
