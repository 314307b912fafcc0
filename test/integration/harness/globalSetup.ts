import { stackSetup } from '../../../local/testing/vitest.js';
import { startTestStack } from './startTestStack.js';

/** Starts the one stack the integration tests share (GENAI_KIT_STACK) and hands it to every test file (`useStack()`). */
export default stackSetup(startTestStack);
