/**
 * `genai-kit clock`: reads or moves the clock of a running stack (found in `.local/endpoints.json`).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ClockReading } from '../clock/clockApp.js';
import { describeLead } from '../clock/parseDuration.js';
import { readEndpointsFile } from '../stack/endpointsFile.js';

const HELP = `Usage:
  genai-kit clock                     print the stack's time and how far it is ahead of real time
  genai-kit clock advance <duration>  move it forward: 30s, 6m, 2h, 1d, 1w, or milliseconds
  genai-kit clock set <instant>       move it forward to an ISO 8601 date or epoch milliseconds

Options: --endpoints <file> (default .local/endpoints.json). See docs/time.md.
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { endpoints: { type: 'string', default: '.local/endpoints.json' }, help: { type: 'boolean', default: false } } });
  const [action, value] = positionals;
  if (values.help || (action && !['advance', 'set'].includes(action)) || (action && !value)) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const endpoints = await readEndpointsFile(path.resolve(values.endpoints as string));
  if (!endpoints.clock) throw new Error(`${values.endpoints as string} names no clock endpoint: restart the stack with this version of the kit.`);
  const response = action
    ? await fetch(`${endpoints.clock}/_clock/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(action === 'advance' ? { by: /^\d+$/.test(value) ? Number(value) : value } : { to: /^\d+$/.test(value) ? Number(value) : value }),
      })
    : await fetch(`${endpoints.clock}/_clock`);
  const body = (await response.json()) as ClockReading & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `the clock answered ${response.status}`);
  process.stdout.write(`${body.now} (${describeLead(body.offsetMs)})\n`);
  return 0;
}
