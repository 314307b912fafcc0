import { describe, expect, it } from 'vitest';
import { S3_ERRORS, S3Error } from '../../../local/s3/errors.js';

describe('S3 error registry', () => {
  it('gives every client mistake a 4xx status and keeps 5xx for S3 faults only', () => {
    // Act
    const serverSide = Object.entries(S3_ERRORS).filter(([, e]) => e.status >= 500).map(([code]) => code);

    // Assess
    expect(serverSide.sort()).toEqual(['InternalError', 'NotImplemented']);
  });

  it('builds errors whose name, code and status come from the registry', () => {
    // Act
    const error = new S3Error('NoSuchKey', undefined, { Key: 'k' });

    // Assess
    expect(error).toMatchObject({ name: 'NoSuchKey', code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', details: { Key: 'k' } });
  });
});
