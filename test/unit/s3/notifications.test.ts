import { describe, expect, it } from 'vitest';
import { eventMatches, keyMatches } from '../../../local/s3/notifications/matchNotification.js';
import { eventKey, s3EventRecord } from '../../../local/s3/notifications/s3EventRecord.js';
import type { StoreChange } from '../../../local/s3/store/S3Store.js';

const created: StoreChange = {
  kind: 'ObjectCreated',
  how: 'Put',
  bucket: 'docs',
  object: { key: 'in/my report (1).pdf', blob: 'b', size: 42, etag: '"abc"', lastModified: '2026-12-07T00:00:00.000Z', metadata: {}, sequence: 7 },
};

describe('S3 event notifications', () => {
  it('URL-encodes keys as S3 does in events: spaces as +, parentheses escaped, slashes kept', () => {
    // Act
    const encoded = [eventKey('in/my report (1).pdf'), eventKey('ü.txt'), eventKey('a+b.txt')];

    // Assess
    expect(encoded).toEqual(['in/my+report+%281%29.pdf', '%C3%BC.txt', 'a%2Bb.txt']);
  });

  it('builds the record Lambda receives: name, encoded key, size, unquoted eTag and a sequencer', () => {
    // Act
    const record = s3EventRecord(created, 'cfg', 'us-east-1', 'REQ');

    // Assess
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { configurationId: 'cfg', bucket: { name: 'docs', arn: 'arn:aws:s3:::docs' }, object: { key: 'in/my+report+%281%29.pdf', size: 42, eTag: 'abc', sequencer: '000000000000000007' } },
    });
  });

  it('matches events with wildcards and keys with prefix and suffix rules', () => {
    // Act
    const matches = [
      eventMatches(['s3:ObjectCreated:*'], created),
      eventMatches(['s3:ObjectCreated:Put'], created),
      eventMatches(['s3:ObjectCreated:Copy'], created),
      eventMatches(['s3:ObjectRemoved:*'], created),
      keyMatches([{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.pdf' }], 'in/my report (1).pdf'),
      keyMatches([{ Name: 'suffix', Value: '.txt' }], 'in/my report (1).pdf'),
    ];

    // Assess
    expect(matches).toEqual([true, true, false, false, true, false]);
  });
});
