/**
 * Model calls of a fake Bedrock that runs in its own container (compose): its inspection API
 * (`GET /_fake/invocations`) is read once a second while someone watches the feed, and the calls
 * not seen before are recorded. Calls made while nobody watched arrive with the next look (the fake
 * keeps its last 1,000). Which function made a call cannot be told from outside, so it is left out.
 */
import type { InvocationRecord } from '../bedrock/inspection/InvocationLog.js';
import type { FeedRecorder } from './feedRecorder.js';

const POLL_MS = 1000;

/** Starts polling; returns the function that stops it. */
export function pollBedrockInvocations(bedrockUrl: string, recorder: FeedRecorder): () => void {
  const seen = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    if (recorder.feed.subscriberCount > 0) {
      try {
        const answer = await fetch(`${bedrockUrl}/_fake/invocations`, { signal: AbortSignal.timeout(POLL_MS * 5) });
        const { invocations = [] } = (await answer.json()) as { invocations?: InvocationRecord[] };
        for (const record of invocations) {
          if (seen.has(record.id)) continue;
          seen.add(record.id);
          recorder.modelCall(record, []);
        }
      } catch {
        // The container is restarting or gone: try again at the next tick.
      }
    }
    if (!stopped) timer = setTimeout(() => void poll(), POLL_MS).unref();
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
