/**
 * Model routing: the cheap model (Haiku class, `MODEL_ID`) for simple questions, the stronger one
 * (Sonnet class, `COMPLEX_MODEL_ID`) when the caller asks for it or the question is long.
 */

export interface ModelRoutingConfig {
  /** `MODEL_ID`: the cheap, fast model. */
  modelId: string;
  /** `COMPLEX_MODEL_ID`: the stronger model. */
  complexModelId: string;
  /** `COMPLEX_QUESTION_WORDS`: a question of more words than this goes to the stronger model. */
  complexQuestionWords: number;
}

/** Why a model was chosen (logged with every answer). */
export type RoutingReason = 'requested' | 'long-question' | 'default';

export interface RoutedModel {
  modelId: string;
  reason: RoutingReason;
}

/** Words of a question, as a person would count them. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
}

/**
 * The model that answers a question.
 *
 * @example
 * routeModel({ question: 'What is it?', complex: false }, config) // { modelId: config.modelId, reason: 'default' }
 */
export function routeModel(request: { question: string; complex: boolean }, config: ModelRoutingConfig): RoutedModel {
  if (request.complex) return { modelId: config.complexModelId, reason: 'requested' };
  if (countWords(request.question) > config.complexQuestionWords) return { modelId: config.complexModelId, reason: 'long-question' };
  return { modelId: config.modelId, reason: 'default' };
}
