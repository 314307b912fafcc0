export { ConsoleFeed, DEFAULT_FEED_HISTORY, type FeedEntry, type FeedEventType, type FeedForm } from './ConsoleFeed.js';
export { FeedRecorder } from './feedRecorder.js';
export { FEED_SHAPES, type InvocationSummary, type InvocationView, type ModelCallView, type Trigger } from './feedViews.js';
export { pollBedrockInvocations } from './bedrockPoller.js';
export { startConsoleServer, type RunningConsole } from './startConsoleServer.js';
