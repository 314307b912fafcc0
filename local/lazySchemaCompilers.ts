/**
 * Fastify's schema compilers, loaded on first use: by default every Fastify app requires ajv and
 * fast-json-stringify when it is created (a fifth of a second of the stack's start here), though no
 * route of the kit declares a schema. Pass as `Fastify({ schemaController: LAZY_SCHEMA_COMPILERS })`.
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type Factories = NonNullable<SchemaController['compilersFactory']>;
type ValidatorFactory = NonNullable<Factories['buildValidator']>;
type SerializerFactory = NonNullable<Factories['buildSerializer']>;

const require = createRequire(import.meta.url);

export const LAZY_SCHEMA_COMPILERS: SchemaController = {
  compilersFactory: {
    buildValidator: (...args: Parameters<ValidatorFactory>) => (require('@fastify/ajv-compiler') as () => ValidatorFactory)()(...args),
    buildSerializer: (...args: Parameters<SerializerFactory>) => (require('@fastify/fast-json-stringify-compiler') as () => SerializerFactory)()(...args),
  },
};
