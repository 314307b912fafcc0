/**
 * The SQS errors the kit answers itself (before or instead of `local-aws-sqs`), with AWS's
 * contract as `@aws-sdk/client-sqs` compiles it (`schemas_0.js`: the `awsQueryError` code and HTTP
 * status of each modelled error, read 2026-12-07). On the JSON protocol the body's `__type` names
 * the modelled shape (so the SDK raises its class) and `x-amzn-query-error` carries
 * `<query code>;Sender`; on the Query protocol the XML `<Code>` is the query code.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export const SQS_ERRORS = {
  MissingParameter: { type: 'com.amazon.coral.service#MissingRequiredParameterException', queryCode: 'MissingParameter', status: 400 },
  InvalidParameterValue: { type: 'com.amazon.coral.service#InvalidParameterValueException', queryCode: 'InvalidParameterValue', status: 400 },
  SerializationException: { type: 'com.amazon.coral.service#SerializationException', queryCode: 'MalformedInput', status: 400 },
  InvalidAttributeValue: { type: 'com.amazonaws.sqs#InvalidAttributeValue', queryCode: 'InvalidAttributeValue', status: 400 },
  InvalidMessageContents: { type: 'com.amazonaws.sqs#InvalidMessageContents', queryCode: 'InvalidMessageContents', status: 400 },
  OverLimit: { type: 'com.amazonaws.sqs#OverLimit', queryCode: 'OverLimit', status: 403 },
  PurgeQueueInProgress: { type: 'com.amazonaws.sqs#PurgeQueueInProgress', queryCode: 'AWS.SimpleQueueService.PurgeQueueInProgress', status: 403 },
  InvalidSecurity: { type: 'com.amazonaws.sqs#InvalidSecurity', queryCode: 'InvalidSecurity', status: 403 },
} as const satisfies Record<string, { type: string; queryCode: string; status: number }>;

export type SqsErrorCode = keyof typeof SQS_ERRORS;

/** HTTP status of an error by its query code, where AWS's is not 400 (to correct `local-aws-sqs`). */
export const NON_400_STATUS_BY_QUERY_CODE: ReadonlyMap<string, number> = new Map(
  Object.values(SQS_ERRORS)
    .filter((error) => error.status !== 400)
    .map((error) => [error.queryCode, error.status]),
);

export class SqsError extends Error {
  override readonly name = 'SqsError';
  constructor(
    readonly code: SqsErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return SQS_ERRORS[this.code].status;
  }
}

/** Writes an error in the request's protocol. */
export function sendSqsError(response: ServerResponse, error: SqsError, jsonProtocol: boolean): void {
  const { type, queryCode, status } = SQS_ERRORS[error.code];
  const requestId = randomUUID();
  if (jsonProtocol) {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${queryCode};Sender`, 'x-amzn-requestid': requestId });
    response.end(JSON.stringify({ __type: type, message: error.message }));
    return;
  }
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  response.end(
    `<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type>` +
      `<Code>${queryCode}</Code><Message>${escapeXml(error.message)}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
