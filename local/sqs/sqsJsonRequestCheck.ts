/**
 * Checks a JSON-protocol SQS request before `local-aws-sqs` runs it: the `sqs` service model
 * (wrong JSON types: `SerializationException`; a missing top-level required member:
 * `MissingParameter` "The request must contain the parameter X."), then what AWS checks beyond
 * the model: message contents (`InvalidMessageContents`) and numeric queue attribute ranges
 * (`InvalidAttributeValue`), and a message's size in UTF-8 bytes (`InvalidParameterValue`). Nested required members and enums (attribute names) are left to the
 * package, which answers them with SQS's own batch-entry and `InvalidAttributeName` errors.
 */
import { ModelTypeMismatch, ModelValidator, describeViolations } from '../validation/index.js';
import { SqsError } from './errors.js';
import { checkMessage } from './messageContents.js';
import { checkMessageSize } from './messageSize.js';
import { checkQueueAttributeRanges } from './queueAttributeRanges.js';

/** What the check needs to know about the queues. */
export interface SqsRequestContext {
  /** The `MaximumMessageSize` of the queue a URL names; undefined for an unknown queue. */
  maxMessageBytes(queueUrl: unknown): number | undefined;
}

/** Throws the {@link SqsError} AWS answers for this request, if any. */
export function checkSqsJsonRequest(operation: string, body: Record<string, unknown>, context: SqsRequestContext): void {
  checkAgainstModel(operation, body);
  switch (operation) {
    case 'SendMessage':
      checkMessage(body);
      checkMessageSize(body, context.maxMessageBytes(body.QueueUrl));
      return;
    case 'SendMessageBatch':
      if (Array.isArray(body.Entries)) for (const entry of body.Entries) checkMessage(entry);
      return;
    case 'CreateQueue':
    case 'SetQueueAttributes':
      checkQueueAttributeRanges(body.Attributes);
      return;
    default:
      return;
  }
}

function checkAgainstModel(operation: string, body: Record<string, unknown>): void {
  let violations;
  try {
    violations = ModelValidator.forService('sqs').violations(operation, body);
  } catch (error) {
    if (error instanceof ModelTypeMismatch) throw new SqsError('SerializationException', error.message);
    throw error;
  }
  const missing = violations.find((violation) => violation.constraint === 'Member must not be null' && !violation.path.includes('.'));
  if (missing) throw new SqsError('MissingParameter', `The request must contain the parameter ${missing.path}.`);
  const others = violations.filter((violation) => violation.constraint !== 'Member must not be null' && !violation.constraint.startsWith('Member must satisfy enum'));
  if (others.length) throw new SqsError('InvalidParameterValue', describeViolations(others));
}
