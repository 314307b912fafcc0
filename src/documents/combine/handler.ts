/** Lambda entry point of `CombineResultsFunction`, the last task of the parallel analysis. */
import { logger } from '../../lib/logger.js';
import { combineResults } from '../combineResults.js';
import type { CombineInput, CombinedAnalysis } from '../documentTypes.js';

export async function handler(event: CombineInput): Promise<CombinedAnalysis> {
  const combined = combineResults(event);
  logger.info('Analysis combined', { document_id: event.document_id, sentiment: combined.sentiment.label, keywords: combined.keywords.length });
  return combined;
}
