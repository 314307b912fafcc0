import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Error } from '../errors.js';
import type { ObjectDigests } from './checksums.js';
import { syncFile } from '../../stateFile.js';

/** Where object bytes live: files under `.local/s3/blobs` (written to `tmp/` then renamed), or memory. */
export interface BlobStore {
  /**
   * Writes `source` to a new blob, feeding `digests` as bytes pass; refuses more than `maxBytes`
   * (EntityTooLarge) and leaves nothing behind when the source fails.
   */
  write(source: AsyncIterable<Uint8Array>, digests: ObjectDigests, maxBytes: number): Promise<string>;
  /** The bytes `start`…`end` (inclusive) of a blob, or all of it. */
  read(id: string, range?: { start: number; end: number }): Readable;
  remove(id: string): Promise<void>;
  /** Blob ids present (to drop those no object names after a crash). */
  list(): Promise<string[]>;
}

async function* limited(source: AsyncIterable<Uint8Array>, digests: ObjectDigests, maxBytes: number): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    digests.update(chunk);
    if (digests.size > maxBytes) throw new S3Error('EntityTooLarge', undefined, { ProposedSize: String(digests.size), MaxSizeAllowed: String(maxBytes) });
    yield chunk;
  }
}

export class FileBlobStore implements BlobStore {
  private readonly blobs: string;
  private readonly tmp: string;

  constructor(dir: string) {
    this.blobs = path.join(dir, 'blobs');
    this.tmp = path.join(dir, 'tmp');
  }

  async open(): Promise<void> {
    await mkdir(this.blobs, { recursive: true });
    // A write killed midway leaves only a temp file: never visible, removed here.
    await rm(this.tmp, { recursive: true, force: true });
    await mkdir(this.tmp, { recursive: true });
  }

  async write(source: AsyncIterable<Uint8Array>, digests: ObjectDigests, maxBytes: number): Promise<string> {
    const id = randomUUID();
    const temp = path.join(this.tmp, id);
    try {
      await pipeline(Readable.from(limited(source, digests, maxBytes)), createWriteStream(temp));
      await syncFile(temp);
      await rename(temp, path.join(this.blobs, id));
      return id;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  read(id: string, range?: { start: number; end: number }): Readable {
    return createReadStream(path.join(this.blobs, id), range);
  }

  async remove(id: string): Promise<void> {
    await rm(path.join(this.blobs, id), { force: true });
  }

  async list(): Promise<string[]> {
    return readdir(this.blobs);
  }
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  async write(source: AsyncIterable<Uint8Array>, digests: ObjectDigests, maxBytes: number): Promise<string> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of limited(source, digests, maxBytes)) chunks.push(chunk);
    const id = randomUUID();
    this.blobs.set(id, Buffer.concat(chunks));
    return id;
  }

  read(id: string, range?: { start: number; end: number }): Readable {
    const blob = this.blobs.get(id) ?? Buffer.alloc(0);
    return Readable.from([range ? blob.subarray(range.start, range.end + 1) : blob]);
  }

  async remove(id: string): Promise<void> {
    this.blobs.delete(id);
  }

  async list(): Promise<string[]> {
    return [...this.blobs.keys()];
  }
}
