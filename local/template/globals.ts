import { isProps, type Props } from './cfnTypes.js';
import { isIntrinsic } from './resolveIntrinsics.js';

const GLOBAL_SECTIONS: Record<string, string> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
  'AWS::Serverless::StateMachine': 'StateMachine',
};

/**
 * Merges a SAM `Globals` section into a resource's properties as SAM does:
 * the resource's own scalars win, maps merge (resource keys win), lists concatenate (globals first).
 */
export function mergeGlobals(globalProps: unknown, resourceProps: unknown): Props {
  if (!isProps(globalProps)) return isProps(resourceProps) ? resourceProps : {};
  const out: Props = { ...globalProps };
  for (const [key, value] of Object.entries(isProps(resourceProps) ? resourceProps : {})) {
    const inherited = out[key];
    if (isProps(inherited) && isProps(value) && !isIntrinsic(value)) out[key] = mergeGlobals(inherited, value);
    else if (Array.isArray(inherited) && Array.isArray(value)) out[key] = [...inherited, ...value];
    else out[key] = value;
  }
  return out;
}

/** The properties of a resource with the template's Globals applied. */
export function propertiesWithGlobals(type: string, properties: unknown, globals: Props | undefined): Props {
  const section = GLOBAL_SECTIONS[type];
  return section && globals ? mergeGlobals(globals[section], properties) : isProps(properties) ? properties : {};
}
