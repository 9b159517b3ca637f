import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@cachefront/config';
import { loadState, lockStateDir, saveState } from './state.ts';

const config = parseConfig({
  distributions: [{ id: 'E0000000000001', origins: [{ id: 'o', domainName: 'example.com' }], defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized' } }],
}).value!;

describe('edge state dir', () => {
  it('a new dir: a fresh identity for the POP, seq 0, no config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-state-'));
    const s = await loadState(dir, 'FRA');
    assert.match(s.edgeId, /^fra-[0-9a-f]{12}$/);
    assert.equal(s.seq, 0);
    assert.equal(s.config, undefined);
  });

  it('round-trips identity, seq and config; another POP gets a new identity', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-state-'));
    await saveState(dir, { edgeId: 'fra-1', pop: 'FRA', seq: 42, config });
    const back = await loadState(dir, 'FRA');
    assert.equal(back.edgeId, 'fra-1');
    assert.equal(back.seq, 42);
    assert.deepEqual(back.config, config);
    assert.notEqual((await loadState(dir, 'IAD')).edgeId, 'fra-1');
  });

  it('a config this version cannot read is an error naming the file, not a silent reset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-state-'));
    await writeFile(join(dir, 'edge-state.json'), JSON.stringify({ edgeId: 'x', pop: 'FRA', seq: 3, config: { distributions: 7 } }));
    await assert.rejects(loadState(dir, 'FRA'), /edge-state\.json/);
  });

  it('one edge per dir: a live owner blocks, a dead one is taken over, unlock releases', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-state-'));
    // pid 1 is alive on every Unix system.
    await writeFile(join(dir, 'edge.lock'), '1');
    await assert.rejects(lockStateDir(dir), /in use by another edge \(pid 1\)/);
    await writeFile(join(dir, 'edge.lock'), '999999999');
    const unlock = await lockStateDir(dir);
    assert.equal(await readFile(join(dir, 'edge.lock'), 'utf8'), String(process.pid));
    await unlock();
    const again = await lockStateDir(dir);
    await again();
  });
});
