// The dashboard's static files (dashboard.ts), and the pure helpers of the dashboard's modules
// (format.js, parsers.js: its SSE parser, form parsers, URL check), run here under Node.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { DASHBOARD_CSP, DASHBOARD_DIR, dashboardRoutes } from './dashboard.ts';

function mounted(dir?: string): Hono {
  const app = new Hono();
  app.route('/dashboard', dashboardRoutes(dir));
  return app;
}

describe('dashboard files', () => {
  const app = mounted();

  it('/dashboard/ is index.html with the CSP, no-cache and nosniff', async () => {
    const res = await app.request('/dashboard/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('content-security-policy'), "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    assert.equal(res.headers.get('content-security-policy'), DASHBOARD_CSP);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await res.text(), /<script type="module" src="app.js"><\/script>/);
  });

  it('/dashboard redirects to /dashboard/ (relative URLs in the page resolve inside it)', async () => {
    for (const [path, location] of [
      ['/dashboard', 'dashboard/'],
      ['/dashboard?x=1', 'dashboard/?x=1'],
    ] as const) {
      const res = await app.request(path);
      assert.equal(res.status, 308, path);
      assert.equal(res.headers.get('location'), location, path);
    }
  });

  it('serves each file with its content type', async () => {
    for (const [name, type] of [
      ['index.html', 'text/html; charset=utf-8'],
      ['app.js', 'text/javascript; charset=utf-8'],
      ['view-tail.js', 'text/javascript; charset=utf-8'],
      ['style.css', 'text/css; charset=utf-8'],
      ['world.json', 'application/json; charset=utf-8'],
    ] as const) {
      const res = await app.request(`/dashboard/${name}`);
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get('content-type'), type, name);
      assert.equal(res.headers.get('content-security-policy'), DASHBOARD_CSP, name);
      assert.equal(await res.text(), readFileSync(join(DASHBOARD_DIR, name), 'utf8'), name);
    }
  });

  it('answers a matching If-None-Match with 304 (weak comparison)', async () => {
    const first = await app.request('/dashboard/app.js');
    const etag = first.headers.get('etag') ?? '';
    assert.match(etag, /^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    for (const inm of [etag, etag.replace(/^W\//, ''), `"nope", ${etag}`, '*']) {
      const res = await app.request('/dashboard/app.js', { headers: { 'if-none-match': inm } });
      assert.equal(res.status, 304, inm);
      assert.equal(await res.text(), '');
    }
    assert.equal((await app.request('/dashboard/app.js', { headers: { 'if-none-match': '"other"' } })).status, 200);
  });

  it('serves only plain names in the directory: traversal, hidden, nested, unknown types are 404', async () => {
    const refused = [
      '/dashboard/..%2fsrc%2fapp.ts',
      '/dashboard/%2e%2e%2f%2e%2e%2fpackage.json',
      '/dashboard/..%5cpackage.json',
      '/dashboard/%2e%2e/package.json',
      '/dashboard/sub/app.js',
      '/dashboard//app.js',
      '/dashboard/.app.js',
      '/dashboard/app.ts',
      '/dashboard/nope.js',
      '/dashboard/app.js%00.html',
      '/dashboard/%zz.js',
    ];
    for (const path of refused) {
      // 404 from the dashboard (NoSuchResource) or from the router when the path leaves /dashboard/.
      assert.equal((await app.request(path)).status, 404, path);
    }
  });

  it('does not follow a symlink out of the directory, nor serve a directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cachefront-dashboard-'));
    const dir = join(root, 'dashboard');
    mkdirSync(dir);
    mkdirSync(join(dir, 'sub.js'));
    writeFileSync(join(root, 'secret.json'), '{"secret":true}');
    writeFileSync(join(dir, 'ok.json'), '{}');
    symlinkSync(join(root, 'secret.json'), join(dir, 'link.json'));
    const local = mounted(dir);
    assert.equal((await local.request('/dashboard/ok.json')).status, 200);
    assert.equal((await local.request('/dashboard/link.json')).status, 404);
    assert.equal((await local.request('/dashboard/sub.js')).status, 404);
    assert.equal((await local.request('/dashboard/')).status, 404); // no index.html there
  });

  it('the page has no inline script, style or handler, and no module ever parses HTML', () => {
    const html = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'every script has a src');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i, 'nothing is loaded from elsewhere');
    const modules = readdirSync(DASHBOARD_DIR).filter((name) => name.endsWith('.js'));
    assert.ok(modules.includes('app.js') && modules.length > 1, modules.join(', '));
    for (const name of modules) {
      const js = readFileSync(join(DASHBOARD_DIR, name), 'utf8');
      assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|\beval\(|new Function/, name);
      assert.doesNotMatch(js, /localStorage/, name);
    }
  });

  it('world.json is one SVG path in an equirectangular viewBox', () => {
    const world = JSON.parse(readFileSync(join(DASHBOARD_DIR, 'world.json'), 'utf8')) as { viewBox: string; land: string };
    const [x, y, w, h] = world.viewBox.split(' ').map(Number);
    assert.deepEqual([x, y, (w ?? 0) / (h ?? 1)], [0, 0, 2]);
    assert.ok(/^M[-\d. ]+Z(M[-\d. ]+Z)+$/.test(world.land), 'subpaths of "x y" pairs: M...Z');
  });
});

