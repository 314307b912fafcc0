import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const composeFile = path.join(root, 'docker-compose.yml');

interface Service {
  image?: string;
  init?: boolean;
  ports?: string[];
  healthcheck?: { test: string[] };
  build?: { dockerfile: string; args?: Record<string, string> };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const compose = parse(readFileSync(composeFile, 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;

function composeV2Available(): boolean {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('docker-compose.yml', () => {
  it('runs DynamoDB Local, the SQS service, the fake Bedrock and the app (and, once, the knowledge-base definitions)', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'bedrock', 'dynamodb', 'knowledge-bases', 'sqs']);
    expect(services.bedrock.build?.dockerfile).toBe('local/bedrock/Dockerfile');
    expect(services.app.build?.dockerfile).toBe('Dockerfile');
  });

  it('lets an environment variable replace every image, with the public images by default', () => {
    expect(services.dynamodb.image).toMatch(/^\$\{DYNAMODB_IMAGE:-amazon\/dynamodb-local(:[\w.-]+)?\}$/);
    expect(services.sqs.image).toMatch(/^\$\{SQS_IMAGE:-softwaremill\/elasticmq-native(:[\w.-]+)?\}$/);
    expect(services.bedrock.image).toMatch(/^\$\{BEDROCK_IMAGE:-/);
    expect(services.app.image).toMatch(/^\$\{APP_IMAGE:-/);
    expect(services['knowledge-bases'].image).toBe(services.app.image);
    for (const name of ['bedrock', 'app']) expect(services[name].build?.args?.NODE_BASE_IMAGE).toMatch(/^\$\{NODE_BASE_IMAGE:-node:20/);
  });

  it('runs every service under an init and publishes ports on 127.0.0.1 only, at the DESIGN.md ports', () => {
    const published: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      expect(service.init, name).toBe(true);
      for (const port of service.ports ?? []) {
        expect(port, name).toMatch(/^127\.0\.0\.1:/);
        published.push(port.split(':').pop() as string);
      }
    }
    expect(published.sort()).toEqual(['3000', '4010', '8000', '8083', '8900', '8901', '9000', '9324'].sort());
  });

  it('starts the app after the services it needs, with health checks and named volumes', () => {
    expect(services.app.depends_on).toEqual({
      dynamodb: { condition: 'service_healthy' },
      bedrock: { condition: 'service_healthy' },
      sqs: { condition: 'service_healthy' },
    });
    for (const name of ['dynamodb', 'bedrock', 'sqs', 'app']) expect(services[name].healthcheck?.test.length, name).toBeGreaterThan(0);
    for (const name of ['dynamodb', 'sqs', 'app']) {
      const named = (services[name].volumes ?? []).map((volume) => volume.split(':')[0]).filter((source) => source in compose.volumes);
      expect(named, name).toHaveLength(1);
    }
  });

  it('keeps ElasticMQ’s messages and queues in its volume, configured in its own config file', () => {
    const sqs = compose.services.sqs as Service & { environment?: Record<string, string>; configs?: { source: string; target: string }[] };
    expect(sqs.environment?.SQS_DATA_DIR).toBeUndefined();
    expect(sqs.configs).toEqual([{ source: 'elasticmq-conf', target: '/opt/elasticmq.conf' }]);
    const conf = (compose as unknown as { configs: Record<string, { content: string }> }).configs['elasticmq-conf']!.content;
    expect(conf).toMatch(/messages-storage \{\s*enabled = true\s*uri = "jdbc:h2:\/data\/[^"]+"/);
    expect(conf).toMatch(/queues-storage \{\s*enabled = true\s*path = "\/data\/[^"]+"/);
    expect(sqs.volumes).toEqual(['sqs-data:/data']);
  });

  it('hands the fake Bedrock the template\'s knowledge bases, written before it starts, and the app\'s S3', () => {
    const writer = services['knowledge-bases'] as Service & { command?: string[]; entrypoint?: string[] };
    const bedrock = services.bedrock as Service & { environment?: Record<string, string> };
    expect(writer.entrypoint).toEqual(['sh', '-c']);
    expect(writer.command?.[0]).toMatch(/^rm -f \/app\/\.local\/knowledge-bases\.json && node --import tsx local\/cli\.ts kb definitions --out \/app\/\.local\/knowledge-bases\.json && exec sleep infinity$/);
    expect(writer.healthcheck?.test).toEqual(['CMD', 'test', '-s', '/app/.local/knowledge-bases.json']);
    expect(writer.volumes).toEqual(['knowledge-bases:/app/.local']);
    expect(bedrock.depends_on).toEqual({ 'knowledge-bases': { condition: 'service_healthy' } });
    expect(bedrock.volumes).toContain('knowledge-bases:/knowledge-bases');
    expect(bedrock.environment).toMatchObject({
      BEDROCK_KNOWLEDGE_BASES: '/knowledge-bases/knowledge-bases.json',
      BEDROCK_S3_ENDPOINT: 'http://app:9000',
      BEDROCK_KB_DATA_DIR: '/knowledge-bases/index',
    });
  });

  it.runIf(composeV2Available())('validates with docker compose config', () => {
    expect(() => execFileSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], { stdio: 'pipe' })).not.toThrow();
  });
});
