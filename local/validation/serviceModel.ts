/**
 * botocore's service model format (`service-2.json`), as far as validation reads it, and the
 * copies the kit ships in `models/` (see `syncServiceModels.ts`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The services whose models the kit ships (botocore's folder names). */
export const SERVICE_MODEL_NAMES = ['sqs', 'stepfunctions', 'bedrock-runtime', 'bedrock-agent-runtime', 'bedrock-agent'] as const;
export type ServiceModelName = (typeof SERVICE_MODEL_NAMES)[number];

export interface ShapeRef {
  shape: string;
  location?: string;
  locationName?: string;
  sensitive?: boolean;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
}

export interface ModelShape {
  type: 'structure' | 'list' | 'map' | 'string' | 'blob' | 'boolean' | 'timestamp' | 'integer' | 'long' | 'float' | 'double' | 'bigdecimal' | 'biginteger';
  required?: string[];
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  union?: boolean;
  document?: boolean;
  sensitive?: boolean;
  exception?: boolean;
  streaming?: boolean;
  eventstream?: boolean;
}

export interface ModelOperation {
  name: string;
  http?: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
}

export interface ServiceModel {
  metadata: { protocol: string; protocols?: string[]; serviceId: string; targetPrefix?: string; apiVersion: string; endpointPrefix: string };
  operations: Record<string, ModelOperation>;
  shapes: Record<string, ModelShape>;
}

const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'models');
const loaded = new Map<ServiceModelName, ServiceModel>();

/** The shipped model of a service (read once per process). */
export function loadServiceModel(name: ServiceModelName): ServiceModel {
  let model = loaded.get(name);
  if (!model) {
    model = JSON.parse(readFileSync(join(MODELS_DIR, `${name}.json`), 'utf8')) as ServiceModel;
    loaded.set(name, model);
  }
  return model;
}