// The dashboard's modules are browser modules; these two are pure (no DOM) and load under Node.
const helpers: Record<string, any> = {
  ...(await import(new URL('../../dashboard/format.js', import.meta.url).href)),
  ...(await import(new URL('../../dashboard/parsers.js', import.meta.url).href)),
};

describe('dashboard helpers (format.js, parsers.js)', () => {
  it('createSseParser: events split anywhere, CRLF/CR/LF, comments, multi-line data', () => {
    const stream = 'event: log\ndata: {"a":1}\n\n: a comment\nevent: ping\r\ndata: {}\r\n\r\ndata: one\ndata: two\n\nevent: nodata\n\nid: 7\rdata:x\r\r';
    // Every way of cutting the stream in two gives the same events.
    const expected = [
      { event: 'log', data: '{"a":1}', id: '' },
      { event: 'ping', data: '{}', id: '' },
      { event: 'message', data: 'one\ntwo', id: '' },
      { event: 'message', data: 'x', id: '7' },
    ];
    for (let cut = 0; cut <= stream.length; cut++) {
      const got: unknown[] = [];
      const p = helpers.createSseParser((e: unknown) => got.push(e));
      p.push(stream.slice(0, cut));
      p.push(stream.slice(cut));
      p.end();
      assert.deepEqual(got, expected, `cut at ${cut}`);
    }
  });

  it('createSseParser: a BOM is skipped, an unterminated event is dropped, retry is read', () => {
    const got: { event: string; data: string }[] = [];
    const p = helpers.createSseParser((e: { event: string; data: string }) => got.push(e));
    p.push('\uFEFFretry: 3000\nevent: log\ndata: a\n\nevent: log\ndata: partial');
    p.end();
    assert.deepEqual(got.map((e) => e.data), ['a']);
    assert.equal(p.retry, 3000);
  });

  it('parseHeaderLines and parseCookieLines', () => {
    assert.deepEqual(helpers.parseHeaderLines('Accept: text/html\n\n  X-A:  1 \nx-a: 2\nHost: a:8080'), { value: { Accept: 'text/html', 'X-A': '1, 2', Host: 'a:8080' } });
    assert.match(helpers.parseHeaderLines('no colon here').error, /line 1/);
    assert.match(helpers.parseHeaderLines('Bad Name: x').error, /line 1/);
    assert.deepEqual(helpers.parseCookieLines('a=1\n b = x=y \n'), { value: { a: '1', b: 'x=y' } });
    assert.match(helpers.parseCookieLines('a=1\nnovalue').error, /line 2/);
  });

  it('safeHttpUrl keeps absolute http(s) URLs only', () => {
    assert.equal(helpers.safeHttpUrl('http://demo.localhost:8080/signed-demo'), 'http://demo.localhost:8080/signed-demo');
    assert.equal(helpers.safeHttpUrl('https://example.com'), 'https://example.com/');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', '/relative', '//host/x', 'ftp://x', '', undefined, 42]) {
      assert.equal(helpers.safeHttpUrl(bad), undefined, String(bad));
    }
  });

  it('formats: percent (never 100% with a miss), bytes, relative time, log time', () => {
    assert.equal(helpers.formatPercent(0.93), '93%');
    assert.equal(helpers.formatPercent(0.996), '99%');
    assert.equal(helpers.formatPercent(1), '100%');
    assert.equal(helpers.formatPercent(null), '–');
    assert.equal(helpers.formatBytes(512), '512 B');
    assert.equal(helpers.formatBytes(12_345_678), '12 MB');
    assert.equal(helpers.formatBytes(1536), '1.5 KB');
    assert.equal(helpers.relativeTime('2024-01-01T00:00:00Z', Date.parse('2024-01-01T00:00:42Z')), '42s ago');
    assert.equal(helpers.relativeTime('2024-01-01T00:00:00Z', Date.parse('2024-01-01T03:00:00Z')), '3h ago');
    assert.match(helpers.formatLogTime('1700000000.123'), /^\d\d:\d\d:\d\d\.123$/);
  });

  it('logRecord pairs real-time log fields with values; decodeJwtClaims reads the payload', () => {
    assert.deepEqual(helpers.logRecord(['timestamp', 'sc-status'], ['1.5', 200]), { timestamp: '1.5', 'sc-status': '200' });
    assert.deepEqual(helpers.logRecord('x', []), {});
    const payload = Buffer.from(JSON.stringify({ sub: 'ü', scope: 'read write' })).toString('base64url');
    assert.deepEqual(helpers.decodeJwtClaims(`e30.${payload}.sig`), { sub: 'ü', scope: 'read write' });
    assert.equal(helpers.decodeJwtClaims('garbage'), undefined);
  });
});
