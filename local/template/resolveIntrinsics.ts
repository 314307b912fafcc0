import { isProps, type Props } from './cfnTypes.js';
import { TemplateError, UnresolvableIntrinsicError } from './errors.js';

/** Marks a value removed by `Ref: AWS::NoValue`. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** What intrinsic functions resolve against. */
export interface IntrinsicContext {
  /** `Ref` of parameters and pseudo parameters (AWS::Region, …). */
  refs: Record<string, unknown>;
  /** `Ref` of resources: logical id → local physical id (name, URL or ARN, per resource type). */
  resourceRefs: Record<string, string>;
  /** `Fn::GetAtt`: logical id → attribute → value. */
  attributes: Record<string, Record<string, unknown>>;
  conditions: Record<string, boolean>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
}

type Json = unknown;

/** `{ Ref: … }` or `{ 'Fn::…': … }`. */
export function isIntrinsic(value: Props): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * Resolves CloudFormation intrinsic functions in `value` to local values.
 *
 * @example
 * resolveIntrinsics({ 'Fn::Sub': '${AWS::StackName}-docs' }, context) // 'local-docs'
 */
export function resolveIntrinsics(value: Json, context: IntrinsicContext): Json {
  if (Array.isArray(value)) {
    return value.map((item) => resolveIntrinsics(item, context)).filter((item) => item !== NO_VALUE);
  }
  if (!isProps(value)) return value;
  const keys = Object.keys(value);
  if (isIntrinsic(value) || (keys.length === 1 && keys[0] === 'Condition')) {
    const resolved = resolveFunction(keys[0], value[keys[0]], context);
    if (resolved !== undefined) return resolved;
  }
  const out: Record<string, Json> = {};
  for (const key of keys) {
    const resolved = resolveIntrinsics(value[key], context);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function resolveFunction(name: string, arg: Json, context: IntrinsicContext): Json {
  const resolve = (v: Json) => resolveIntrinsics(v, context);
  switch (name) {
    case 'Ref':
      return resolveRef(String(arg), context);
    case 'Condition':
      return evaluateCondition(String(arg), context);
    case 'Fn::GetAtt':
      return resolveGetAtt(arg, context);
    case 'Fn::Sub':
      return resolveSub(arg, context);
    case 'Fn::Join': {
      const [separator, items] = asArray(resolve(arg), name, 2);
      return asArray(items, name).map(String).join(String(separator));
    }
    case 'Fn::Select': {
      const [index, items] = asArray(resolve(arg), name, 2);
      const list = asArray(items, name);
      const i = Number(index);
      if (!(i >= 0 && i < list.length)) throw new TemplateError(`Fn::Select index ${String(index)} out of range`);
      return list[i];
    }
    case 'Fn::Split': {
      const [separator, source] = asArray(resolve(arg), name, 2);
      return String(source).split(String(separator));
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = asArray(arg, name, 3);
      return resolve(evaluateCondition(String(condition), context) ? whenTrue : whenFalse);
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = asArray(resolve(arg), name, 3).map(String);
      const found = context.mappings[map]?.[top]?.[second];
      if (found === undefined) throw new TemplateError(`Fn::FindInMap: ${map}.${top}.${second} is not in Mappings`);
      return found;
    }
    case 'Fn::ImportValue':
      throw new UnresolvableIntrinsicError(
        `Fn::ImportValue ${JSON.stringify(resolve(arg))} reads another stack's export, which does not exist locally; ` +
          'pass the value as a template parameter instead (--parameter-overrides).',
      );
    case 'Fn::Base64':
      return Buffer.from(String(resolve(arg))).toString('base64');
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((zone) => `${String(context.refs['AWS::Region'])}${zone}`);
    case 'Fn::Equals': {
      const [a, b] = asArray(resolve(arg), name, 2);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::And':
      return asArray(resolve(arg), name).every(Boolean);
    case 'Fn::Or':
      return asArray(resolve(arg), name).some(Boolean);
    case 'Fn::Not':
      return !asArray(resolve(arg), name, 1)[0];
    default:
      // Not an intrinsic we know (e.g. Fn::Transform): leave the object as it is.
      return undefined;
  }
}

function asArray(value: Json, fn: string, minLength = 0): Json[] {
  if (!Array.isArray(value) || value.length < minLength) {
    throw new TemplateError(`${fn} expects a list of at least ${minLength} items, got ${JSON.stringify(value)}`);
  }
  return value;
}

function resolveRef(name: string, context: IntrinsicContext): Json {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in context.refs) return context.refs[name];
  if (name in context.resourceRefs) return context.resourceRefs[name];
  throw new TemplateError(`Ref ${name}: no parameter or resource of that name`);
}

function resolveGetAtt(arg: Json, context: IntrinsicContext): Json {
  const [logicalId, attribute] = (typeof arg === 'string' ? arg.split('.') : asArray(arg, 'Fn::GetAtt', 2)).map(
    (part) => String(resolveIntrinsics(part, context)),
  );
  const attributes = context.attributes[logicalId];
  if (!attributes) throw new TemplateError(`Fn::GetAtt ${logicalId}.${attribute}: no resource ${logicalId}`);
  if (!(attribute in attributes)) {
    throw new TemplateError(`Fn::GetAtt ${logicalId}.${attribute}: the local stack has no attribute ${attribute}`);
  }
  return attributes[attribute];
}

function resolveSub(arg: Json, context: IntrinsicContext): Json {
  const [template, variables] = typeof arg === 'string' ? [arg, {}] : asArray(arg, 'Fn::Sub', 1);
  const locals = isProps(variables) ? (resolveIntrinsics(variables, context) as Record<string, Json>) : {};
  return String(template).replace(/\$\{(!?)([^}]+)\}/g, (_match, literal: string, expression: string) => {
    if (literal) return `\${${expression}}`;
    if (expression in locals) return String(locals[expression]);
    if (expression.includes('.') && !(expression in context.refs)) {
      const dot = expression.indexOf('.');
      return String(resolveGetAtt([expression.slice(0, dot), expression.slice(dot + 1)], context));
    }
    return String(resolveRef(expression, context));
  });
}

/** Evaluates a named condition from the template's `Conditions`. */
function evaluateCondition(name: string, context: IntrinsicContext): boolean {
  if (!(name in context.conditions)) throw new TemplateError(`Condition ${name} is not defined in Conditions`);
  return context.conditions[name];
}
