import type { Endpoints } from '../stack/endpointsFile.js';
import type { LambdaRuntime } from '../runtime/types.js';
import type { TemplateModel } from '../template/model.js';
import type { ConsoleFeed } from './ConsoleFeed.js';
import type { FeedRecorder } from './feedRecorder.js';

/** What the console's routes read: the template, where the local services answer, the runtime and the feed. */
export interface ConsoleContext {
  model: TemplateModel;
  endpoints: Endpoints;
  runtime: LambdaRuntime;
  feed: ConsoleFeed;
  recorder: FeedRecorder;
  /** The embedded SQS's oldest-message age by queue name; absent with an external SQS (ElasticMQ). */
  queueAges?: (queueName: string) => number | undefined;
}
