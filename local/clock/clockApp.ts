import type { DynamoDBRecord } from 'aws-lambda';
import Fastify, { type FastifyInstance } from 'fastify';
import { LAZY_SCHEMA_COMPILERS } from '../lazySchemaCompilers.js';
import type { StackClock } from './StackClock.js';

/** What `GET /_clock` and the moves answer. */
export interface ClockReading {
  /** The clock's time, ISO 8601. */
  now: string;
  epochMs: number;
  /** How far the clock is ahead of real time. */
  offsetMs: number;
}

export function readClock(clock: StackClock): ClockReading {
  const epochMs = clock.now();
  return { now: new Date(epochMs).toISOString(), epochMs, offsetMs: clock.offsetMs };
}

/**
 * The clock's HTTP endpoint, for tests that are not written in JavaScript:
 * `GET /_clock`, `POST /_clock/advance {"by":"6m"}` (or milliseconds), `POST /_clock/set {"to":"2027-01-01T00:00:00Z"}`
 * (or epoch milliseconds; forward only). Each answers the reading after the move; a bad duration or
 * instant answers 400 `{"message": …}`.
 *
 * With `ttlDeletions`, `GET /_clock/ttl-deletions[?table=<name>]` answers the REMOVE records of the
 * DynamoDB TTL deletions the clock caused, as a stream event (`{"Records": [...]}`).
 */
export function buildClockApp(clock: StackClock, options: { ttlDeletions?: (table?: string) => DynamoDBRecord[] } = {}): FastifyInstance {
  const app = Fastify({ schemaController: LAZY_SCHEMA_COMPILERS });
  const { ttlDeletions } = options;
  if (ttlDeletions) app.get('/_clock/ttl-deletions', async (request) => ({ Records: ttlDeletions((request.query as { table?: string }).table) }));
  app.get('/_clock', async () => readClock(clock));
  app.post('/_clock/advance', async (request, reply) => {
    const by = (request.body as { by?: unknown } | undefined)?.by;
    if (typeof by !== 'string' && typeof by !== 'number') return reply.code(400).send({ message: 'Expected a JSON body {"by": "<duration>"}, e.g. {"by":"6m"} or {"by":60000}' });
    return moved(reply, () => clock.advance(by));
  });
  app.post('/_clock/set', async (request, reply) => {
    const to = (request.body as { to?: unknown } | undefined)?.to;
    if (typeof to !== 'string' && typeof to !== 'number') return reply.code(400).send({ message: 'Expected a JSON body {"to": "<ISO 8601 date or epoch milliseconds>"}' });
    return moved(reply, () => clock.set(to));
  });
  return app;

  async function moved(reply: { code(status: number): { send(body: unknown): unknown } }, move: () => Promise<void>): Promise<unknown> {
    try {
      await move();
    } catch (error) {
      if (error instanceof RangeError) return reply.code(400).send({ message: error.message });
      throw error;
    }
    return readClock(clock);
  }
}
