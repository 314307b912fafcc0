import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBedrockApp } from '../../local/bedrock/index.js';

interface Shape { type: string; members?: Record<string, { shape: string }>; member?: { shape: string }; required?: string[]; enum?: string[]; timestampFormat?: string }
interface ServiceModel { operations: Record<string, { output: { shape: string } }>; shapes: Record<string, Shape> }

/** botocore's `bedrock` service model on this machine. */
function botocoreBedrockModel(): ServiceModel {
  const root = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' }).trim();
  const file = path.join(root, 'data', 'bedrock', '2023-04-20', 'service-2.json.gz');
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as ServiceModel;
}

/** Known differences from the model, on purpose: values AWS sends that the model's enum lacks. */
const EXTRA_ENUM_VALUES: Record<string, string[]> = { InferenceType: ['INFERENCE_PROFILE'] };

/** Every way `value` departs from the shape: unknown members, missing required ones, wrong types, values outside an enum. */
function departures(model: ServiceModel, shapeName: string, value: unknown, at: string): string[] {
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const record = value as Record<string, unknown>;
      const problems = Object.keys(record).filter((key) => !shape.members?.[key]).map((key) => `${at}.${key}: not a member of ${shapeName}`);
      for (const required of shape.required ?? []) if (record[required] === undefined) problems.push(`${at}.${required}: required by ${shapeName}`);
      for (const [key, item] of Object.entries(record)) if (shape.members?.[key]) problems.push(...departures(model, shape.members[key].shape, item, `${at}.${key}`));
      return problems;
    }
    case 'list':
      return Array.isArray(value) ? value.flatMap((item, index) => departures(model, shape.member!.shape, item, `${at}[${index}]`)) : [`${at}: not a list`];
    case 'string': {
      if (typeof value !== 'string') return [`${at}: not a string`];
      const allowed = shape.enum && [...shape.enum, ...(EXTRA_ENUM_VALUES[shapeName] ?? [])];
      return allowed && !allowed.includes(value) ? [`${at}: '${value}' not in ${shapeName}`] : [];
    }
    case 'timestamp':
      return typeof value === 'string' && shape.timestampFormat === 'iso8601' && !Number.isNaN(Date.parse(value)) ? [] : [`${at}: not an ISO 8601 timestamp`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    default:
      return [];
  }
}

describe('the control plane\u2019s answers against botocore\u2019s bedrock output shapes', () => {
  const model = botocoreBedrockModel();
  const { app } = buildBedrockApp({ asOf: '2026-12-07', lifecycleLog: () => undefined });
  beforeAll(async () => app.ready());
  afterAll(async () => app.close());
  const signed = { authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' };

  it.each([
    ['ListFoundationModels', '/foundation-models'],
    ['GetFoundationModel', '/foundation-models/anthropic.claude-opus-4-1-20250805-v1%3A0'],
    ['ListInferenceProfiles', '/inference-profiles?maxResults=20'],
    ['GetInferenceProfile', '/inference-profiles/global.anthropic.claude-haiku-4-5-20251001-v1%3A0'],
  ])('%s', async (operation, url) => {
    // Act
    const answer = await app.inject({ method: 'GET', url, headers: signed });
    // Assess
    expect(answer.statusCode).toBe(200);
    expect(departures(model, model.operations[operation].output.shape, answer.json(), operation)).toEqual([]);
  });
});
