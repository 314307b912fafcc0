import { describe, expect, it } from 'vitest';
import { newRequestIds } from '../../../local/gateway/requestIds.js';

describe('newRequestIds', () => {
  it('gives a UUID request id and a 16-character base64 extended id, fresh every time (past a refill of the random pool)', () => {
    const ids = Array.from({ length: 1500 }, () => newRequestIds());
    for (const { requestId, extendedRequestId } of ids) {
      expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(extendedRequestId).toMatch(/^[A-Za-z0-9+/]{16}$/);
    }
    expect(new Set(ids.map((id) => id.extendedRequestId)).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.requestId)).size).toBe(ids.length);
  });
});
