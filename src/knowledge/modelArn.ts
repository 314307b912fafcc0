/**
 * `RetrieveAndGenerate` names its generation model by ARN (`knowledgeBaseConfiguration.modelArn`),
 * where Converse takes an id. The ARN differs by kind of id:
 *
 * | id                                         | ARN                                                                   |
 * |--------------------------------------------|-----------------------------------------------------------------------|
 * | `amazon.nova-lite-v1:0`                    | `arn:aws:bedrock:<region>::foundation-model/<id>` (no account)         |
 * | `us.anthropic.claude-…` (inference profile) | `arn:aws:bedrock:<region>:<account>:inference-profile/<id>`           |
 * | an ARN already                             | unchanged                                                             |
 */

/** The partition, region and account a function runs in (from its own ARN). */
export interface AwsLocation {
  partition: string;
  region: string;
  accountId: string;
}

/** Prefixes of cross-region (system-defined) inference profile ids, e.g. `us.anthropic.…`. */
export const INFERENCE_PROFILE_PREFIXES = ['us', 'eu', 'apac', 'global', 'us-gov', 'jp', 'au', 'ca'] as const;

/** True when `modelId` is a cross-region inference profile id rather than a foundation-model id. */
export function isInferenceProfileId(modelId: string): boolean {
  const dot = modelId.indexOf('.');
  if (dot <= 0) return false;
  const prefix = modelId.slice(0, dot);
  // A profile id has a region-group prefix before the provider: `us.anthropic.x`; `anthropic.x` has none.
  return (INFERENCE_PROFILE_PREFIXES as readonly string[]).includes(prefix) && modelId.indexOf('.', dot + 1) > dot;
}

/**
 * The ARN `RetrieveAndGenerate` needs for a model id.
 *
 * @example
 * modelArn('us.anthropic.claude-haiku-4-5-20251001-v1:0', { partition: 'aws', region: 'us-east-1', accountId: '123456789012' })
 * // 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0'
 */
export function modelArn(modelId: string, location: AwsLocation): string {
  if (modelId.startsWith('arn:')) return modelId;
  const { partition, region, accountId } = location;
  return isInferenceProfileId(modelId)
    ? `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${modelId}`
    : `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

/**
 * The partition, region and account of a Lambda function, from `context.invokedFunctionArn`
 * (`arn:aws:lambda:us-east-1:123456789012:function:name[:alias]`).
 *
 * @throws Error when the ARN is not a Lambda function ARN.
 */
export function locationOfFunction(invokedFunctionArn: string): AwsLocation {
  const match = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:/.exec(invokedFunctionArn);
  if (!match) throw new Error(`Not a Lambda function ARN: "${invokedFunctionArn}"`);
  return { partition: match[1], region: match[2], accountId: match[3] };
}
