import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { GenerationEvent } from '../conversation/types.js';

/** The ConverseStream event (member name and its own body) for one generation event. */
export function converseStreamEvents(event: GenerationEvent): Array<[keyof ConverseStreamOutput & string, unknown]> {
  switch (event.type) {
    case 'messageStart':
      return [['messageStart', { role: 'assistant' }]];
    case 'blockStart':
      return event.toolUse ? [['contentBlockStart', { contentBlockIndex: event.index, start: { toolUse: event.toolUse } }]] : [];
    case 'textDelta':
      return [['contentBlockDelta', { contentBlockIndex: event.index, delta: { text: event.text } }]];
    case 'toolInputDelta':
      return [['contentBlockDelta', { contentBlockIndex: event.index, delta: { toolUse: { input: event.input } } }]];
    case 'blockStop':
      return [['contentBlockStop', { contentBlockIndex: event.index }]];
    case 'messageStop':
      return [['messageStop', { stopReason: event.stopReason }]];
    case 'metadata':
      return [['metadata', { usage: event.usage, metrics: { latencyMs: event.latencyMs } }]];
  }
}
