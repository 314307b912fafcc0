import { describe, expect, it } from 'vitest';
import { localHosts, refusalReason } from '../../../local/console/localOriginGuard.js';

describe('refusalReason (DNS-rebinding protection)', () => {
  const allowed = localHosts(8900);

  it('accepts the loopback names with the console port, with or without a local Origin', () => {
    for (const host of ['127.0.0.1:8900', 'localhost:8900', '[::1]:8900', 'LOCALHOST:8900']) expect(refusalReason({ host }, allowed)).toBeUndefined();
    expect(refusalReason({ host: '127.0.0.1:8900', origin: 'http://localhost:8900' }, allowed)).toBeUndefined();
  });

  it('refuses another host name, another port, or no Host at all', () => {
    expect(refusalReason({ host: 'evil.example:8900' }, allowed)).toMatch(/Host/);
    expect(refusalReason({ host: '127.0.0.1:3000' }, allowed)).toMatch(/Host/);
    expect(refusalReason({ host: '127.0.0.1' }, allowed)).toMatch(/Host/);
    expect(refusalReason({}, allowed)).toMatch(/Host/);
  });

  it('refuses a foreign, https, null or malformed Origin even with a local Host', () => {
    for (const origin of ['http://evil.example', 'http://evil.example:8900', 'https://127.0.0.1:8900', 'null', 'http://127.0.0.1:3000']) {
      expect(refusalReason({ host: '127.0.0.1:8900', origin }, allowed)).toMatch(/Origin/);
    }
  });
});
