import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { LAZY_SCHEMA_COMPILERS } from '../../local/lazySchemaCompilers.js';

describe('LAZY_SCHEMA_COMPILERS', () => {
  it('still validates and serializes a route that declares schemas (loading the compilers then)', async () => {
    const app = Fastify({ schemaController: LAZY_SCHEMA_COMPILERS });
    app.post('/items', {
      schema: {
        body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        response: { 200: { type: 'object', properties: { name: { type: 'string' } } } },
      },
      handler: async (request) => ({ ...(request.body as object), secret: 'not serialized' }),
    });
    const bad = await app.inject({ method: 'POST', url: '/items', payload: { other: 1 } });
    const good = await app.inject({ method: 'POST', url: '/items', payload: { name: 'a' } });
    await app.close();
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ message: "body must have required property 'name'" });
    expect(good.json()).toEqual({ name: 'a' });
  });
});
