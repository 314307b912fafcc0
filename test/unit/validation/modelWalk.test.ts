/**
 * Walks every operation of every model the kit ships: each shape compiles (patterns included),
 * each operation's input is checked, and the counts of what is covered are pinned, so a botocore
 * or SDK upgrade that adds an operation or a constraint fails here instead of drifting silently.
 * After such an upgrade: run `npx tsx local/validation/syncServiceModels.ts`, read the new
 * constraints, update the table below and `docs/validation.md`.
 */
import { describe, expect, it } from 'vitest';
import { ModelValidator, SERVICE_MODEL_NAMES, type ValidatorCoverage } from '../../../local/validation/index.js';

const EXPECTED: Record<string, Pick<ValidatorCoverage, 'operations' | 'constraints' | 'patterns'> & { translated: number; uncompilable: number }> = {
  sqs: { operations: 23, constraints: 47, patterns: 0, translated: 0, uncompilable: 0 },
  stepfunctions: { operations: 37, constraints: 106, patterns: 3, translated: 0, uncompilable: 0 },
  'bedrock-runtime': { operations: 10, constraints: 202, patterns: 18, translated: 0, uncompilable: 0 },
  'bedrock-agent-runtime': { operations: 31, constraints: 398, patterns: 42, translated: 1, uncompilable: 0 },
  'bedrock-agent': { operations: 72, constraints: 820, patterns: 84, translated: 1, uncompilable: 0 },
};

describe('every operation of every shipped model', () => {
  for (const service of SERVICE_MODEL_NAMES) {
    it(`${service}: compiles every shape and checks every operation's input`, () => {
      // Prepare
      const validator = ModelValidator.forService(service);
      // Act
      const coverage = validator.coverage();
      const perOperation = Object.entries(validator.model.operations).map(([name, operation]) => {
        const required = operation.input ? (validator.model.shapes[operation.input.shape]?.required ?? []) : [];
        const missing = validator.violations(name, {}).filter((violation) => violation.constraint === 'Member must not be null');
        return { name, required: required.length, missing: missing.length };
      });
      // Assess
      console.log(`${service}: ${coverage.operations} operations, ${coverage.constraints} constraints (${coverage.patterns} patterns, ${coverage.translatedPatterns.length} translated, ${coverage.uncompilablePatterns.length} skipped)`);
      expect({
        operations: coverage.operations,
        constraints: coverage.constraints,
        patterns: coverage.patterns,
        translated: coverage.translatedPatterns.length,
        uncompilable: coverage.uncompilablePatterns.length,
      }).toEqual(EXPECTED[service]);
      for (const operation of perOperation) expect(operation.missing, operation.name).toBe(operation.required);
    });
  }
});
