import type { ResponseHeaders } from '@cachefront/cache-core';
import type { CachedObject } from './store.ts';

/**
 * A fetch in progress that several requests can read: request collapsing that streams.
 * The leader feeds it (head, chunks, end); readers attach at any time, get the head and
 * the chunks so far, then the rest as they arrive. Chunks are kept only while the
 * response is `shareable` (it will be stored anyway); a non-shareable response is never
 * replayed: readers are told to fetch for themselves.
 */
export interface Head {
  status: number;
  /** Flat viewer header list (without per-request headers). */
  viewerHeaders: string[];
  /** Origin headers, for storing the object in a sibling's cache. */
  originHeaders: ResponseHeaders;
  shareable: boolean;
  ttl: number;
  initialAge: number;
  storedAt: number;
}

/** The Head of an object already in the cache (to replay it to followers or siblings). */
export function headOf(obj: Pick<CachedObject, 'meta' | 'viewerHeaders'>): Head {
  const { meta } = obj;
  return { status: meta.status, viewerHeaders: obj.viewerHeaders, originHeaders: meta.headers, shareable: true, ttl: meta.ttl, initialAge: meta.initialAge, storedAt: meta.storedAt };
}

export interface Reader {
  head(head: Head): void;
  data(chunk: Buffer): void;
  end(): void;
  error(err: Error): void;
}

export class InFlight {
  head: Head | undefined;
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** True once the body outgrew maxBytes: it is relayed, no longer kept. */
  oversized = false;
  private done = false;
  private failed: Error | undefined;
  private readers = new Set<Reader>();
  /** An invalidation matched this fetch while it ran: serve the readers, store nothing. */
  invalidated = false;
  /** The response's cache tags, once its head is known. */
  tags: string[] | undefined;

  /** @param maxBytes bodies beyond this are streamed to attached readers but not kept. */
  private readonly maxBytes: number;
  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  attach(reader: Reader): void {
    if (this.failed) return reader.error(this.failed);
    if (this.oversized) return reader.error(new Error('object too large to replay'));
    if (this.head) {
      reader.head(this.head);
      if (!this.head.shareable) return;
      for (const c of this.chunks) reader.data(c);
      if (this.done) return reader.end();
    }
    this.readers.add(reader);
  }

  setHead(head: Head): void {
    this.head = head;
    for (const r of this.readers) r.head(head);
    if (!head.shareable) this.readers.clear();
  }

  push(chunk: Buffer): void {
    if (!this.head?.shareable) return;
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.oversized = true;
      this.chunks = [];
    } else {
      this.chunks.push(chunk);
    }
    for (const r of this.readers) r.data(chunk);
  }

  /** The whole body, or undefined when it outgrew maxBytes (then it is not stored). */
  end(): Buffer | undefined {
    this.done = true;
    for (const r of this.readers) r.end();
    this.readers.clear();
    return this.oversized ? undefined : Buffer.concat(this.chunks, this.bytes);
  }

  fail(err: Error): void {
    this.failed = err;
    for (const r of this.readers) r.error(err);
    this.readers.clear();
    this.chunks = [];
  }
}
