import { describe, expect, it } from 'vitest';
import { PIPELINE_ERRORS, publicPipelineError, UNREADABLE_REASONS } from '../../../src/documents/errors.js';

const lambdaCause = (errorType: string, errorMessage: string) =>
  JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at pdfText (file:///var/task/documents/extract/handler.mjs:3:1021)'] });

describe('publicPipelineError', () => {
  it('shows an unreadable document with its fixed reason, never the Lambda cause', () => {
    // Act
    const error = publicPipelineError('FAILED', 'UnreadableDocumentError', lambdaCause('UnreadableDocumentError', 'The PDF is encrypted; send it without a password or encryption'));
    // Assess
    expect(error).toEqual({ code: 'DOCUMENT_UNREADABLE', message: 'The PDF is encrypted; send it without a password or encryption' });
  });

  it('never passes on a message that is not one of the fixed reasons', () => {
    const error = publicPipelineError('FAILED', 'UnreadableDocumentError', lambdaCause('UnreadableDocumentError', 'Invalid PDF structure at /var/task/x.mjs'));
    expect(error).toEqual({ code: 'DOCUMENT_UNREADABLE', message: 'The document could not be read' });
  });

  it.each([
    ['FAILED', 'States.DataLimitExceeded', "The state/task 'ExtractText' returned a result with a size exceeding the maximum number of bytes service limit.", 'DOCUMENT_TOO_LARGE'],
    ['FAILED', 'Bedrock.ValidationException', 'Input is too long (Service: BedrockRuntime, Status Code: 400, Request ID: 1)', 'MODEL_UNAVAILABLE'],
    ['FAILED', 'Error', lambdaCause('TypeError', "Cannot read properties of undefined (reading 'x')"), 'PIPELINE_FAILED'],
    ['FAILED', 'States.Timeout', undefined, 'PIPELINE_TIMED_OUT'],
    ['TIMED_OUT', undefined, undefined, 'PIPELINE_TIMED_OUT'],
    ['ABORTED', undefined, undefined, 'PIPELINE_ABORTED'],
  ] as const)('maps %s %s to a stable code and its message', (status, error, cause, code) => {
    expect(publicPipelineError(status, error, cause)).toEqual({ code, message: PIPELINE_ERRORS[code] });
  });

  it('has nothing to show for a running or succeeded execution', () => {
    expect(publicPipelineError('RUNNING', undefined, undefined)).toBeUndefined();
    expect(publicPipelineError('SUCCEEDED', undefined, undefined)).toBeUndefined();
  });

  it('keeps the registries free of paths and traces', () => {
    for (const message of [...Object.values(PIPELINE_ERRORS), ...UNREADABLE_REASONS]) expect(message).not.toMatch(/[/\\]|\bat\b.*\(/);
  });
});
