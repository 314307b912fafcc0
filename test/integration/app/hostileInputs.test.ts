/**
 * Hostile inputs, route by route: every case is refused with a 4xx in our API's shape
 * (`{"message": …}` with API Gateway's `x-amzn-RequestId`, or API Gateway's own answer for what
 * never reaches a function), with no stack
 * trace or file path in it; each answer comes back within a bound (the request is aborted past it,
 * which fails the case: no timing is asserted), and the stack keeps serving afterwards.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makePdfPages } from '../../fixtures/makePdf.js';
import { endpoints } from '../harness/api.js';

/** Past this, a request is aborted and its case fails: nothing a client sends may hold a route this long. */
const BOUND_MS = 20_000;

interface HostileCase {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

async function send({ method, path, body, headers }: HostileCase): Promise<{ status: number; text: string; requestId: string | null }> {
  const e = endpoints();
  const response = await fetch(`${e.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': e.apiKey ?? '', authorization: `Bearer ${e.token ?? ''}`, ...headers },
    body,
    signal: AbortSignal.timeout(BOUND_MS),
  });
  return { status: response.status, text: await response.text(), requestId: response.headers.get('x-amzn-requestid') };
}

/** Bodies every JSON route must refuse, whatever its fields. */
const malformedBodies: [string, string | Buffer][] = [
  ['an empty body', ''],
  ['JSON null', 'null'],
  ['a JSON array', '[]'],
  ['a JSON string', '"text"'],
  ['a number', '12345'],
  ['unterminated JSON', '{"message": "hi'],
  ['100,000 nested arrays', '['.repeat(100_000)],
  ['100,000 nested objects', '{"a":'.repeat(100_000)],
  ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x00, 0x7d])],
  ['a body of NUL bytes', '\u0000'.repeat(1_000)],
  ['a prototype-pollution object and nothing else', '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'],
];

const bigString = (bytes: number) => 'a'.repeat(bytes);

const routes: { route: string; method: 'POST'; path: string; fieldCases: [string, unknown][] }[] = [
  {
    route: 'POST /chat',
    method: 'POST',
    path: '/chat',
    fieldCases: [
      ['a number as the message', { message: 123 }],
      ['an operator object as the message', { message: { $ne: null } }],
      ['a blank message', { message: ' \n\t ' }],
      ['a 2 MB message', { message: bigString(2_000_000) }],
      ['a conversation id with a path', { message: 'hi', conversation_id: '../../etc/passwd' }],
      ['a conversation id with a NUL byte', { message: 'hi', conversation_id: `${randomUUID()}\u0000` }],
      ['a 10,000-character conversation id', { message: 'hi', conversation_id: bigString(10_000) }],
      ['someone else’s (unknown) conversation', { message: 'hi', conversation_id: randomUUID() }],
    ],
  },
  {
    route: 'POST /tasks',
    method: 'POST',
    path: '/tasks',
    fieldCases: [
      ['a prompt array', { prompt: ['a', 'b'] }],
      ['a 1 MB prompt', { prompt: bigString(1_000_000) }],
      ['a prompt of 40,000 three-byte characters (120,000 bytes)', { prompt: '文'.repeat(40_000) }],
      ['an unknown field', { prompt: 'hi', task_id: 'chosen-by-me' }],
      ['a callback to the metadata service', { prompt: 'hi', callback_url: 'https://169.254.169.254/latest/meta-data/' }],
      ['a callback to an IPv4-mapped loopback', { prompt: 'hi', callback_url: 'https://[::ffff:127.0.0.1]/' }],
      ['a callback to a NAT64 private address', { prompt: 'hi', callback_url: 'https://[64:ff9b::a00:1]/' }],
      ['a callback to a 6to4 loopback', { prompt: 'hi', callback_url: 'https://[2002:7f00:1::]/' }],
      ['a callback with credentials', { prompt: 'hi', callback_url: 'https://user:pass@example.com/' }],
      ['a file: callback', { prompt: 'hi', callback_url: 'file:///etc/passwd' }],
      ['a 10,000-character callback', { prompt: 'hi', callback_url: `https://example.com/${bigString(10_000)}` }],
    ],
  },
  {
    route: 'POST /documents',
    method: 'POST',
    path: '/documents',
    fieldCases: [
      ['both text and content', { text: 'a', content_base64: 'YQ==' }],
      ['text of a number', { text: 42 }],
      ['an unknown pipeline', { text: 'a', pipeline: '__proto__' }],
      ['an unknown content type', { text: 'a', content_type: 'text/html' }],
      ['a PDF sent as text', { text: '%PDF-1.4', content_type: 'application/pdf' }],
      ['base64 that is not base64', { content_base64: '!!!!', content_type: 'application/pdf' }],
      ['a document one byte over the maximum', { text: bigString(150_001) }],
      ['50,001 three-byte characters', { text: '文'.repeat(50_001) }],
      ['140,000 quotes (280,000 bytes once JSON-encoded)', { text: '"'.repeat(140_000) }],
      ['base64 of 150,001 bytes', { content_base64: Buffer.alloc(150_001, 1).toString('base64'), content_type: 'application/pdf' }],
      ['a ZIP sent as a PDF', { content_base64: Buffer.from('PK\u0003\u0004 not a pdf').toString('base64'), content_type: 'application/pdf' }],
      ['an encrypted PDF', { content_base64: makePdfPages([['secret']], { encrypted: true }).toString('base64'), content_type: 'application/pdf' }],
      ['a 60 KB PDF that expands to 64 MB', { content_base64: makePdfPages([['bomb']], { inflatedPadding: 64 * 1024 * 1024 }).toString('base64'), content_type: 'application/pdf' }],
    ],
  },
  {
    route: 'POST /knowledge/query',
    method: 'POST',
    path: '/knowledge/query',
    fieldCases: [
      ['a question object', { question: { text: 'hi' } }],
      ['a 2 MB question', { question: bigString(2_000_000) }],
      ['an unknown mode', { question: 'hi', mode: 'delete' }],
      ['max_results out of range', { question: 'hi', max_results: 1e9 }],
      ['max_results as a string', { question: 'hi', max_results: '5' }],
      ['an unknown field', { question: 'hi', knowledge_base_id: 'other' }],
    ],
  },
];

