/**
 * Server-Sent Events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 */

/** The last event of a successful stream. */
export const SSE_DONE = 'data: [DONE]\n\n';

/**
 * One SSE event whose data is `data` as JSON (JSON never contains a raw newline, so one `data:`
 * line suffices), with an optional `event:` type.
 *
 * @example
 * sseEvent({ text: 'Hel' })                    // 'data: {"text":"Hel"}\n\n'
 * sseEvent({ error: { message: 'x' } }, 'error') // 'event: error\ndata: {"error":{"message":"x"}}\n\n'
 */
export function sseEvent(data: unknown, event?: string): string {
  const type = event ? `event: ${event.replace(/[\r\n]/g, '')}\n` : '';
  return `${type}data: ${JSON.stringify(data)}\n\n`;
}
