import { BedrockError } from '../errors.js';
import type { GuardrailDefinition } from './GuardrailDefinition.js';
import { compileGuardrailRegexes } from './evaluateGuardrail.js';
import { loadGuardrailsFile } from './parseGuardrails.js';

/**
 * Converse/ConverseStream with an unknown guardrail id or version. Observed answer (not in AWS's
 * reference): ValidationException "The guardrail identifier or version provided in the request does
 * not exist." — quoted identically for a wrong id and for a version that does not exist in several
 * public write-ups found with the search tool on 2026-12-07 (e.g. runbooks noting "identical error
 * message" for `999` and for a wrong id).
 */
export const CONVERSE_UNKNOWN_GUARDRAIL = 'The guardrail identifier or version provided in the request does not exist.';

/**
 * ApplyGuardrail with an unknown guardrail: ResourceNotFoundException (404, listed among
 * ApplyGuardrail's errors in botocore's bedrock-runtime model) "Could not find guardrail with id
 * <id>" — the wording from a public troubleshooting write-up (read 2026-12-07), not AWS's docs.
 * The wording for an unknown version of a known guardrail was not found; the same answer is used.
 */
function applyGuardrailNotFound(id: string): BedrockError {
  return new BedrockError('ResourceNotFoundException', `Could not find guardrail with id ${id}`);
}

/** Which answer an unknown guardrail gets: Converse's ValidationException or ApplyGuardrail's 404. */
export type UnknownGuardrailAnswer = 'converse' | 'applyGuardrail';

/** The guardrails the fake serves, found by id or ARN. */
export class GuardrailStore {
  private readonly byId = new Map<string, GuardrailDefinition>();

  constructor(definitions: GuardrailDefinition[] = []) {
    for (const definition of definitions) this.add(definition);
  }

  /** Adds (or replaces) a guardrail; a later one with the same id wins. Its regexes are compiled here (a bad one throws). */
  add(definition: GuardrailDefinition): void {
    compileGuardrailRegexes(definition);
    this.byId.set(definition.id, definition);
  }

  list(): GuardrailDefinition[] {
    return [...this.byId.values()];
  }

  /**
   * The guardrail `identifier` (id or ARN) names at `version` (`DRAFT` or a published number);
   * throws AWS's answer for an unknown one.
   */
  resolve(identifier: string, version: string, answer: UnknownGuardrailAnswer): GuardrailDefinition {
    const id = identifier.startsWith('arn:') ? identifier.slice(identifier.lastIndexOf('/') + 1) : identifier;
    const definition = this.byId.get(id);
    const known = definition && (identifier.startsWith('arn:') ? definition.arn === identifier : true);
    if (!definition || !known || (version !== 'DRAFT' && !definition.versions.includes(version))) {
      throw answer === 'converse' ? new BedrockError('ValidationException', CONVERSE_UNKNOWN_GUARDRAIL) : applyGuardrailNotFound(id);
    }
    return definition;
  }
}

/** The store of `definitions` and then those of `file`; every user regex compiled (a bad one fails here). */
export function loadGuardrailStore(definitions: GuardrailDefinition[], file?: string): GuardrailStore {
  return new GuardrailStore([...definitions, ...(file ? loadGuardrailsFile(file) : [])]);
}