const pathCases: HostileCase[] = ['/tasks', '/documents'].flatMap((base) =>
  [
    ['an encoded path traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['a NUL byte', '%00'],
    ['an invalid percent-encoding', '%ff%fe'],
    ['a 1,500-character id', bigString(1_500)],
    ['an SQL-looking id', "1'%20OR%20'1'%3D'1"],
    ['a template placeholder', '%7Bid%7D'],
    ['an unknown UUID', randomUUID()],
  ].map(([name, id]) => ({ name: `GET ${base}/{id} with ${name}`, method: 'GET' as const, path: `${base}/${id}` })),
);

/**
 * Refusals the local gateway leaves to its HTTP layer, answered without API Gateway's headers and
 * in Fastify's or Node's own wording (known gaps of `local/gateway/`, reported, not hidden): an
 * invalid percent-encoding in the path (Fastify's `FST_ERR_BAD_URL`) and a header past Node's
 * 16 KB limit (`431`).
 */
const GATEWAY_GAPS = new Set(['an invalid percent-encoding', 'a token of 100,000 characters']);

function expectRefusal(answer: { status: number; text: string; requestId: string | null }, caseName = ''): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  if (![...GATEWAY_GAPS].some((gap) => caseName.includes(gap))) {
    expect(answer.requestId, `${answer.status} ${answer.text.slice(0, 200)}`).toEqual(expect.any(String));
  }
  expect(answer.status).toBeLessThan(500);
  const body = JSON.parse(answer.text) as { message?: unknown; Message?: unknown };
  expect(typeof (body.message ?? body.Message)).toBe('string');
  expect(answer.text).not.toMatch(/\n\s+at |\/var\/task|\/work\/|node_modules|\.m?[jt]s:\d+/);
}

async function expectStillServing(): Promise<void> {
  const answer = await send({ name: 'a healthy chat', method: 'POST', path: '/chat', body: JSON.stringify({ message: `still serving ${randomUUID()}` }) });
  expect(answer.status).toBe(200);
}

describe('hostile inputs, route by route', () => {
  for (const { route, method, path, fieldCases } of routes) {
    describe(route, () => {
      it.each(malformedBodies)(`refuses %s with a 4xx`, { timeout: BOUND_MS + 5_000 }, async (_name, body) => {
        expectRefusal(await send({ name: route, method, path, body }));
      });

      it.each(fieldCases)(`refuses %s with a 4xx`, { timeout: BOUND_MS + 5_000 }, async (_name, fields) => {
        expectRefusal(await send({ name: route, method, path, body: JSON.stringify(fields) }));
      });

      it('keeps serving afterwards', { timeout: BOUND_MS + 5_000 }, expectStillServing);
    });
  }

  describe('GET routes with hostile ids', () => {
    it.each(pathCases.map((c) => [c.name, c] as const))('%s → 4xx', { timeout: BOUND_MS + 5_000 }, async (name, hostile) => {
      expectRefusal(await send(hostile), name);
    });

    it('keeps serving afterwards', { timeout: BOUND_MS + 5_000 }, expectStillServing);
  });

  describe('crafted documents the pipeline must clean in bounded time', () => {
    it.each([
      ['blanks before a character', ' '.repeat(149_000) + 'x'],
      ['unclosed link openers', '['.repeat(149_000)],
      ['a table separator then blanks', '|---' + ' '.repeat(149_000) + 'x'],
    ])('runs %s (150 KB of Markdown) to the end', { timeout: 60_000 }, async (_name, text) => {
      // Act
      const started = await send({ name: 'doc', method: 'POST', path: '/documents', body: JSON.stringify({ text, content_type: 'text/markdown' }) });
      const { document_id: documentId } = JSON.parse(started.text) as { document_id: string };
      let status = 'RUNNING';
      while (status === 'RUNNING') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = (JSON.parse((await send({ name: 'status', method: 'GET', path: `/documents/${documentId}` })).text) as { status: string }).status;
      }
      // Assess
      expect(started.status).toBe(202);
      expect(status).toBe('SUCCEEDED');
    });
  });

  describe('API Gateway in front of every route', () => {
    it.each([
      ['no token', { authorization: '' }],
      ['a forged token', { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.' }],
      ['a token of 100,000 characters', { authorization: `Bearer ${bigString(100_000)}` }],
    ])('refuses %s in its own shape', { timeout: BOUND_MS + 5_000 }, async (name, headers) => {
      expectRefusal(await send({ name: 'auth', method: 'POST', path: '/chat', body: '{"message":"hi"}', headers }), name);
    });

    it('answers a body over 10 MB with 413 before any function runs', { timeout: BOUND_MS + 5_000 }, async () => {
      const answer = await send({ name: 'big', method: 'POST', path: '/documents', body: JSON.stringify({ text: bigString(10_500_000) }) });
      expect(answer.status).toBe(413);
    });

    it('keeps serving afterwards', { timeout: BOUND_MS + 5_000 }, expectStillServing);
  });
});
