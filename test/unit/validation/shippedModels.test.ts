/**
 * The models in `local/validation/models/` are botocore's on this machine, documentation removed.
 * Fails when botocore is upgraded and the copies were not re-synced (`npx tsx local/validation/syncServiceModels.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_MODEL_NAMES } from '../../../local/validation/serviceModel.js';
import { botocoreDataDir, MODELS_DIR, readBotocoreModel, serializeModel } from '../../../local/validation/syncServiceModels.js';

describe('shipped service models', () => {
  const dataDir = botocoreDataDir();
  for (const name of SERVICE_MODEL_NAMES) {
    it(`${name} equals botocore's (without documentation)`, () => {
      // Prepare
      const shipped = readFileSync(join(MODELS_DIR, `${name}.json`), 'utf8');
      // Act
      const fromBotocore = serializeModel(readBotocoreModel(name, dataDir));
      // Assess
      expect(shipped === fromBotocore, `models/${name}.json differs from botocore's: re-run syncServiceModels.ts`).toBe(true);
    });
  }
});
