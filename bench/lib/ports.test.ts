import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { freePort, retryOnPortClash } from './ports.ts';

describe('retryOnPortClash', () => {
  it('starts again on new ports when the port it picked was taken meanwhile, and only then', async () => {
    // Another process takes the port between freePort() and the bind: the first attempt
    // gets exactly that port, the retry a new one.
    const squatter = createServer().listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    const taken = (squatter.address() as AddressInfo).port;
    const tried: number[] = [];
    const bind = async (port: number) => {
      const s = createServer();
      s.listen(port, '127.0.0.1');
      await Promise.race([once(s, 'listening'), once(s, 'error').then(([e]) => Promise.reject(e as Error))]);
      return s;
    };
    try {
      const server = await retryOnPortClash(async () => {
        const port = tried.length === 0 ? taken : await freePort();
        tried.push(port);
        return bind(port);
      });
      assert.equal(tried.length, 2);
      assert.equal(tried[0], taken);
      assert.notEqual((server.address() as AddressInfo).port, taken);
      server.close();
    } finally {
      squatter.close();
    }
    await assert.rejects(retryOnPortClash(() => Promise.reject(new Error('config invalid'))), /config invalid/, 'other failures are not retried');
    let attempts = 0;
    await assert.rejects(retryOnPortClash(() => (attempts++, Promise.reject(new Error('listen EADDRINUSE'))), 3), /EADDRINUSE/);
    assert.equal(attempts, 3, 'at most `tries` attempts');
  });
});
