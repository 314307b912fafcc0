/**
 * JSONPath payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, JSONPath `Assign`):
 * a key ending in `.$` takes its value from a path or an intrinsic function, other values are literal.
 */
import type { Json, JsonObject } from './json.js';
import { isJsonObject } from './json.js';
import type { PathScope } from './jsonPath.js';
import { readPath } from './jsonPath.js';
import { evaluateIntrinsic, isIntrinsicCall } from './intrinsicFunctions.js';
import { StatesError, StatesErrorName } from './statesError.js';

/** Evaluates one `.$` value: an intrinsic call or a path. */
export function evaluatePathExpression(expression: string, data: Json, scope: PathScope, fieldName?: string): Json {
  if (isIntrinsicCall(expression)) return evaluateIntrinsic(expression, data, scope);
  if (!expression.startsWith('$')) {
    throw new StatesError(StatesErrorName.Runtime, `The value for the field '${fieldName ?? ''}' must be a valid JSONPath or intrinsic function`);
  }
  return readPath(expression, data, scope, fieldName);
}

/** Resolves a payload template against the state's data. */
export function resolvePayloadTemplate(template: Json, data: Json, scope: PathScope): Json {
  if (Array.isArray(template)) return template.map((item) => resolvePayloadTemplate(item, data, scope));
  if (!isJsonObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) {
      const name = key.slice(0, -2);
      if (typeof value !== 'string') {
        throw new StatesError(StatesErrorName.Runtime, `The value for the field '${key}' must be a STRING that contains a JSONPath`);
      }
      out[name] = evaluatePathExpression(value, data, scope, key);
    } else {
      out[key] = resolvePayloadTemplate(value, data, scope);
    }
  }
  return out;
}
