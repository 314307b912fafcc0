import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../local/template/index.js';
import type { TemplateModel } from '../../../local/template/model.js';

const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      ApiKeySourceType: AUTHORIZER
      Auth:
        ApiKeyRequired: true
        DefaultAuthorizer: TokenAuth
        Authorizers:
          TokenAuth:
            FunctionArn: !GetAtt AuthFunction.Arn
  AuthFunction:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: src/, Handler: auth.handler, Runtime: nodejs22.x }
  StreamFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: stream.handler
      Runtime: nodejs22.x
      Events:
        Stream:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /stream, Method: post, ResponseTransferMode: RESPONSE_STREAM }
        Buffered:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /buffered, Method: post, ResponseTransferMode: BUFFERED }
        Http:
          Type: HttpApi
          Properties: { Path: /v2, Method: get, ResponseTransferMode: RESPONSE_STREAM }
`;

describe('loadTemplate: REST response streaming and the API key source', () => {
  let dir: string;
  let model: TemplateModel;

  beforeAll(async () => {
    // Prepare
    dir = await mkdtemp(path.join(tmpdir(), 'template-stream-'));
    await writeFile(path.join(dir, 'template.yaml'), TEMPLATE);
    // Act
    model = await loadTemplate(path.join(dir, 'template.yaml'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads ResponseTransferMode RESPONSE_STREAM of an Api event as a STREAM integration', () => {
    expect(model.routes.map((r) => [r.path, r.responseTransferMode])).toEqual([
      ['/stream', 'STREAM'],
      ['/buffered', undefined],
      ['/v2', undefined],
    ]);
  });

  it('says HTTP APIs do not stream instead of ignoring it', () => {
    expect(model.unsupported).toContainEqual(expect.stringContaining('StreamFunction.Http: ResponseTransferMode (REST APIs only'));
  });

  it('reads ApiKeySourceType AUTHORIZER and the endpoint type (EDGE unless configured)', () => {
    const api = model.apis.find((a) => a.logicalId === 'Api');
    expect(api?.apiKeySource).toBe('AUTHORIZER');
    expect(api?.endpointType).toBe('EDGE');
  });
});
