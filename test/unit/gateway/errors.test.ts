import { describe, expect, it } from 'vitest';
import { FUNCTION_URL_ERRORS, HTTP_API_ERRORS, REST_ERRORS } from '../../../local/gateway/errors.js';

describe('gateway error registry', () => {
  const registries = { REST_ERRORS, HTTP_API_ERRORS, FUNCTION_URL_ERRORS };

  it.each(Object.entries(registries))('%s: every entry has an error status, an exception type and a parseable body', (_name, registry) => {
    for (const [code, spec] of Object.entries(registry)) {
      expect(spec.status, code).toBeGreaterThanOrEqual(400);
      expect(spec.status, code).toBeLessThan(600);
      expect(spec.errorType, code).toMatch(/^[A-Z][A-Za-z]+(Exception)$/);
      if (spec.contentType === 'application/json') expect(() => JSON.parse(spec.body), code).not.toThrow();
    }
  });

  it('REST entries carry API Gateway\'s exact answers (DESIGN.md §4)', () => {
    expect(REST_ERRORS.MISSING_AUTHENTICATION_TOKEN).toMatchObject({ status: 403, body: '{"message":"Missing Authentication Token"}' });
    expect(REST_ERRORS.INVALID_API_KEY).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
    expect(REST_ERRORS.ACCESS_DENIED).toMatchObject({ status: 403, body: '{"Message":"User is not authorized to access this resource"}' });
    expect(REST_ERRORS.ACCESS_DENIED_EXPLICIT).toMatchObject({ status: 403, errorType: 'AccessDeniedException', body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' });
    expect(REST_ERRORS.UNAUTHORIZED).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(REST_ERRORS.INTEGRATION_FAILURE).toMatchObject({ status: 502, body: '{"message":"Internal server error"}' });
    expect(REST_ERRORS.INTEGRATION_TIMEOUT).toMatchObject({ status: 504, body: '{"message":"Endpoint request timed out"}' });
    expect(REST_ERRORS.REQUEST_TOO_LARGE.status).toBe(413);
    expect(REST_ERRORS.AUTHORIZER_CONFIGURATION_ERROR).toMatchObject({ status: 500, body: '{"message":null}' });
    expect(REST_ERRORS.THROTTLED).toMatchObject({ status: 429, body: '{"message":"Too Many Requests"}' });
    expect(REST_ERRORS.QUOTA_EXCEEDED).toMatchObject({ status: 429, body: '{"message":"Limit Exceeded"}' });
  });

  it('HTTP API entries use HTTP API wording', () => {
    expect(HTTP_API_ERRORS.NOT_FOUND).toMatchObject({ status: 404, body: '{"message":"Not Found"}' });
    expect(HTTP_API_ERRORS.INTEGRATION_FAILURE).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
    expect(HTTP_API_ERRORS.INTEGRATION_TIMEOUT).toMatchObject({ status: 503, body: '{"message":"Service Unavailable"}' });
    expect(HTTP_API_ERRORS.FORBIDDEN).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
  });
});
