import { parseXML } from '@aws-sdk/xml-builder';
import { S3Error } from './errors.js';

/** An XML element as the operations build it: a name and text, or children (arrays repeat the element). */
export type XmlValue = string | number | boolean | Date | undefined | null | XmlChildren | XmlChildren[] | string[];
export interface XmlChildren {
  [name: string]: XmlValue;
}

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return (value as XmlValue[]).map((item) => element(name, item)).join('');
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') return `<${name}>${children(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function children(value: XmlChildren): string {
  return Object.entries(value)
    .map(([name, child]) => element(name, child))
    .join('');
}

/** A whole S3 XML document with its declaration and namespace. */
export function xmlDocument(root: string, body: XmlChildren, namespace = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${namespace ? ` xmlns="${S3_XMLNS}"` : ''}>${children(body)}</${root}>`;
}

/** Parses a request body; malformed XML, or a missing root element, is S3's MalformedXML. */
export function parseRequestXml(body: Buffer, root: string): Record<string, unknown> {
  let parsed: Record<string, unknown>;
  try {
    parsed = parseXML(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new S3Error('MalformedXML');
  }
  const value = parsed[root];
  if (value === undefined) throw new S3Error('MalformedXML');
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** A repeated child as an array (the parser gives one element as an object, several as an array). */
export function many<T = Record<string, unknown>>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
