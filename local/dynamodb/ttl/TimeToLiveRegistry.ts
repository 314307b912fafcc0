import { readStateFile, writeStateFile } from '../../stateFile.js';

/** `changedAt`: when each table's TTL was last enabled or disabled (epoch ms on the stack clock). */
type Saved = { tables: Record<string, string>; changedAt?: Record<string, number> };

const isSaved = (value: unknown): value is Saved =>
  typeof value === 'object' && value !== null && typeof (value as Saved).tables === 'object' && (value as Saved).tables !== null;

/**
 * Which tables have TTL enabled, and on which attribute: set by `UpdateTimeToLive` (the template's
 * `TimeToLiveSpecification` arrives that way at provisioning), and when each table's setting last
 * changed (DynamoDB refuses a second change within an hour). With a file, kept across restarts.
 */
export class TimeToLiveRegistry {
  readonly #tables = new Map<string, string>();
  readonly #changedAt = new Map<string, number>();
  #saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    /** The stack clock's now, epoch ms. */
    readonly now: () => number,
  ) {}

  static async open(file?: string, now: () => number = Date.now): Promise<TimeToLiveRegistry> {
    const registry = new TimeToLiveRegistry(file, now);
    const saved = file ? await readStateFile(file, 'Delete it: the template re-enables its tables’ TTL at the next start.', isSaved) : undefined;
    for (const [table, attribute] of Object.entries(saved?.tables ?? {})) if (typeof attribute === 'string') registry.#tables.set(table, attribute);
    for (const [table, at] of Object.entries(saved?.changedAt ?? {})) if (typeof at === 'number') registry.#changedAt.set(table, at);
    return registry;
  }

  /** The TTL attribute of a table, when TTL is enabled on it. */
  attributeOf(table: string): string | undefined {
    return this.#tables.get(table);
  }

  /** When the table's TTL was last enabled or disabled (epoch ms), if it ever was. */
  changedAt(table: string): number | undefined {
    return this.#changedAt.get(table);
  }

  /** Tables with TTL enabled, with their attribute. */
  entries(): [table: string, attribute: string][] {
    return [...this.#tables];
  }

  enable(table: string, attribute: string): Promise<void> {
    this.#tables.set(table, attribute);
    this.#changedAt.set(table, this.now());
    return this.#save();
  }

  disable(table: string): Promise<void> {
    this.#tables.delete(table);
    this.#changedAt.set(table, this.now());
    return this.#save();
  }

  /** The table was deleted: its TTL setting and history go with it. */
  forget(table: string): Promise<void> {
    const known = this.#tables.delete(table);
    return this.#changedAt.delete(table) || known ? this.#save() : Promise.resolve();
  }

  #save(): Promise<void> {
    const { file } = this;
    if (!file) return Promise.resolve();
    const saved: Saved = { tables: Object.fromEntries(this.#tables), changedAt: Object.fromEntries(this.#changedAt) };
    const text = `${JSON.stringify(saved, null, 2)}\n`;
    this.#saving = this.#saving.then(() => writeStateFile(file, text));
    return this.#saving;
  }
}
