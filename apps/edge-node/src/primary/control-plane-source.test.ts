import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '@cachefront/config';
import { EMPTY_CONFIG } from '../control/client.ts';
import { saveState } from '../control/state.ts';
import { ControlPlaneConfigSource } from './control-plane-source.ts';
import { StartupError } from './errors.ts';

const config = parseConfig({
  distributions: [{ id: 'E0000000000001', origins: [{ id: 'o', domainName: 'example.com' }], defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized' } }],
}).value!;

const source = (stateDir: string) => new ControlPlaneConfigSource({ url: 'http://127.0.0.1:1/', token: 't', stateDir, pop: 'FRA', log: pino({ level: 'silent' }) });
const exists = (path: string) => access(path).then(() => true, () => false);

describe('ControlPlaneConfigSource before it connects', () => {
  it('static stability: starts with the config and seq saved in the state dir, holding its lock until closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-source-'));
    await saveState(dir, { edgeId: 'fra-1', pop: 'FRA', seq: 7, config });
    const s = source(dir);
    assert.deepEqual(await s.initial(), { config, version: 7 });
    assert.deepEqual(s.describe(), { controlPlane: 'http://127.0.0.1:1/', stateDir: dir, edgeId: 'fra-1', seq: 7 });
    assert.equal(s.health(), undefined, 'no control plane state before start');
    assert.ok(await exists(join(dir, 'edge.lock')));
    await s.synced();
    await s.stop();
    await s.close();
    assert.equal(await exists(join(dir, 'edge.lock')), false);
  });

  it('a new state dir: the empty config at seq 0', async () => {
    const s = source(await mkdtemp(join(tmpdir(), 'cp-source-')));
    assert.deepEqual(await s.initial(), { config: EMPTY_CONFIG, version: 0 });
    await s.close();
  });

  it('a state dir in use or unreadable is a StartupError, and the lock is not kept', async () => {
    const busy = await mkdtemp(join(tmpdir(), 'cp-source-'));
    // pid 1 is alive on every Unix system.
    await writeFile(join(busy, 'edge.lock'), '1');
    await assert.rejects(source(busy).initial(), (err: Error) => err instanceof StartupError && /in use by another edge \(pid 1\)/.test(err.message));

    const bad = await mkdtemp(join(tmpdir(), 'cp-source-'));
    await writeFile(join(bad, 'edge-state.json'), JSON.stringify({ edgeId: 'x', pop: 'FRA', seq: 3, config: { distributions: 7 } }));
    await assert.rejects(source(bad).initial(), (err: Error) => err instanceof StartupError && /edge-state\.json/.test(err.message));
    assert.equal(await exists(join(bad, 'edge.lock')), false);
  });
});
