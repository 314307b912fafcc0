/**
 * `local-aws-sqs` answers every error with 400 unless it knows better; AWS answers some with 403
 * (`OverLimit`, `InvalidSecurity`, …: `errors.ts`). This corrects the status from the error's
 * query code before the head is written, for both protocols.
 */
import type { ServerResponse } from 'node:http';
import { NON_400_STATUS_BY_QUERY_CODE } from './errors.js';

export function correctErrorStatus(response: ServerResponse): void {
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((...args: unknown[]) => {
    if (!response.headersSent && response.statusCode === 400) {
      const status = NON_400_STATUS_BY_QUERY_CODE.get(queryCode(response, args[0]));
      if (status) response.statusCode = status;
    }
    return end(...args);
  }) as ServerResponse['end'];
}

function queryCode(response: ServerResponse, body: unknown): string {
  const header = response.getHeader('x-amzn-query-error');
  if (typeof header === 'string') return header.split(';')[0] ?? '';
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '';
}
