/**
 * The one structured JSON logger of the application (Powertools for AWS Lambda).
 *
 * Service name from `POWERTOOLS_SERVICE_NAME`, level from `POWERTOOLS_LOG_LEVEL` / `LOG_LEVEL`
 * (Powertools reads both). Never log tokens, secrets or whole request bodies.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'serverless-genai-kit',
});
