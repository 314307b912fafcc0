export { buildSqsEvent, buildSqsRecord, type SqsEventSource } from './buildSqsEvent.js';
export { settleBatch, type BatchSettlement } from './settleBatch.js';
export { SqsEventSourcePoller, type SqsEventSourcePollerOptions, type SqsEventSourceStats } from './SqsEventSourcePoller.js';
export {
  startSqsEventSources,
  eventSourceConcurrency,
  DEFAULT_EVENT_SOURCE_CONCURRENCY,
  type SqsEventSources,
  type SqsEventSourcesOptions,
} from './startSqsEventSources.js';
