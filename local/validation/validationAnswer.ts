/**
 * The one call a service makes at its boundary: the AWS JSON-protocol answer to an input that
 * breaks the model, or undefined when it is valid. The Step Functions API and the fake Bedrock map
 * `code` to their own registries (both name it `ValidationException` / `SerializationException`).
 *
 * @example
 * // in the fake Bedrock's Converse route (rest-json: URI members plus the JSON body)
 * const answer = validationAnswer('bedrock-runtime', 'Converse', { modelId, ...body });
 * if (answer) throw new BedrockError(answer.code, answer.message); // 400
 */
import { ModelConstraintViolation, ModelTypeMismatch } from './errors.js';
import { ModelValidator } from './ModelValidator.js';
import type { ServiceModelName } from './serviceModel.js';

export interface ValidationAnswer {
  code: 'ValidationException' | 'SerializationException';
  message: string;
}

export function validationAnswer(service: ServiceModelName, operation: string, input: Record<string, unknown>): ValidationAnswer | undefined {
  try {
    ModelValidator.forService(service).assertValid(operation, input);
    return undefined;
  } catch (error) {
    if (error instanceof ModelTypeMismatch) return { code: 'SerializationException', message: error.message };
    if (error instanceof ModelConstraintViolation) return { code: 'ValidationException', message: error.message };
    throw error;
  }
}
