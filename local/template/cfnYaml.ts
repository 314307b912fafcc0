import { parse, type ScalarTag, type CollectionTag } from 'yaml';

/** CloudFormation short-form tags and the long form each becomes. */
const SHORT_FORMS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  If: 'Fn::If',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  Transform: 'Fn::Transform',
};

function tagsFor(short: string, long: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${short}`;
  const scalarValue = (value: string): unknown =>
    // `!GetAtt Res.Attr` is shorthand for `[Res, Attr]`; the attribute itself may contain dots.
    short === 'GetAtt' ? [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] : value;
  return [
    { tag, resolve: (value: string) => ({ [long]: scalarValue(value) }) },
    { tag, collection: 'seq', resolve: (seq) => ({ [long]: seq.toJSON() }) },
    { tag, collection: 'map', resolve: (map) => ({ [long]: map.toJSON() }) },
  ];
}

const CFN_TAGS = Object.entries(SHORT_FORMS).flatMap(([short, long]) => tagsFor(short, long));

/** Parses a CloudFormation/SAM template (YAML or JSON) into plain objects with long-form intrinsics. */
export function parseCfnYaml(text: string): unknown {
  return parse(text, { customTags: CFN_TAGS, maxAliasCount: -1 });
}
