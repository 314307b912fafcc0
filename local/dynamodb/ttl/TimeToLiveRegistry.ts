import { readStateFile, writeStateFile } from '../../stateFile.js';

type Saved = { tables: Record<string, string> };

const isSaved = (value: unknown): value is Saved =>
  typeof value === 'object' && value !== null && typeof (value as Saved).tables === 'object' && (value as Saved).tables !== null;

/**
 * Which tables have TTL enabled, and on which attribute: set by `UpdateTimeToLive` (the template's
 * `TimeToLiveSpecification` arrives that way at provisioning). With a file, kept across restarts.
 */
export class TimeToLiveRegistry {
  readonly #tables = new Map<string, string>();
  #saving: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string | undefined) {}

  static async open(file?: string): Promise<TimeToLiveRegistry> {
    const registry = new TimeToLiveRegistry(file);
    const saved = file ? await readStateFile(file, 'Delete it: the template re-enables its tables’ TTL at the next start.', isSaved) : undefined;
    for (const [table, attribute] of Object.entries(saved?.tables ?? {})) if (typeof attribute === 'string') registry.#tables.set(table, attribute);
    return registry;
  }

  /** The TTL attribute of a table, when TTL is enabled on it. */
  attributeOf(table: string): string | undefined {
    return this.#tables.get(table);
  }

  /** Tables with TTL enabled, with their attribute. */
  entries(): [table: string, attribute: string][] {
    return [...this.#tables];
  }

  enable(table: string, attribute: string): Promise<void> {
    this.#tables.set(table, attribute);
    return this.#save();
  }

  /** TTL disabled, or the table deleted. */
  disable(table: string): Promise<void> {
    return this.#tables.delete(table) ? this.#save() : Promise.resolve();
  }

  #save(): Promise<void> {
    const { file } = this;
    if (!file) return Promise.resolve();
    const text = `${JSON.stringify({ tables: Object.fromEntries(this.#tables) } satisfies Saved, null, 2)}\n`;
    this.#saving = this.#saving.then(() => writeStateFile(file, text));
    return this.#saving;
  }
}
