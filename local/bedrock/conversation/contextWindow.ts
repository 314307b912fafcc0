/**
 * Bedrock refuses a Converse / ConverseStream request whose input is longer than the model's
 * context window (`contextWindow` in the catalogue), with a `ValidationException` (400) whose
 * message passes on the model's own words:
 * - Anthropic models: "The model returned the following errors: prompt is too long: 200049 tokens
 *   > 200000 maximum" (reported from Bedrock in public issues, e.g. daisuke-awaji/moca#254,
 *   2026-03, and aaif-goose/goose#7504, 2026-02; read 2026-12-07);
 * - other models: "The model returned the following errors: Input is too long for requested model."
 *   (continuedev/continue#6005, 2025-06; read 2026-12-07).
 * The input is counted with the fake's own token estimate, as usage is.
 */
import type { ModelEntry } from '../catalogue/ModelCatalogue.js';
import { validationError } from '../errors.js';
import { countInputTokens } from './tokenEstimator.js';

/** Throws Bedrock's `ValidationException` when `input` does not fit `model`'s context window. */
export function checkContextWindow(model: ModelEntry, input: Parameters<typeof countInputTokens>[0]): void {
  const tokens = countInputTokens(input);
  if (tokens <= model.contextWindow) return;
  throw validationError(
    model.family === 'anthropic'
      ? `The model returned the following errors: prompt is too long: ${tokens} tokens > ${model.contextWindow} maximum`
      : 'The model returned the following errors: Input is too long for requested model.',
  );
}
