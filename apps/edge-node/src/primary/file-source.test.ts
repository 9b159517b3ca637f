import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CachefrontConfig } from '@cachefront/config';
import type { ConfigSink } from './config-source.ts';
import { ConfigError } from './errors.ts';
import { FileConfigSource } from './file-source.ts';

const distribution = (id: string, pathPattern = '/a/*') => `
  - id: ${id}
    origins: [{ id: o, domainName: example.com }]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
    cacheBehaviors:
      - { pathPattern: '${pathPattern}', targetOriginId: o, cachePolicyId: Managed-CachingOptimized }`;
const ONE = `distributions:${distribution('E0000000000001')}\n`;
const TWO = `distributions:${distribution('E0000000000001')}${distribution('E0000000000002')}\n`;
const BROKEN = `distributions:${distribution('E0000000000001', '/a/[x]')}${distribution('E00000000000002', '/b/[y]')}\n`;

/** Collects events; `first` finds one matching a predicate, waiting for it (with a deadline). */
class Events<T> {
  readonly all: T[] = [];
  private waiters: { match: (e: T) => boolean; resolve: (e: T) => void }[] = [];

  push(e: T): void {
    this.all.push(e);
    this.waiters = this.waiters.filter((w) => !(w.match(e) && (w.resolve(e), true)));
  }

  first(match: (e: T) => boolean, timeoutMs = 5000): Promise<T> {
    const seen = this.all.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }
}

/** Replaces the file in one step (a reload never reads it half written). */
async function replace(path: string, text: string): Promise<void> {
  const tmp = join(await mkdtemp(join(tmpdir(), 'file-source-tmp-')), 'next.yaml');
  await writeFile(tmp, text);
  await rename(tmp, path);
}

async function setup(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'file-source-'));
  const path = join(dir, 'cachefront.yaml');
  await writeFile(path, text);
  const lines = new Events<{ level: number; msg: string; issues?: unknown[]; version?: number }>();
  const log = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  const published = new Events<{ config: CachefrontConfig; version: number }>();
  const sink: ConfigSink = {
    publishConfig: async (config, version) => published.push({ config, version }),
    invalidate: async () => assert.fail('a file has no invalidations'),
    drainUsage: async () => ({}),
  };
  return { path, lines, published, sink, source: new FileConfigSource(path, log) };
}

describe('FileConfigSource', () => {
  it('starts with the file as version 1', async () => {
    const { source, path } = await setup(ONE);
    const first = await source.initial();
    assert.equal(first.version, 1);
    assert.equal(first.config.distributions.length, 1);
    assert.deepEqual(source.describe(), { config: path });
    assert.equal(source.health(), undefined);
  });

  it('a valid config forwarding values its cache key leaves out is served, with a warning naming them', async () => {
    const poisonable = ONE.replace('cachePolicyId: Managed-CachingOptimized }\n', 'cachePolicyId: Managed-CachingOptimized, originRequestPolicyId: Managed-AllViewer }\n');
    assert.notEqual(poisonable, ONE);
    const { source, lines } = await setup(poisonable);
    await source.initial();
    const warning = await lines.first((l) => l.level === 40 && /config warning/.test(l.msg));
    assert.match(warning.msg, /distributions\[0\]\.defaultCacheBehavior\.originRequestPolicyId: .*x-forwarded-host.*cache poisoning/);
  });

  it('an invalid or missing file is a ConfigError listing every issue', async () => {
    const { source, path } = await setup(BROKEN);
    await assert.rejects(source.initial(), (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, new RegExp(`^${path} is not a valid config:`));
      assert.match(err.message, /distributions\[0\]/);
      assert.match(err.message, /distributions\[1\]/);
      return true;
    });
    await assert.rejects(new FileConfigSource(join(path, 'nope.yaml'), pino({ level: 'silent' })).initial(), /cannot read/);
  });

  it('publishes each good edit as the next version and rejects a bad one, logging every issue', async () => {
    const { source, path, lines, published, sink } = await setup(ONE);
    await source.initial();
    source.start(sink);
    try {
      await replace(path, TWO);
      const v2 = await published.first(() => true);
      assert.equal(v2.version, 2);
      assert.equal(v2.config.distributions.length, 2);
      assert.equal((await lines.first((l) => l.msg === 'config reloaded')).version, 2);

      await replace(path, BROKEN);
      const rejected = await lines.first((l) => l.msg.startsWith('config change rejected'));
      const last = published.all.at(-1)!;
      assert.equal(rejected.level, 50);
      assert.match(rejected.msg, new RegExp(`still serving version ${last.version}:`));
      assert.ok((rejected.issues?.length ?? 0) >= 2, 'every issue is logged');
      assert.ok(
        published.all.every((p) => p.config.distributions.length === 2),
        'only the good edit was published',
      );

      await replace(path, ONE);
      const v3 = await published.first((p) => p.config.distributions.length === 1);
      assert.equal(v3.version, last.version + 1);
    } finally {
      await source.stop();
    }
  });
});
