import { readFileSync } from 'node:fs';
import { guardrailArn, localGuardrailId, type GuardrailDefinition, type GuardrailProperties } from './GuardrailDefinition.js';

/** A guardrail as a file gives it: the CloudFormation properties, optionally its `Id` and published `Versions`. */
export type GuardrailFileEntry = GuardrailProperties & { Id?: string; Versions?: Array<string | number> };

const ID = /^[a-z0-9]{1,64}$/;

function fail(where: string, message: string): never {
  throw new Error(`guardrails: ${where}: ${message}`);
}

/** Checks the properties the fake needs (the required ones of `AWS::Bedrock::Guardrail`). */
export function checkGuardrailProperties(value: unknown, where: string): GuardrailProperties {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object');
  const props = value as Record<string, unknown>;
  for (const key of ['Name', 'BlockedInputMessaging', 'BlockedOutputsMessaging'] as const) {
    if (typeof props[key] !== 'string' || props[key] === '') fail(where, `${key} is required (a non-empty string)`);
  }
  const regexes = (props.SensitiveInformationPolicyConfig as { RegexesConfig?: Array<{ Pattern?: unknown; Name?: unknown }> } | undefined)?.RegexesConfig ?? [];
  for (const regex of regexes) {
    if (typeof regex.Pattern !== 'string' || typeof regex.Name !== 'string') fail(where, 'every RegexesConfig entry needs Name and Pattern');
    if (regex.Pattern.length > 500) fail(where, `regex ${regex.Name}: Pattern longer than 500 characters (AWS's limit)`);
  }
  return props as unknown as GuardrailProperties;
}

/**
 * Guardrail definitions from a parsed JSON document: `{"guardrails": [...]}` or a bare list, each
 * entry the properties of `AWS::Bedrock::Guardrail` plus optional `Id` and `Versions`.
 *
 * @example
 * parseGuardrails([{ Name: 'chat', BlockedInputMessaging: 'No.', BlockedOutputsMessaging: 'No.', Id: 'abc123def456', Versions: [1] }]);
 */
export function parseGuardrails(document: unknown, source = 'guardrails file'): GuardrailDefinition[] {
  const list = Array.isArray(document) ? document : (document as { guardrails?: unknown } | null)?.guardrails;
  if (!Array.isArray(list)) fail(source, 'expected a list of guardrails or {"guardrails": [...]}');
  return list.map((entry: unknown, index) => {
    const where = `${source} [${index}]`;
    const { Id, Versions, ...rest } = (entry ?? {}) as GuardrailFileEntry;
    const properties = checkGuardrailProperties(rest, where);
    const id = Id ?? localGuardrailId(properties.Name);
    if (!ID.test(id)) fail(where, `Id ${id} must match [a-z0-9]+ (AWS's guardrail id format)`);
    const versions = (Versions ?? []).map(String);
    for (const version of versions) if (!/^[1-9][0-9]{0,7}$/.test(version)) fail(where, `version ${version} must be a positive number`);
    return { id, arn: guardrailArn(id), versions, properties };
  });
}

/** Reads a guardrails JSON file (see {@link parseGuardrails}). */
export function loadGuardrailsFile(file: string): GuardrailDefinition[] {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`guardrails: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseGuardrails(document, file);
}

/** A guardrail as `local/template` reads it (`TemplateModel.guardrails`; typed here so the fake's image needs no template code). */
export interface TemplateGuardrail {
  logicalId: string;
  id: string;
  arn: string;
  versions: string[];
  properties: Record<string, unknown>;
}

/** The template's guardrails as the fake Bedrock holds them. */
export function guardrailsFromTemplate(guardrails: TemplateGuardrail[] = []): GuardrailDefinition[] {
  return guardrails.map((guardrail) => ({
    id: guardrail.id,
    arn: guardrail.arn,
    versions: guardrail.versions,
    properties: checkGuardrailProperties(guardrail.properties, `template resource ${guardrail.logicalId}`),
  }));
}
