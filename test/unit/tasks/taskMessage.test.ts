import { describe, expect, it } from 'vitest';
import { InvalidTaskMessageError } from '../../../src/tasks/errors.js';
import { parseTaskMessage } from '../../../src/tasks/taskMessage.js';

describe('parseTaskMessage', () => {
  it('reads a task message', () => {
    expect(parseTaskMessage('{"task_id":"t-1","prompt":"hi","callback_url":"https://e.com/"}')).toEqual({
      task_id: 't-1',
      prompt: 'hi',
      callback_url: 'https://e.com/',
    });
  });

  it.each(['not json', '"a string"', '{"prompt":"hi"}', '{"task_id":"../x","prompt":"hi"}', '{"task_id":"t","prompt":""}', '{"task_id":"t","prompt":"hi","callback_url":5}'])(
    'refuses %s',
    (body) => {
      expect(() => parseTaskMessage(body)).toThrow(InvalidTaskMessageError);
    },
  );
});
