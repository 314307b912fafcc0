import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ExternalServiceDownError, externalServicesFrom, waitForExternalServices } from '../../local/stack/externalServices.js';

describe('externalServicesFrom', () => {
  it('takes flags first, then GENAI_KIT_*_ENDPOINT, and trims trailing slashes', () => {
    const services = externalServicesFrom(
      { 'dynamodb-endpoint': 'http://dynamodb:8000/' },
      { GENAI_KIT_DYNAMODB_ENDPOINT: 'http://ignored:1', GENAI_KIT_SQS_ENDPOINT: 'http://sqs:9324' },
    );
    expect(services).toEqual({ dynamodb: 'http://dynamodb:8000', sqs: 'http://sqs:9324' });
  });

  it('refuses a value that is not an http URL, naming the flag', () => {
    expect(() => externalServicesFrom({ 'bedrock-endpoint': 'bedrock:4010' }, {})).toThrow(/--bedrock-endpoint.*GENAI_KIT_BEDROCK_ENDPOINT/);
  });
});

describe('waitForExternalServices', () => {
  it('names the service that does not answer and how to start it', async () => {
    // A port that was free a moment ago: nothing answers there.
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const failure = await waitForExternalServices({ sqs: `http://127.0.0.1:${port}` }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ExternalServiceDownError);
    expect((failure as Error).message).toMatch(/^SQS at http:\/\/127\.0\.0\.1:\d+ does not answer/);
    expect((failure as Error).message).toContain('docker compose up -d sqs');
  });

  it('resolves once every service answers, whatever the status', async () => {
    const server = createServer((_req, res) => res.writeHead(400).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(waitForExternalServices({ dynamodb: url, bedrock: url }, { timeoutMs: 5000 })).resolves.toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
