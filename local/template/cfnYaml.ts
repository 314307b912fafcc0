/**
 * CloudFormation/SAM templates (YAML or JSON) as plain objects. A parse is kept in the kit's cache
 * folder under the hash of the text, so an unchanged template (and its state machine definitions) is
 * read back as JSON at the next start instead of parsed again (a tenth of a second for ours).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse, parseDocument, type ScalarTag, type CollectionTag } from 'yaml';
import { contentKey, kitCacheDir, writeFileAtomically } from '../cache/kitCache.js';

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

const OPTIONS = { customTags: CFN_TAGS, maxAliasCount: -1 };
const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;

/** Parses a CloudFormation/SAM template (YAML or JSON) into plain objects with long-form intrinsics. */
export function parseCfnYaml(text: string): unknown {
  const cacheDir = kitCacheDir();
  const file = cacheDir && join(cacheDir, 'cfn-yaml', `${contentKey('cfn-yaml', YAML_VERSION, text)}.json`);
  if (file) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // Not cached yet (or unreadable): parse.
    }
  }
  const document = parseDocument(text, OPTIONS);
  // Errors and warnings: yaml's own parse throws and warns as it always did; such a text is not cached.
  if (document.errors.length || document.warnings.length) return parse(text, OPTIONS);
  const value: unknown = document.toJS({ maxAliasCount: -1 });
  const json = jsonIfFaithful(value);
  if (file && json !== undefined) writeFileAtomically(file, json).catch(() => {});
  return value;
}

/** The value as JSON, or undefined when JSON would change it (a non-finite number). */
function jsonIfFaithful(value: unknown): string | undefined {
  let faithful = true;
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && !Number.isFinite(item)) faithful = false;
    return item;
  });
  return faithful ? json : undefined;
}
