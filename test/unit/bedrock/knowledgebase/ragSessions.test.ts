import { describe, expect, it } from 'vitest';
import { BedrockError } from '../../../../local/bedrock/errors.js';
import { renderPrompt } from '../../../../local/bedrock/knowledgebase/promptTemplate.js';
import { RagSessions } from '../../../../local/bedrock/knowledgebase/RagSessions.js';

describe('RetrieveAndGenerate sessions', () => {
  it('opens a session, continues it with its history, and refuses unknown, expired or other-knowledge-base ids', () => {
    // Prepare
    let now = 0;
    const sessions = new RagSessions(() => now);
    const { sessionId } = sessions.open(undefined, 'KB00000001');
    sessions.record(sessionId, { question: 'q1', answer: 'a1' });
    // Act
    const continued = sessions.open(sessionId, 'KB00000001');
    const elsewhere = () => sessions.open(sessionId, 'KB00000002');
    const unknown = () => sessions.open('made-up', 'KB00000001');
    now = 25 * 60 * 60 * 1000;
    const expired = () => sessions.open(sessionId, 'KB00000001');
    // Assess
    expect(continued).toEqual({ sessionId, history: [{ question: 'q1', answer: 'a1' }] });
    for (const attempt of [elsewhere, unknown, expired]) expect(attempt).toThrow(BedrockError);
    expect(unknown).toThrow('Session with Id made-up is not valid. Please check and try again.');
  });
});

describe('knowledge-base prompt templates', () => {
  it('fills $search_results$, $query$ and $output_format_instructions$, and requires $search_results$', () => {
    const results = [{ content: { text: 'Refunds take 30 days.' } }, { content: { text: 'Shipping is free.' } }];
    const prompt = renderPrompt('Q: $query$\n$search_results$\n$output_format_instructions$', 'refunds?', results);
    expect(prompt).toContain('Q: refunds?');
    expect(prompt).toContain('<source>1</source>\n<content>Refunds take 30 days.</content>');
    expect(prompt).toContain('<source>2</source>');
    expect(prompt).not.toContain('$output_format_instructions$');
    expect(renderPrompt(undefined, 'x', results)).toContain('Shipping is free.');
    expect(() => renderPrompt('no placeholder', 'x', results)).toThrow('$search_results$');
  });
});
