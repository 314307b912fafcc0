/** ARNs and names of the Step Functions API (local account and region). */
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../../template/model.js';
import { SfnApiError } from '../errors.js';

const PREFIX = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}`;

export function stateMachineArn(name: string): string {
  return `${PREFIX}:stateMachine:${name}`;
}

export function executionArn(stateMachineName: string, name: string, express: boolean, uuid: string): string {
  return express ? `${PREFIX}:express:${stateMachineName}:${name}:${uuid}` : `${PREFIX}:execution:${stateMachineName}:${name}`;
}

/**
 * Splits a state machine ARN, with Step Functions Local's `#<TestCase>` suffix that selects a
 * mocked test case.
 */
export function parseStateMachineArn(arn: string | undefined): { name: string; arn: string; testCase?: string } {
  if (!arn) throw new SfnApiError('ValidationException', "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null");
  const [base, testCase] = arn.split('#', 2);
  const match = /^arn:aws[a-z-]*:states:[^:]+:\d{12}:stateMachine:([^:]+)$/.exec(base);
  if (!match) throw new SfnApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  return { name: match[1], arn: base, testCase: testCase || undefined };
}

export function checkExecutionArn(arn: string | undefined): string {
  if (!arn) throw new SfnApiError('ValidationException', "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null");
  if (!/^arn:aws[a-z-]*:states:[^:]+:\d{12}:(execution|express):[^:]+:[^:]+(:[^:]+)?$/.test(arn)) {
    throw new SfnApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  }
  return arn;
}

// AWS refuses control characters in names, so the pattern must name them.
// eslint-disable-next-line no-control-regex
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/** Checks a state machine or execution name as AWS does (1–80 characters, no special characters). */
export function checkName(name: string, what: 'state machine' | 'execution'): string {
  if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name)) {
    throw new SfnApiError('InvalidName', `Invalid Name: '${name}' (a ${what} name has 1 to 80 characters, without whitespace, brackets, wildcards or special characters)`);
  }
  return name;
}
