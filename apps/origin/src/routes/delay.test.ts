import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testOrigin } from '../test-helpers.ts';

const origin = await testOrigin();

test('/delay/:ms waits at least ms, then 200', async () => {
  const started = performance.now();
  const res = await fetch(`${origin.url}/delay/120?cc=no-store`);
  const elapsed = performance.now() - started;
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(await res.json(), { delayed: 120 });
  assert.ok(elapsed >= 115, `waited ${elapsed} ms`); // timers may fire a hair early
});

test('/delay accepts a subpath; bad ms -> 400', async () => {
  assert.equal((await fetch(`${origin.url}/delay/0/x`)).status, 200);
  for (const ms of ['-5', 'soon', '1.5']) {
    const res = await fetch(`${origin.url}/delay/${ms}`);
    assert.equal(res.status, 400, ms);
    await res.arrayBuffer();
  }
});
