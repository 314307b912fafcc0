/** A template resource after Globals and intrinsics, as the model builders read it. */
export interface ResolvedResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** `Ref` value. */
  ref: string;
  attributes: Record<string, unknown>;
}

export type Props = Record<string, unknown>;

export const isProps = (value: unknown): value is Props =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const str = (value: unknown, fallback = ''): string => (value === undefined || value === null ? fallback : String(value));

export const num = (value: unknown, fallback: number): number => {
  const n = Number(value);
  return value === undefined || value === null || value === '' || Number.isNaN(n) ? fallback : n;
};

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** SAM's REST CORS values are quoted strings (`"'*'"`); the quotes are CloudFormation's, not the header's. */
export const unquote = (value: unknown): string => str(value).replace(/^'(.*)'$/, '$1');
