/**
 * Lambda entry point of `ChatFunction` (`POST /chat`). Configuration and clients are created once
 * per container; a missing variable throws here, at init.
 */
import { readChatConfig } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { chatDependencies } from './chatDependencies.js';
import { createChatHandler } from './chatHandler.js';

export const handler = createChatHandler({ ...chatDependencies(readChatConfig()), logger });
