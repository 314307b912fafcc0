export { startSqsServer, type SqsServer, type SqsServerOptions } from './SqsServer.js';
export { QueueInstrumentation } from './QueueInstrumentation.js';
export { readSnapshot, takeSnapshot, writeSnapshot, restoreMessages, type SqsSnapshot } from './SqsMessageSnapshot.js';
