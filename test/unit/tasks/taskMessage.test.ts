import { describe, expect, it } from 'vitest';
import { CallbackUrlPolicy } from '../../../src/tasks/callbackUrlPolicy.js';
import { InvalidTaskMessageError } from '../../../src/tasks/errors.js';
import { parseTaskMessage } from '../../../src/tasks/taskMessage.js';

const limits = { maxPromptBytes: 10, callbackPolicy: new CallbackUrlPolicy([]) };

describe('parseTaskMessage', () => {
  it('reads a task message', () => {
    expect(parseTaskMessage('{"task_id":"t-1","prompt":"hi","callback_url":"https://e.com/"}', limits)).toEqual({
      task_id: 't-1',
      prompt: 'hi',
      callback_url: 'https://e.com/',
    });
  });

  it.each([
    'not json',
    '"a string"',
    '{"prompt":"hi"}',
    '{"task_id":"../x","prompt":"hi"}',
    '{"task_id":"t","prompt":""}',
    '{"task_id":"t","prompt":"hi","callback_url":5}',
    '{"task_id":"t","prompt":"12345678901"}',
    '{"task_id":"t","prompt":"文文文文"}',
    '{"task_id":"t","prompt":"hi","callback_url":"http://169.254.169.254/"}',
  ])('refuses %s', (body) => {
    expect(() => parseTaskMessage(body, limits)).toThrow(InvalidTaskMessageError);
  });
});
