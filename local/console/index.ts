export { ConsoleFeed, DEFAULT_FEED_HISTORY, type FeedEntry, type FeedEventType } from './ConsoleFeed.js';
export { FeedRecorder } from './feedRecorder.js';
export { shapeFeedEntry, type InvocationView, type ModelCallView, type Trigger } from './feedViews.js';
export { pollBedrockInvocations } from './bedrockPoller.js';
export { startConsoleServer, type RunningConsole } from './startConsoleServer.js';
