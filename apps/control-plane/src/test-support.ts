// Shared by the tests: a control plane on a temp database with a movable clock, a client
// for `app.request`, and an SSE reader with deadlines.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS } from './storage/migrations.ts';
import type { JwtKeys } from './auth/keys.ts';
import type { PopCatalog } from './catalog/pop-catalog.ts';
import type { PriceTable } from './usage/price-table.ts';
import { createControlPlane, type ControlPlane } from './server.ts';
import { mintToken } from './auth/tokens.ts';

export const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
export const SECRET_KEYS: JwtKeys = { algorithm: 'HS256', secret: SECRET, source: 'test' };

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cachefront-cp-'));
}

/**
 * A Harness `prepare`: the database as schema `version` left it (migrations 1 to `version`),
 * with what `fill` writes, for tests of the upgrade from an older control plane.
 */
export function oldSchema(version: number, fill: (db: DatabaseSync) => void): (path: string) => void {
  return (path) => {
    const db = new DatabaseSync(path);
    for (let v = 1; v <= version; v++) db.exec(MIGRATIONS[v] as string);
    db.exec(`PRAGMA user_version = ${version}`);
    fill(db);
    db.close();
  };
}

/** An old database's one distribution: `config` (JSON) as version 1 of `id`, stored at 1000; seq 1. */
export function storeOldDistribution(db: DatabaseSync, id: string, etag: string, config: string): void {
  db.prepare("INSERT INTO distribution_versions (distribution_id, seq, op, etag, config, created_at) VALUES (?, 1, 'create', ?, ?, 1000)").run(id, etag, config);
  db.prepare('INSERT INTO distributions (id, vid, config_seq, created_at) VALUES (?, 1, 1, 1000)').run(id);
  db.exec("UPDATE meta SET value = 1 WHERE key IN ('seq', 'config_seq')");
}

/** A clock tests move by hand. */
export class Clock {
  t = Date.now();
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // tests index into the JSON freely
}

export interface CallOptions {
  body?: unknown;
  /** Sent as-is (not JSON-encoded). */
  raw?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

export class Harness {
  readonly dir = tempDir();
  readonly dataPath = join(this.dir, 'cp.db');
  readonly clock = new Clock();
  cp: ControlPlane;
  readonly keys: JwtKeys;
  private readonly opts: { heartbeatMs?: number; edgeTimeoutMs?: number; edgeReapMs?: number; catalog?: PopCatalog; priceTable?: PriceTable };
  private readonly signKey: string | KeyObject;

  /** `prepare` runs on the database path before the control plane opens it (e.g. to write an older schema). */
  constructor(
    opts: { keys?: JwtKeys; signKey?: string; heartbeatMs?: number; edgeTimeoutMs?: number; edgeReapMs?: number; catalog?: PopCatalog; priceTable?: PriceTable; prepare?: (dataPath: string) => void } = {},
  ) {
    this.keys = opts.keys ?? SECRET_KEYS;
    this.signKey = opts.signKey ?? SECRET;
    this.opts = opts;
    opts.prepare?.(this.dataPath);
    this.cp = this.open();
  }

  private open(): ControlPlane {
    const { heartbeatMs = 60_000, edgeTimeoutMs, edgeReapMs, catalog, priceTable } = this.opts;
    return createControlPlane({ dataPath: this.dataPath, keys: this.keys, now: this.clock.now, heartbeatMs, edgeTimeoutMs, edgeReapMs, catalog, priceTable });
  }

  /** Closes and opens the same database file again. */
  reopen(): void {
    this.cp.close();
    this.cp = this.open();
  }

  token(...scope: string[]): string {
    return mintToken({ scope, key: this.signKey as string, subject: 'test' });
  }

  async call(method: string, path: string, o: CallOptions = {}): Promise<Reply> {
    const res = await this.request(method, path, o);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
  }

  async request(method: string, path: string, o: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? this.token('write') : o.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    return this.cp.app.request(path, { method, headers, body });
  }

  /** Creates a distribution (201 expected) and returns its body and ETag. */
  async distribution(overrides: Record<string, unknown> = {}): Promise<{ id: string; etag: string; body: any }> {
    const r = await this.call('POST', '/v1/distributions', { body: rawDistribution(overrides) });
    if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
    return { id: r.body.id, etag: r.headers.get('etag') as string, body: r.body };
  }

  /** Opens an edge stream in-process. */
  async stream(query: string, token = this.token('edge')): Promise<SseReader> {
    const res = await this.request('GET', `/v1/edges/stream?${query}`, { token });
    if (res.status !== 200 || res.body === null) throw new Error(`stream refused: ${res.status} ${await res.text()}`);
    return new SseReader(res.body);
  }

  ack(edge: string, seq: number): Promise<Reply> {
    return this.call('POST', `/v1/edges/${edge}/acks`, { body: { seq }, token: this.token('edge') });
  }

  close(): void {
    this.cp.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A distribution entry as written in a config file (no defaults). */
export function rawDistribution(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    origins: [{ id: 'app', domainName: 'origin.example.com' }],
    defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' },
    ...overrides,
  };
}

const pems = new Map<string, string>();

/** An SPKI PEM public key, generated once per test process: CloudFront's two kinds, and a too-small RSA key. */
export function testPem(kind: 'rsa2048' | 'ec256' | 'rsa1024' = 'rsa2048'): string {
  let pem = pems.get(kind);
  if (pem === undefined) {
    const { publicKey } =
      kind === 'ec256' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('rsa', { modulusLength: kind === 'rsa2048' ? 2048 : 1024 });
    pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    pems.set(kind, pem);
  }
  return pem;
}

export interface SseEvent {
  event: string;
  data: any; // parsed JSON
}

/** Reads server-sent events; every wait has a deadline so a missing event fails the test. */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private readonly ready: SseEvent[] = [];
  ended = false;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The next event (skipping `ping` unless asked for), or a rejection after `ms`. */
  async next(opts: { ms?: number; pings?: boolean } = {}): Promise<SseEvent> {
    const deadline = Date.now() + (opts.ms ?? 2000);
    for (;;) {
      const e = this.ready.shift();
      if (e !== undefined) {
        if (e.event === 'ping' && !opts.pings) continue;
        return e;
      }
      if (this.ended) throw new Error('stream ended');
      await this.read(deadline - Date.now());
    }
  }

  /** Resolves when the server ends the stream (rejects after `ms`). */
  async end(ms = 2000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.ended) await this.read(deadline - Date.now());
  }

  private async read(ms: number): Promise<void> {
    if (ms <= 0) throw new Error('timed out waiting for an event');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out waiting for an event')), ms);
    });
    try {
      const { done, value } = await Promise.race([this.reader.read(), timeout]);
      if (done) {
        this.ended = true;
        return;
      }
      this.buffer += this.decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = this.buffer.indexOf('\n\n')) !== -1) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        this.ready.push({ event, data: JSON.parse(data.join('\n')) });
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}

/** Re-checks `check` on each event-loop turn until true, failing after `ms` (effects of a client closing a stream). */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}
