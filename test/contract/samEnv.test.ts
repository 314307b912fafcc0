import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { run as samEnv } from '../../local/cli/samEnv.js';
import { COMPOSE_NETWORK_ENDPOINTS, samEnvVars } from '../../local/sam/samEnvVars.js';
import { loadTemplate } from '../../local/template/index.js';
import type { TemplateModel } from '../../local/template/model.js';

const root = path.resolve(import.meta.dirname, '../..');
const templatePath = path.join(root, 'template.yaml');

interface CfnResource {
  Type: string;
  Properties?: { Environment?: { Variables?: Record<string, unknown> } };
}

/** The template as aws-sam-translator (the library inside SAM CLI) turns it into CloudFormation. */
async function translate(...parameters: string[]): Promise<Record<string, CfnResource>> {
  const { stdout } = await promisify(execFile)('python3', [path.join(import.meta.dirname, 'sam_translate.py'), templatePath, ...parameters], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
  });
  return (JSON.parse(stdout) as { Resources: Record<string, CfnResource> }).Resources;
}

describe('the template under SAM CLI', () => {
  let translated: Record<string, CfnResource>;
  let lambdaFunctions: [string, CfnResource][];
  let model: TemplateModel;
  let envFile: Record<string, Record<string, string>>;

  beforeAll(async () => {
    translated = await translate();
    lambdaFunctions = Object.entries(translated).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
    model = await loadTemplate(templatePath, { endpoints: { sqs: COMPOSE_NETWORK_ENDPOINTS.sqs }, localDefaults: { AuthJwtSecret: 'a-local-secret-of-32-bytes-at-least!' } });
    envFile = samEnvVars(model, COMPOSE_NETWORK_ENDPOINTS).file;
  });

  it('translates with aws-sam-translator into the functions the kit runs', () => {
    expect(lambdaFunctions.length).toBeGreaterThan(0);
    expect(lambdaFunctions.map(([id]) => id).sort()).toEqual(model.functions.map((fn) => fn.logicalId).sort());
  });

  it('gives every function every variable the translated template declares', () => {
    for (const [logicalId, resource] of lambdaFunctions) {
      const declared = Object.keys(resource.Properties?.Environment?.Variables ?? {});
      expect(envFile[logicalId], logicalId).toBeDefined();
      expect(Object.keys(envFile[logicalId]).sort(), logicalId).toEqual(expect.arrayContaining(declared.sort()));
    }
  });

  it('declares the endpoint variables in the template, so SAM CLI passes them on', () => {
    for (const [logicalId, resource] of lambdaFunctions) {
      const declared = resource.Properties?.Environment?.Variables ?? {};
      for (const variable of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME']) {
        expect(declared, `${logicalId} ${variable}`).toHaveProperty(variable, '');
      }
    }
    expect(samEnvVars(model, COMPOSE_NETWORK_ENDPOINTS).undeclared).toEqual([]);
  });

  it('points every function at the compose services by name, with the names the compose app provisions', () => {
    const tableNames = new Set(model.tables.map((table) => table.tableName));
    for (const [logicalId, variables] of Object.entries(envFile)) {
      expect(variables.AWS_ENDPOINT_URL_DYNAMODB, logicalId).toBe('http://dynamodb:8000');
      expect(variables.AWS_ENDPOINT_URL_SQS, logicalId).toBe('http://sqs:9324');
      expect(variables.AWS_ENDPOINT_URL_BEDROCK_RUNTIME, logicalId).toBe('http://bedrock:4010');
      for (const [name, value] of Object.entries(variables)) {
        if (name.endsWith('_TABLE')) expect(tableNames, `${logicalId} ${name}`).toContain(value);
        if (name.endsWith('_QUEUE_URL')) expect(value, `${logicalId} ${name}`).toMatch(/^http:\/\/sqs:9324\/000000000000\/[\w-]+$/);
      }
    }
  });

  // Two SAM translations and two cfn-lint runs (Python processes): far past the default 30 s on a busy machine.
  it('deploys and runs on either architecture: the Architecture parameter translates, lints clean and reaches every function', { timeout: 180_000 }, async () => {
    for (const architecture of ['arm64', 'x86_64']) {
      const resources = await translate(`Architecture=${architecture}`);
      const functions = Object.values(resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
      expect(functions.length, architecture).toBe(lambdaFunctions.length);
      await expect(promisify(execFile)('cfn-lint', [templatePath, '--parameters', `Architecture=${architecture}`])).resolves.toBeDefined();
      const resolved = await loadTemplate(templatePath, { parameterOverrides: { Architecture: architecture }, localDefaults: { AuthJwtSecret: 'a-local-secret-of-32-bytes-at-least!' } });
      expect(new Set(resolved.functions.map((fn) => fn.architectures.join(','))), architecture).toEqual(new Set([architecture]));
    }
  });

  it('is written by `genai-kit sam-env` as the JSON file SAM CLI reads', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sam-env-'));
    try {
      const out = path.join(dir, 'env.json');
      const cwd = process.cwd();
      process.chdir(root);
      const write = process.stdout.write;
      process.stdout.write = () => true;
      let code: number;
      try {
        code = await samEnv(['--out', out, '--bedrock', 'http://host.docker.internal:4010']);
      } finally {
        process.stdout.write = write;
        process.chdir(cwd);
      }
      expect(code).toBe(0);
      const written = JSON.parse(await readFile(out, 'utf8')) as Record<string, Record<string, string>>;
      expect(Object.keys(written).sort()).toEqual(Object.keys(envFile).sort());
      expect(written.ChatFunction.AWS_ENDPOINT_URL_BEDROCK_RUNTIME).toBe('http://host.docker.internal:4010');
      expect(Object.values(written).every((variables) => Object.values(variables).every((value) => typeof value === 'string'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
