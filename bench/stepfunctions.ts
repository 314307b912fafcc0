/**
 * Step Functions benchmarks: the engine's own overhead per state (machines of 100 Pass states,
 * JSONPath and JSONata), and executions per second of the document pipeline (Lambda + two
 * bedrock:invokeModel calls against the fake model at zero latency) through the whole stack.
 *
 *   npx tsx bench/stepfunctions.ts [--executions 200] [--concurrency 10]
 */
import type { StateMachineDefinition } from '../local/stepfunctions/engine/aslTypes.js';
import { ExecutionHistory } from '../local/stepfunctions/engine/executionHistory.js';
import { startExecutionRun } from '../local/stepfunctions/engine/executionRunner.js';
import type { Json } from '../local/stepfunctions/engine/json.js';
import type { TaskDispatcher } from '../local/stepfunctions/engine/taskDispatcher.js';
import { startStack } from '../local/stack.js';
import { numberOption } from './lib/benchArgs.js';
import { StackClock } from '../local/clock/StackClock.js';

const executions = numberOption('executions', 200);
const concurrency = numberOption('concurrency', 10);

const noTasks: TaskDispatcher = { describe: () => ({ kind: 'service', resourceType: 'none', resource: 'none' }), invoke: async () => null };

function passChain(count: number, jsonata: boolean): StateMachineDefinition {
  const States: StateMachineDefinition['States'] = {};
  for (let i = 0; i < count; i += 1) {
    const next = i === count - 1 ? { End: true } : { Next: `S${i + 1}` };
    States[`S${i}`] = jsonata
      ? { Type: 'Pass', Output: { step: i, total: '{% $states.input.total + 1 %}' }, ...next }
      : { Type: 'Pass', Parameters: { step: i, 'total.$': 'States.MathAdd($.total, 1)' }, ...next };
  }
  return { StartAt: 'S0', States, ...(jsonata ? { QueryLanguage: 'JSONata' as const } : {}) };
}

async function runEngine(definition: StateMachineDefinition, input: Json): Promise<void> {
  const run = startExecutionRun(definition, {
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:Bench:x',
    executionName: 'x',
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Bench',
    stateMachineName: 'Bench',
    roleArn: 'arn:aws:iam::000000000000:role/bench',
    startTime: new Date(),
    input,
    history: new ExecutionHistory(),
    tasks: noTasks,
    waitScale: 0,
    clock: new StackClock(),
  });
  const outcome = await run.outcome;
  if (outcome.status !== 'SUCCEEDED') throw new Error(`bench machine ${outcome.status}: ${JSON.stringify(outcome)}`);
}

async function microsPerState(states: number, jsonata: boolean, runs: number): Promise<number> {
  const definition = passChain(states, jsonata);
  for (let i = 0; i < 5; i += 1) await runEngine(definition, { total: 0 });
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i += 1) await runEngine(definition, { total: 0 });
  return Number(process.hrtime.bigint() - started) / 1000 / runs / states;
}

async function throughput(run: () => Promise<void>, count: number, parallel: number): Promise<number> {
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (started < count) {
        started += 1;
        await run();
      }
    }),
  );
  return count / ((performance.now() - begin) / 1000);
}

function table(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

const jsonPathCost = await microsPerState(100, false, 50);
const jsonataCost = await microsPerState(100, true, 20);
const oneState = await microsPerState(1, false, 2000);
table('Engine overhead per state (in process, no I/O)', ['machine', 'µs/state', 'ratio'], [
  ['1 Pass state (execution start + end)', oneState.toFixed(1), '1.00'],
  ['100 Pass states, JSONPath (Parameters + intrinsic)', jsonPathCost.toFixed(1), (jsonPathCost / oneState).toFixed(2)],
  ['100 Pass states, JSONata (Output expression)', jsonataCost.toFixed(1), (jsonataCost / oneState).toFixed(2)],
]);

const stack = await startStack({ ephemeral: true, ports: 'random', writeEndpointsFile: false, watch: false, log: () => undefined });
try {
  const { SFNClient, CreateStateMachineCommand, StartExecutionCommand, DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
  const sfn = new SFNClient({ endpoint: stack.endpoints.stepfunctions, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true });
  const waitFor = async (executionArn: string) => {
    for (;;) {
      const { status, error } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (status === 'SUCCEEDED') return;
      if (status !== 'RUNNING') throw new Error(`execution ${status}: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const { stateMachineArn: passArn } = await sfn.send(
    new CreateStateMachineCommand({ name: 'BenchPass', roleArn: 'arn:aws:iam::000000000000:role/bench', definition: JSON.stringify(passChain(1, false)) }),
  );
  const pipelineArn = stack.model.stateMachines.find((m) => m.logicalId === 'DocumentPipelineStateMachine')!.arn;
  const document = { document_id: 'bench', owner: 'bench', pipeline: 'summary', content_type: 'text/plain', text: 'A short document about local Step Functions. '.repeat(20) };
  const runPass = async () => waitFor((await sfn.send(new StartExecutionCommand({ stateMachineArn: passArn, input: '{"total":0}' }))).executionArn!);
  const runPipeline = async () => waitFor((await sfn.send(new StartExecutionCommand({ stateMachineArn: pipelineArn, input: JSON.stringify(document) }))).executionArn!);
  await throughput(runPipeline, concurrency * 3, concurrency); // warm the Lambda workers (cold starts are not the engine)
  const passRate = await throughput(runPass, executions, concurrency);
  const pipelineRate = await throughput(runPipeline, executions, concurrency);
  table(`Executions per second over the Step Functions API (${executions} executions, ${concurrency} at a time, fake model at zero latency)`, ['machine', 'exec/s', 'ratio'], [
    ['1 Pass state (reference)', passRate.toFixed(0), '1.00'],
    ['document pipeline (Lambda + 2 × bedrock:invokeModel)', pipelineRate.toFixed(0), (pipelineRate / passRate).toFixed(2)],
  ]);
  sfn.destroy();
} finally {
  await stack.close();
}
