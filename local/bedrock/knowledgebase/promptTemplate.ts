import type { KnowledgeBaseRetrievalResult } from '@aws-sdk/client-bedrock-agent-runtime';
import { validationError } from '../errors.js';

/**
 * Bedrock's knowledge-base prompt placeholders (user guide, "Knowledge base prompt templates",
 * read 2026-12-07): `$search_results$` (required in a generation prompt), `$query$`,
 * `$output_format_instructions$` (the citation format instructions) and `$current_time$`.
 */
export const DEFAULT_PROMPT_TEMPLATE = [
  'You are a question answering agent. I will provide you with a set of search results. The user will provide you with a question.',
  'Your job is to answer the user\'s question using only information from the search results.',
  'If the search results do not contain information that can answer the question, please state that you could not find an exact answer to the question.',
  '',
  'Here are the search results in numbered order:',
  '$search_results$',
  '',
  '$output_format_instructions$',
].join('\n');

const OUTPUT_FORMAT_INSTRUCTIONS =
  'If you reference information from a search result within your answer, you must include a citation to the source where the information was found. Each result has a corresponding source ID that you should reference.';

function searchResults(results: KnowledgeBaseRetrievalResult[]): string {
  return results.map((result, index) => `<search_result>\n<source>${index + 1}</source>\n<content>${result.content?.text ?? ''}</content>\n</search_result>`).join('\n');
}

/** The prompt the generation model gets: the template with its placeholders filled in. */
export function renderPrompt(template: string | undefined, query: string, results: KnowledgeBaseRetrievalResult[], now = new Date()): string {
  const text = template ?? DEFAULT_PROMPT_TEMPLATE;
  if (!text.includes('$search_results$')) throw validationError('The prompt template must include the $search_results$ placeholder.');
  return text
    .replaceAll('$search_results$', searchResults(results))
    .replaceAll('$query$', query)
    .replaceAll('$output_format_instructions$', OUTPUT_FORMAT_INSTRUCTIONS)
    .replaceAll('$current_time$', now.toISOString());
}
