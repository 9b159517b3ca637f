// ETags of objects: S3's ETag of a single-part upload is the hex MD5 of its bytes, quoted
// (S3 API Reference, Object: "The entity tag is a hash of the object"). Computed by streaming
// the file (never whole in memory) and remembered per (path, size, mtime), so a file is read
// once per change, and concurrent first requests share one computation.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

interface Entry {
  size: number;
  mtimeMs: number;
  etag: Promise<string>;
}

export class Md5Cache {
  #entries = new Map<string, Entry>();
  readonly #maxEntries: number;

  /** `maxEntries` bounds the memory: past it, the least recently computed entry goes. */
  constructor(maxEntries = 10_000) {
    this.#maxEntries = maxEntries;
  }

  /** The quoted hex MD5 of `file`, whose stat gave `size` and `mtimeMs`. */
  etagOf(file: string, size: number, mtimeMs: number): Promise<string> {
    const hit = this.#entries.get(file);
    if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.etag;
    const etag = md5File(file).then((hex) => `"${hex}"`);
    const entry = { size, mtimeMs, etag };
    this.#entries.delete(file);
    this.#entries.set(file, entry);
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value ?? '');
    // A failed read is not remembered: the next request tries again.
    etag.catch(() => {
      if (this.#entries.get(file) === entry) this.#entries.delete(file);
    });
    return etag;
  }
}

async function md5File(file: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
