import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from '../../../local/events/eventPattern.js';

const event = { source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: 'reports' }, object: { key: 'q4/sales.csv', size: 42 }, reason: 'PutObject' } };

describe('EventBridge event patterns', () => {
  it('matches literals, nested fields, prefix, suffix, anything-but, exists, numeric and wildcard', () => {
    // Act
    const results = [
      matchesEventPattern({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['reports'] } } }, event),
      matchesEventPattern({ detail: { object: { key: [{ prefix: 'q4/' }] } } }, event),
      matchesEventPattern({ detail: { object: { key: [{ suffix: '.pdf' }] } } }, event),
      matchesEventPattern({ detail: { reason: [{ 'anything-but': ['CopyObject'] }] } }, event),
      matchesEventPattern({ detail: { object: { 'version-id': [{ exists: false }] } } }, event),
      matchesEventPattern({ detail: { object: { size: [{ numeric: ['>', 10, '<=', 42] }] } } }, event),
      matchesEventPattern({ detail: { object: { key: [{ wildcard: 'q*/*.csv' }] } } }, event),
      matchesEventPattern({ source: ['aws.ec2'] }, event),
      matchesEventPattern({ detail: { bucket: { name: ['other'] } } }, event),
    ];

    // Assess
    expect(results).toEqual([true, true, false, true, true, true, true, false, false]);
  });
});
