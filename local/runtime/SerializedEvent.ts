/**
 * An event its invoker has already written as JSON text: the runtime hands the text to the function
 * as it is, instead of serialising an object. The gateway writes its proxy events this way, since
 * building the text directly costs a third of building an object and `JSON.stringify` on it.
 */
export class SerializedEvent {
  constructor(readonly json: string) {}
}

/** The JSON text of an event as a function receives it. */
export function toEventJson(event: unknown): string {
  return event instanceof SerializedEvent ? event.json : (JSON.stringify(event) ?? 'null');
}
