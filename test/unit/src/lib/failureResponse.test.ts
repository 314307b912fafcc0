import { describe, expect, it, vi } from 'vitest';
import { BadRequestError, NotFoundError } from '../../../../src/lib/errors.js';
import { failureResponse, logHttpError } from '../../../../src/lib/http.js';
import { silentLogger } from '../factories.js';

function spiedLogger() {
  const logger = silentLogger();
  return { logger, error: vi.spyOn(logger, 'error'), warn: vi.spyOn(logger, 'warn') };
}

describe('failureResponse', () => {
  it('logs an unexpected error at error level, with its cause, and answers 500', () => {
    const { logger, error, warn } = spiedLogger();
    const boom = new Error('boom');
    const result = failureResponse(logger, boom, { failed: 'X failed', refused: 'X refused' });
    expect(result).toMatchObject({ statusCode: 500, body: '{"message":"Internal server error"}' });
    expect(error).toHaveBeenCalledWith('X failed', { status: 500, error: boom });
    expect(warn).not.toHaveBeenCalled();
  });

  it('logs a 4xx at warn level with its reason when a refused message is given', () => {
    const { logger, error, warn } = spiedLogger();
    const cause = new Error('inner');
    const result = failureResponse(logger, new BadRequestError('bad', { cause }), { failed: 'X failed', refused: 'X refused' });
    expect(result).toMatchObject({ statusCode: 400, body: '{"message":"bad"}' });
    expect(warn).toHaveBeenCalledWith('X refused', { status: 400, reason: 'bad', cause: 'inner' });
    expect(error).not.toHaveBeenCalled();
  });

  it('does not log a 4xx without a refused message', () => {
    const { logger, error, warn } = spiedLogger();
    expect(failureResponse(logger, new NotFoundError('gone'), { failed: 'X failed' })).toMatchObject({ statusCode: 404 });
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});

describe('logHttpError', () => {
  it('returns the HTTP error the client should see', () => {
    const { logger } = spiedLogger();
    expect(logHttpError(logger, new NotFoundError('gone'), { failed: 'X failed' })).toMatchObject({ statusCode: 404, message: 'gone' });
  });
});
