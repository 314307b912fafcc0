import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncFile } from '../../stateFile.js';

/** One notification to deliver: where, and the event (the `S3Event`, `{"Records"}` body or EventBridge event). */
export type Delivery =
  | { id: string; target: { type: 'function'; functionLogicalId: string }; event: unknown }
  | { id: string; target: { type: 'queue'; queueArn: string }; event: unknown }
  | { id: string; target: { type: 'stateMachine'; arn: string }; event: unknown };

export type NewDelivery = Delivery extends infer D ? (D extends Delivery ? Omit<D, 'id'> : never) : never;

/**
 * Notifications not yet delivered, one file each under `.local/s3/pending/`, written before the
 * request that caused them is answered and removed once delivered: a kill loses none, and the next
 * start delivers them (at least once, as S3 does). Without a directory nothing is kept.
 */
export class NotificationJournal {
  constructor(private readonly dir?: string) {}

  async add(delivery: NewDelivery): Promise<Delivery> {
    const entry = { ...delivery, id: randomUUID() } as Delivery;
    if (this.dir) {
      await mkdir(this.dir, { recursive: true });
      const temp = path.join(this.dir, `.${entry.id}.tmp`);
      await writeFile(temp, JSON.stringify(entry));
      await syncFile(temp);
      await rename(temp, path.join(this.dir, `${entry.id}.json`));
    }
    return entry;
  }

  async done(id: string): Promise<void> {
    if (this.dir) await rm(path.join(this.dir, `${id}.json`), { force: true });
  }

  /** What an earlier run left undelivered. */
  async pending(): Promise<Delivery[]> {
    if (!this.dir) return [];
    const deliveries: Delivery[] = [];
    for (const file of await readdir(this.dir).catch(() => [] as string[])) {
      if (!file.endsWith('.json')) {
        await rm(path.join(this.dir, file), { force: true });
        continue;
      }
      try {
        deliveries.push(JSON.parse(await readFile(path.join(this.dir, file), 'utf8')) as Delivery);
      } catch {
        await rm(path.join(this.dir, file), { force: true });
      }
    }
    return deliveries;
  }
}
