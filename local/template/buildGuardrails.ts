import { isProps, str, type Props, type ResolvedResource } from './cfnTypes.js';
import { localGuardrailArn, localGuardrailId } from './localNames.js';
import type { GuardrailDef } from './model.js';
import { resolveIntrinsics, type IntrinsicContext } from './resolveIntrinsics.js';

const GUARDRAIL = 'AWS::Bedrock::Guardrail';
const GUARDRAIL_VERSION = 'AWS::Bedrock::GuardrailVersion';

/** The guardrail id an `AWS::Bedrock::GuardrailVersion`'s `GuardrailIdentifier` (an id or an ARN) names. */
function idOf(identifier: string): string {
  return identifier.slice(identifier.lastIndexOf('/') + 1);
}

/**
 * `Ref`/`Fn::GetAtt` of the template's `AWS::Bedrock::GuardrailVersion` resources, which need their
 * guardrail's id (so they are named after every other resource): versions are numbered 1, 2, … per
 * guardrail in template order, as publishing them one after another would. CloudFormation's
 * documentation: `Ref` returns `<guardrail-id>|<version>`; attributes `GuardrailArn`, `GuardrailId`,
 * `Version`.
 */
export function defineGuardrailVersionIdentities(resources: [string, Props][], context: IntrinsicContext): void {
  const counts = new Map<string, number>();
  for (const [logicalId, resource] of resources) {
    if (resource.Type !== GUARDRAIL_VERSION || !isProps(resource.Properties)) continue;
    let identifier: string;
    try {
      identifier = str(resolveIntrinsics(resource.Properties.GuardrailIdentifier, context));
    } catch {
      continue; // resolved with the other properties, which reports the error
    }
    const id = idOf(identifier);
    const version = String((counts.get(id) ?? 0) + 1);
    counts.set(id, Number(version));
    context.resourceRefs[logicalId] = `${id}|${version}`;
    context.attributes[logicalId] = { GuardrailArn: localGuardrailArn(id), GuardrailId: id, Version: version };
  }
}

/** The template's guardrails, each with the versions its `AWS::Bedrock::GuardrailVersion` resources publish. */
export function buildGuardrails(resources: ResolvedResource[]): GuardrailDef[] {
  const guardrails = resources
    .filter((resource) => resource.type === GUARDRAIL)
    .map((resource): GuardrailDef => ({
      logicalId: resource.logicalId,
      id: str(resource.attributes.GuardrailId),
      arn: str(resource.attributes.GuardrailArn),
      versions: [],
      properties: resource.properties,
    }));
  for (const version of resources.filter((resource) => resource.type === GUARDRAIL_VERSION)) {
    const guardrail = guardrails.find((candidate) => candidate.id === version.attributes.GuardrailId);
    if (guardrail) guardrail.versions.push(str(version.attributes.Version));
  }
  return guardrails;
}

/** `Ref` and attributes of an `AWS::Bedrock::Guardrail` (CloudFormation: `Ref` returns the ARN). */
export function guardrailIdentity(logicalId: string, explicitName: string | undefined): { ref: string; attributes: Record<string, unknown> } {
  const id = localGuardrailId(explicitName ?? logicalId);
  const arn = localGuardrailArn(id);
  return { ref: arn, attributes: { GuardrailArn: arn, GuardrailId: id, Version: 'DRAFT', Status: 'READY' } };
}

export const GUARDRAIL_TYPES = [GUARDRAIL, GUARDRAIL_VERSION];
