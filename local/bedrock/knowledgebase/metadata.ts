/**
 * Document metadata: the `<file>.metadata.json` sidecar Bedrock reads next to each S3 object
 * (`{"metadataAttributes": {"year": 2024, "genre": "drama", "tags": ["a", "b"]}}`, or the typed form
 * `{"metadataAttributes": {"year": {"value": {"type": "NUMBER", "numberValue": 2024}, "includeForEmbedding": true}}}`),
 * at most 10 KB (Bedrock user guide, "Include metadata in a data source", read 2026-12-07).
 */

/** A metadata value as filters compare it: string, number, boolean or a list of strings. */
export type MetadataValue = string | number | boolean | string[];
export type DocumentMetadata = Record<string, MetadataValue>;

export const METADATA_SUFFIX = '.metadata.json';
export const MAX_METADATA_BYTES = 10 * 1024;

/** The document a sidecar describes (`a/b.pdf.metadata.json` → `a/b.pdf`), or undefined. */
export function documentKeyOfSidecar(key: string): string | undefined {
  return key.endsWith(METADATA_SUFFIX) ? key.slice(0, -METADATA_SUFFIX.length) : undefined;
}

function typedValue(value: Record<string, unknown>): MetadataValue | undefined {
  switch (value.type) {
    case 'STRING':
      return typeof value.stringValue === 'string' ? value.stringValue : undefined;
    case 'NUMBER':
      return typeof value.numberValue === 'number' ? value.numberValue : undefined;
    case 'BOOLEAN':
      return typeof value.booleanValue === 'boolean' ? value.booleanValue : undefined;
    case 'STRING_LIST':
      return Array.isArray(value.stringListValue) ? value.stringListValue.map(String) : undefined;
    default:
      return undefined;
  }
}

function attributeValue(raw: unknown): MetadataValue | undefined {
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map(String);
  if (raw && typeof raw === 'object') {
    const value = (raw as { value?: unknown }).value;
    if (value && typeof value === 'object') return typedValue(value as Record<string, unknown>);
  }
  return undefined;
}

/** Parses a sidecar; throws an Error whose message is the ingestion failure reason. */
export function parseMetadataSidecar(body: Uint8Array): DocumentMetadata {
  if (body.byteLength > MAX_METADATA_BYTES) throw new Error(`The metadata file exceeds the maximum size of ${MAX_METADATA_BYTES} bytes.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new Error('The metadata file is not valid JSON.');
  }
  const attributes = (parsed as { metadataAttributes?: unknown })?.metadataAttributes;
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw new Error('The metadata file has no metadataAttributes object.');
  const metadata: DocumentMetadata = {};
  for (const [key, raw] of Object.entries(attributes)) {
    const value = attributeValue(raw);
    if (value === undefined) throw new Error(`The metadata attribute ${key} has an unsupported value type.`);
    metadata[key] = value;
  }
  return metadata;
}
