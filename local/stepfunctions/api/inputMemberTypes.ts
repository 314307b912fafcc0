/**
 * The JSON type of every top-level input member of the operations served (from botocore's
 * `stepfunctions` model), so a wrongly typed member answers `SerializationException` (400), as
 * AWS does, instead of reaching the service and failing there.
 */
import { SfnApiError } from '../errors.js';

type MemberType = 'string' | 'number' | 'boolean' | 'object' | 'array';

const MEMBER_TYPES: Record<string, MemberType> = {
  name: 'string',
  definition: 'string',
  roleArn: 'string',
  type: 'string',
  loggingConfiguration: 'object',
  tags: 'array',
  tracingConfiguration: 'object',
  publish: 'boolean',
  versionDescription: 'string',
  encryptionConfiguration: 'object',
  stateMachineArn: 'string',
  maxResults: 'number',
  nextToken: 'string',
  includedData: 'string',
  input: 'string',
  traceHeader: 'string',
  executionArn: 'string',
  reverseOrder: 'boolean',
  includeExecutionData: 'boolean',
  statusFilter: 'string',
  mapRunArn: 'string',
  redriveFilter: 'string',
  error: 'string',
  cause: 'string',
};

function typeOf(value: unknown): MemberType | 'null' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object' ? type : 'other';
}

/** Throws `SerializationException` when a known member has the wrong JSON type (`null` counts as absent). */
export function checkInputMemberTypes(input: Record<string, unknown>): void {
  for (const [member, value] of Object.entries(input)) {
    const expected = Object.hasOwn(MEMBER_TYPES, member) ? MEMBER_TYPES[member] : undefined;
    const actual = typeOf(value);
    if (!expected || actual === 'null' || actual === expected) continue;
    const found = actual === 'object' || actual === 'array' ? 'Start of structure or map' : `${actual} value`;
    throw new SfnApiError('SerializationException', `${found} found where not expected (member ${member} must be a ${expected})`);
  }
}
