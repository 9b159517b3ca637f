import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPEN_FILE_CACHE, renderNginxConfig } from './nginx.ts';

const setup = { prefix: '/tmp/p', cacheDir: '/dev/shm/c', port: 8081, originPort: 9000 };

describe('nginx configs', () => {
  it('nginx and nginx-ofc differ only in open_file_cache', () => {
    const plain = renderNginxConfig(setup);
    const ofc = renderNginxConfig({ ...setup, openFileCache: true });
    assert.doesNotMatch(plain, /^\s*open_file_cache /m);
    for (const directive of OPEN_FILE_CACHE) assert.ok(ofc.includes(directive), directive);
    const withoutOfc = ofc.split('\n').filter((l) => !OPEN_FILE_CACHE.some((d) => l.includes(d)));
    const withoutComment = plain.split('\n').filter((l) => !l.includes('# open_file_cache: off'));
    assert.deepEqual(withoutOfc, withoutComment);
    assert.match(plain, /proxy_cache bench;/);
  });

  it('nginx-gzip adds the gzip filter for text/plain and nothing else', () => {
    const plain = renderNginxConfig(setup);
    const gzip = renderNginxConfig({ ...setup, gzip: true });
    assert.doesNotMatch(plain, /^\s*gzip /m);
    assert.match(gzip, /^\s*gzip on;\s*gzip_types text\/plain;\s*gzip_min_length 1000;\s*gzip_proxied any;/m);
    const strip = (conf: string) => conf.split('\n').filter((l) => !/^\s*(gzip|# gzip)/.test(l));
    assert.deepEqual(strip(gzip), strip(plain));
  });

  it('the pass config proxies to a keep-alive upstream and caches nothing', () => {
    const pass = renderNginxConfig({ ...setup, kind: 'pass' });
    assert.match(pass, /upstream origin \{\s*server 127\.0\.0\.1:9000;\s*keepalive 64;/);
    assert.match(pass, /proxy_http_version 1\.1;/);
    assert.match(pass, /proxy_set_header Connection "";/);
    assert.match(pass, /listen 127\.0\.0\.1:8081;/);
    assert.match(pass, /worker_processes 2;/);
    assert.doesNotMatch(pass, /proxy_cache|open_file_cache|\{\{/);
  });
});
