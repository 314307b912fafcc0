/** Lambda entry point of `CreateUploadFunction` (`POST /documents/uploads`). */
import { s3PresignClient } from '../../lib/clients.js';
import { ConfigError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { createUploadHandler } from './createUploadHandler.js';

const bucket = process.env.DOCUMENTS_BUCKET;
if (!bucket) throw new ConfigError('DOCUMENTS_BUCKET is not set');

export const handler = createUploadHandler({ bucket, expiresIn: Number(process.env.UPLOAD_URL_EXPIRES_SECONDS ?? 900), presigner: s3PresignClient(), logger });
