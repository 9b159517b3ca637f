import { createServer, type Server } from 'node:http';
import { Agent } from 'undici';
import { ageHeader } from '@cachefront/cache-core';
import { headOf, type Head, type InFlight } from '../cache/inflight.ts';
import type { CacheStore } from '../cache/store.ts';

/**
 * Worker-to-worker object transfer on a private loopback port. A follower asks the
 * leader for a key; the leader streams it from its in-flight fetch (or its cache, if
 * the fetch already finished). 404 means "not shareable / not here": fetch yourself.
 */
const KEY_HEADER = 'x-cf-sibling-key';
const HEAD_HEADER = 'x-cf-sibling-head';

export function startSiblingServer(inflight: ReadonlyMap<string, InFlight>, store: CacheStore, now: () => number = Date.now): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const raw = req.headers[KEY_HEADER];
    const key = typeof raw === 'string' ? Buffer.from(raw, 'base64url').toString() : undefined;
    if (key === undefined) return void res.writeHead(400).end();
    const fl = inflight.get(key);
    if (fl) {
      fl.attach({
        head(head) {
          if (!head.shareable) return void res.writeHead(404).end();
          res.writeHead(200, { [HEAD_HEADER]: encodeHead(head) });
        },
        data: (c) => void res.write(c),
        end: () => void res.end(),
        error: () => void res.destroy(),
      });
      return;
    }
    const cached = store.get(key);
    if (!cached) return void res.writeHead(404).end();
    // From the cache, the reader answers with the copy's Age (RFC 9111 §5.1), as a hit would.
    const head = headOf(cached);
    head.viewerHeaders = head.viewerHeaders.concat('age', ageHeader(cached.meta, now()));
    res.writeHead(200, { [HEAD_HEADER]: encodeHead(head), 'content-length': cached.body.length });
    res.end(cached.body);
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // exclusive: each worker's own port (a follower must never be routed to itself).
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : 0 });
    });
  });
}

function encodeHead(head: Head): string {
  return Buffer.from(JSON.stringify(head)).toString('base64url');
}

export interface SiblingFetch {
  head: Head;
  body: AsyncIterable<Buffer>;
}

export class SiblingClient {
  // A leader waits on its origin at most originReadTimeout (<= 120 s) per read.
  private agent = new Agent({ keepAliveTimeout: 30_000, connections: 64, headersTimeout: 125_000, bodyTimeout: 125_000 });

  /** The object from the leader, or undefined when it has nothing shareable for us. */
  async fetch(port: number, key: string): Promise<SiblingFetch | undefined> {
    try {
      const res = await this.agent.request({
        origin: `http://127.0.0.1:${port}`,
        path: '/',
        method: 'GET',
        headers: { [KEY_HEADER]: Buffer.from(key).toString('base64url') },
      });
      const raw = res.headers[HEAD_HEADER];
      if (res.statusCode !== 200 || typeof raw !== 'string') {
        await res.body.dump();
        return undefined;
      }
      return { head: JSON.parse(Buffer.from(raw, 'base64url').toString()) as Head, body: res.body };
    } catch {
      return undefined;
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
