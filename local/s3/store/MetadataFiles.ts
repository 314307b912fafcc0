import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BucketRecord, KeyVersionsRecord, ObjectRecord, UploadRecord, VersionRecord } from './records.js';
import { syncFile } from '../../stateFile.js';

/**
 * The records of buckets, objects and uploads as JSON files, each written to a temp file and renamed:
 * an object becomes visible at the rename of its record, after its bytes are in place.
 */
export class MetadataFiles {
  constructor(private readonly dir: string) {}

  private bucketDir(bucket: string): string {
    return path.join(this.dir, 'buckets', bucket);
  }

  private objectFile(bucket: string, key: string): string {
    // Keys are up to 1,024 bytes of any characters: the file is named by the key's hash.
    return path.join(this.bucketDir(bucket), 'objects', `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  private async writeAtomically(file: string, value: unknown): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = path.join(this.dir, 'tmp', `${randomUUID()}.json`);
    await writeFile(temp, JSON.stringify(value));
    await syncFile(temp);
    await rename(temp, file);
  }

  async load(): Promise<{ buckets: BucketRecord[]; objects: Map<string, KeyVersionsRecord[]>; uploads: UploadRecord[] }> {
    const buckets: BucketRecord[] = [];
    const objects = new Map<string, KeyVersionsRecord[]>();
    for (const name of await readdir(path.join(this.dir, 'buckets')).catch(() => [])) {
      const bucket = await readJson<BucketRecord>(path.join(this.bucketDir(name), 'bucket.json'));
      if (!bucket) continue;
      buckets.push(bucket);
      const objectDir = path.join(this.bucketDir(name), 'objects');
      const records: KeyVersionsRecord[] = [];
      for (const file of await readdir(objectDir).catch(() => [])) {
        const record = await readJson<KeyVersionsRecord | ObjectRecord>(path.join(objectDir, file));
        // Files written before versioning hold one object record: its null version.
        if (record) records.push('versions' in record ? record : { key: record.key, versions: [record] });
      }
      objects.set(name, records);
    }
    const uploads: UploadRecord[] = [];
    for (const file of await readdir(path.join(this.dir, 'uploads')).catch(() => [])) {
      const upload = await readJson<UploadRecord>(path.join(this.dir, 'uploads', file));
      if (upload) uploads.push(upload);
    }
    return { buckets, objects, uploads };
  }

  saveBucket(bucket: BucketRecord): Promise<void> {
    return this.writeAtomically(path.join(this.bucketDir(bucket.name), 'bucket.json'), bucket);
  }

  async removeBucket(bucket: string): Promise<void> {
    await rm(this.bucketDir(bucket), { recursive: true, force: true });
  }

  /** All versions of a key in one file, replaced by one rename: a version appears or goes atomically. */
  saveKey(bucket: string, key: string, versions: VersionRecord[]): Promise<void> {
    const record: KeyVersionsRecord = { key, versions };
    return this.writeAtomically(this.objectFile(bucket, key), record);
  }

  async removeObject(bucket: string, key: string): Promise<void> {
    await rm(this.objectFile(bucket, key), { force: true });
  }

  saveUpload(upload: UploadRecord): Promise<void> {
    return this.writeAtomically(path.join(this.dir, 'uploads', `${upload.uploadId}.json`), upload);
  }

  async removeUpload(uploadId: string): Promise<void> {
    await rm(path.join(this.dir, 'uploads', `${uploadId}.json`), { force: true });
  }
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
