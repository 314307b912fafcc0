type Props = Record<string, unknown>;

const GLOBAL_SECTIONS: Record<string, string> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
  'AWS::Serverless::StateMachine': 'StateMachine',
};

const isMap = (value: unknown): value is Props => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Merges a SAM `Globals` section into a resource's properties as SAM does:
 * the resource's own scalars win, maps merge (resource keys win), lists concatenate (globals first).
 */
export function mergeGlobals(globalProps: unknown, resourceProps: unknown): Props {
  if (!isMap(globalProps)) return isMap(resourceProps) ? resourceProps : {};
  const out: Props = { ...globalProps };
  for (const [key, value] of Object.entries(isMap(resourceProps) ? resourceProps : {})) {
    const inherited = out[key];
    if (isMap(inherited) && isMap(value) && !isIntrinsic(value)) out[key] = mergeGlobals(inherited, value);
    else if (Array.isArray(inherited) && Array.isArray(value)) out[key] = [...inherited, ...value];
    else out[key] = value;
  }
  return out;
}

function isIntrinsic(value: Props): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** The properties of a resource with the template's Globals applied. */
export function propertiesWithGlobals(type: string, properties: unknown, globals: Props | undefined): Props {
  const section = GLOBAL_SECTIONS[type];
  return section && globals ? mergeGlobals(globals[section], properties) : isMap(properties) ? properties : {};
}
