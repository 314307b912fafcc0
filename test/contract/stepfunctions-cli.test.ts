/**
 * The AWS CLI (botocore, an independent client) drives the local Step Functions API: the template's
 * pipelines start with `aws stepfunctions start-execution` and are read with `describe-execution`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../local/stack.js';
import { startEmbeddedStack } from '../integration/harness/startTestStack.js';

const exec = promisify(execFile);

describe('aws stepfunctions against the local stack', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function aws<T>(...args: string[]): Promise<T> {
    const { stdout } = await exec('aws', ['stepfunctions', ...args, '--endpoint-url', stack.endpoints.stepfunctions!, '--output', 'json'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    });
    return JSON.parse(stdout) as T;
  }

  async function awsError(...args: string[]): Promise<string> {
    try {
      await aws(...args);
    } catch (error) {
      return (error as { stderr: string }).stderr;
    }
    throw new Error('expected the CLI to fail');
  }

  async function describeWhenDone(executionArn: string) {
    for (let i = 0; i < 200; i += 1) {
      const described = await aws<{ status: string; output?: string; error?: string }>('describe-execution', '--execution-arn', executionArn);
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('execution did not finish');
  }

  it('lists the template’s state machines and runs both pipelines', async () => {
    const { stateMachines } = await aws<{ stateMachines: { name: string; stateMachineArn: string }[] }>('list-state-machines');
    const byLogicalId = (id: string) => stack.model.stateMachines.find((m) => m.logicalId === id)!.arn;
    expect(stateMachines.map((m) => m.stateMachineArn)).toEqual(expect.arrayContaining([byLogicalId('DocumentPipelineStateMachine'), byLogicalId('ParallelAnalysisStateMachine')]));

    for (const [logicalId, pipeline] of [['DocumentPipelineStateMachine', 'summary'], ['ParallelAnalysisStateMachine', 'analysis']] as const) {
      const input = JSON.stringify({ document_id: `cli-${pipeline}`, owner: 'cli', pipeline, content_type: 'text/plain', text: 'The AWS CLI started this pipeline.' });
      const { executionArn } = await aws<{ executionArn: string }>('start-execution', '--state-machine-arn', byLogicalId(logicalId), '--name', `cli-${pipeline}`, '--input', input);
      const described = await describeWhenDone(executionArn);
      expect(described.status, described.error).toBe('SUCCEEDED');
      expect(JSON.parse(described.output!)).toMatchObject({ document_id: `cli-${pipeline}`, pipeline });
    }
  });

  it('shows the history and AWS errors through the CLI', async () => {
    const arn = stack.model.stateMachines[0].arn;
    const { executionArn } = await aws<{ executionArn: string }>('start-execution', '--state-machine-arn', arn, '--input', '{"document_id":"h","owner":"cli","pipeline":"summary","content_type":"text/plain","text":"History."}');
    await describeWhenDone(executionArn);
    const { events } = await aws<{ events: { type: string; id: number }[] }>('get-execution-history', '--execution-arn', executionArn);
    expect(events[0].type).toBe('ExecutionStarted');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.map((e) => e.type)).toContain('TaskScheduled');

    expect(await awsError('start-execution', '--state-machine-arn', arn, '--input', '{oops')).toContain('InvalidExecutionInput');
    expect(
      await awsError('create-state-machine', '--name', 'Broken', '--role-arn', 'arn:aws:iam::000000000000:role/x', '--definition', '{"StartAt":"A","States":{"A":{"Type":"Pass"}}}'),
    ).toMatch(/InvalidDefinition[\s\S]*"A"/);
    expect(await awsError('describe-execution', '--execution-arn', `${arn.replace(':stateMachine:', ':execution:')}:missing`)).toContain('ExecutionDoesNotExist');
  });

  it('runs an express machine with StartSyncExecution from boto3 (host prefix off: the SDKs prefix the host with sync-)', async () => {
    const definition = JSON.stringify({ StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });
    const { stateMachineArn } = await aws<{ stateMachineArn: string }>('create-state-machine', '--name', 'CliExpress', '--type', 'EXPRESS', '--role-arn', 'arn:aws:iam::000000000000:role/x', '--definition', definition);
    const script = [
      'import boto3, json, sys',
      'from botocore.config import Config',
      "client = boto3.client('stepfunctions', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='local', aws_secret_access_key='local', config=Config(inject_host_prefix=False))",
      "result = client.start_sync_execution(stateMachineArn=sys.argv[2], input='{\"hello\": \"boto3\"}')",
      "print(json.dumps({'status': result['status'], 'output': result['output']}))",
    ].join('\n');
    const { stdout } = await exec('python3', ['-c', script, stack.endpoints.stepfunctions!, stateMachineArn]);
    expect(JSON.parse(stdout)).toEqual({ status: 'SUCCEEDED', output: '{"hello":"boto3"}' });
  });
});
