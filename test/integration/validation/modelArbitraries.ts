/**
 * fast-check arbitraries shaped by a botocore service model: an operation's input built from its
 * shapes, mostly close to valid (enum values, lengths at and past the bounds, edge numbers) and
 * often malformed (nulls, wrong JSON types, strings with any code unit, bodies that are not a
 * JSON object at all). Depth is bounded so recursive shapes stay small.
 */
import fc from 'fast-check';
import type { ServiceModel, ShapeRef } from '../../../local/validation/index.js';

const MAX_DEPTH = 5;

/** Any JSON value, a wrong type wherever it lands. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 5 }), fc.constant([]), fc.constant({}), fc.constant([1, 'a']));

export function valueFor(model: ServiceModel, ref: ShapeRef, depth = 0, overrides: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> {
  const shape = model.shapes[ref.shape];
  if (!shape) return wrongType;
  const well = wellTyped(model, ref, depth, overrides);
  return fc.oneof({ arbitrary: well, weight: 6 }, { arbitrary: wrongType, weight: 1 });
}

function wellTyped(model: ServiceModel, ref: ShapeRef, depth: number, overrides: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return fc.jsonValue({ maxDepth: 2 });
      if (depth >= MAX_DEPTH) return fc.constant({});
      const members: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (member.location) continue;
        members[member.locationName ?? name] = overrides[name] ?? valueFor(model, member, depth + 1);
      }
      return fc.record(members, { requiredKeys: [] });
    }
    case 'list':
      return depth >= MAX_DEPTH ? fc.constant([]) : fc.array(valueFor(model, shape.member!, depth + 1), { maxLength: Math.min((shape.max ?? 3) + 1, 12) });
    case 'map':
      return depth >= MAX_DEPTH ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 12 }), valueFor(model, shape.value!, depth + 1), { maxKeys: 3 });
    case 'string': {
      const options: fc.Arbitrary<unknown>[] = [fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 12 })];
      if (shape.enum) options.push(fc.constantFrom(...shape.enum));
      if (shape.max !== undefined && shape.max < 5000) options.push(fc.constant('a'.repeat(shape.max + 1)));
      if (shape.min !== undefined && shape.min > 0) options.push(fc.constant('a'.repeat(shape.min - 1)));
      return fc.oneof(...options);
    }
    case 'integer':
    case 'long': {
      const edges = [shape.min, shape.max].filter((n): n is number => n !== undefined).flatMap((n) => [n - 1, n, n + 1]);
      return fc.oneof(fc.integer({ min: -5, max: 50 }), fc.integer(), ...(edges.length ? [fc.constantFrom(...edges)] : []));
    }
    case 'float':
    case 'double':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'blob':
      return fc.base64String({ maxLength: 16 });
    case 'timestamp':
      return fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.string({ maxLength: 8 }));
    default:
      return wrongType;
  }
}

/** A request body for an operation: its input from the model, or something that is not an input at all. */
export function requestBody(model: ServiceModel, operation: string, overrides: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<string> {
  const input = model.operations[operation]?.input;
  const fromModel = input ? wellTyped(model, input, 0, overrides).map((value) => JSON.stringify(value)) : fc.constant('{}');
  return fc.oneof(
    { arbitrary: fromModel, weight: 8 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), weight: 1 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
    { arbitrary: fc.constantFrom('', 'null', '[]', '{', '{"a":', '"text"', '1e309'), weight: 1 },
  );
}
