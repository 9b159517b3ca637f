// Runs the page's own script against a fake DOM, with fetch() going to the origin app for
// the sign endpoint and to an emulated edge (the real Verifier) for /private/ URLs.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { denyBody, parsePublicKey, stripSigningParams, Verifier } from '@cachefront/signing';
import { createOriginApp } from '../app.ts';
import { FakeDocument, FakeDOMParser, FakeElement, FakeText } from './fake-dom.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const KEY_ID = 'K2DEMOKEY0002';
const parsed = parsePublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString());
assert.ok('key' in parsed);
const verifier = new Verifier({ publicKeys: (id) => (id === KEY_ID ? parsed.key : undefined) });
const HOST = 'demo.localhost:8080';

interface Harness {
  doc: FakeDocument;
  $: (id: string) => FakeElement;
  /** Epoch ms shared by the origin, the emulated edge and the page's Date. */
  clock: { now: number };
  requests: { url: string; credentials: string | undefined; cookies: string[] }[];
}

/** Loads the page and runs its script. `edge: false` sends /private/ straight to the origin. */
async function loadPage(opts: { edge?: boolean } = {}): Promise<Harness> {
  const clock = { now: Date.UTC(2025, 5, 1, 12) };
  const { app } = createOriginApp({ now: () => clock.now, signedDemo: { keyPairId: KEY_ID, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } });
  const html = await (await app.request('/signed-demo/', { headers: { host: HOST } })).text();
  const doc = new FakeDocument(html);
  const jar = new Map<string, string>();
  const requests: Harness['requests'] = [];

  const fetchStub = async (url: string, init: RequestInit = {}): Promise<Response> => {
    if (url.startsWith('/signed-demo/')) {
      const res = await app.request(url, { ...init, headers: { ...(init.headers as Record<string, string>), host: HOST, 'x-forwarded-for': '127.0.0.1' } });
      for (const line of res.headers.getSetCookie()) {
        const [pair = '', ...attrs] = line.split('; ');
        const eq = pair.indexOf('=');
        assert.ok(attrs.includes('Path=/private/'), line);
        if (attrs.includes('Max-Age=0')) jar.delete(pair.slice(0, eq));
        else jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      return res;
    }
    const target = new URL(url);
    assert.equal(target.host, HOST, 'same-origin requests only');
    const cookies = init.credentials === 'omit' || !target.pathname.startsWith('/private/') ? {} : Object.fromEntries(jar);
    requests.push({ url, credentials: init.credentials, cookies: Object.keys(cookies) });
    if (opts.edge === false) return app.request(target.pathname + target.search);
    const r = verifier.verify({ url, cookies, ip: '127.0.0.1', now: clock.now });
    if (!r.ok) return new Response(denyBody(r.code, r.message), { status: 403, headers: { 'content-type': 'text/xml', 'x-cache': 'Error from cloudfront' } });
    const query = stripSigningParams(target.search);
    const origin = await app.request(target.pathname + (query ? `?${query}` : ''));
    const headers = new Headers(origin.headers);
    headers.set('x-cache', 'Miss from cloudfront');
    return new Response(origin.body, { status: origin.status, headers });
  };

  class PageDate extends Date {
    static override now(): number {
      return clock.now;
    }
  }
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const globals = {
    document: doc,
    fetch: fetchStub,
    DOMParser: FakeDOMParser,
    Date: PageDate,
    URL,
    navigator: { clipboard: { writeText: async () => {} } },
    setInterval: () => 1,
    clearInterval: () => {},
    setTimeout: () => 1,
  };
  new Function(...Object.keys(globals), script)(...Object.values(globals));
  const $ = (id: string) => {
    const el = doc.getElementById(id);
    assert.ok(el, `#${id}`);
    return el;
  };
  return { doc, $, clock, requests };
}

/** Each attempt card as [title, status, X-Cache, pass?, detail]. */
function cards(h: Harness): [string, string, string, boolean, string][] {
  return h.$('attempts').children.map((card) => {
    const dd = [...card.descendants()].filter((e) => e.tagName === 'DD').map((e) => e.textContent);
    const pre = [...card.descendants()].find((e) => e.tagName === 'PRE' || e.tagName === 'IMG');
    const detail = pre?.tagName === 'IMG' ? `img ${pre.getAttribute('src')?.slice(0, 5)}` : (pre?.textContent ?? '');
    return [card.children[0]?.textContent ?? '', dd[0] ?? '', dd[1] ?? '', card.className === 'attempt pass', detail];
  });
}

/** Every card: the edge refused it (403), as the page expected. */
function assertAllRefused(h: Harness): void {
  assert.deepEqual(cards(h).map(([title, status, , pass]) => [title, status, pass]), [
    ['Signed URL', '403', true],
    ['Expired URL', '403', true],
    ['Tampered URL', '403', true],
    ['Signed cookies', '403', true],
    ['No signature', '403', true],
  ]);
}

async function submit(h: Harness, fields: { name: string; expiry?: string; seconds?: string; ip?: string; custom?: boolean; hash?: string }): Promise<void> {
  h.$('name').value = fields.name;
  if (fields.expiry) {
    h.$('expiry').value = fields.expiry;
    await h.$('expiry').dispatch('change');
  }
  if (fields.seconds) h.$('custom-seconds').value = fields.seconds;
  if (fields.custom) (h.doc.querySelector('input[name=policy][value=custom]') as FakeElement).checked = true;
  if (fields.hash) h.$('hash').value = fields.hash;
  if (fields.ip !== undefined) {
    h.$('ip').value = fields.ip;
    await h.$('ip').dispatch('input');
  }
  await h.$('sign-form').dispatch('submit');
}

test('page: sign in, then granted / expired / tampered / cookies / unsigned side by side, all as expected', async () => {
  const h = await loadPage();
  const name = '<img src=x onerror=alert(1)> Ada';
  await submit(h, { name, expiry: '30' });
  assert.equal(h.$('sign-error').hidden, true);
  assert.equal(h.$('grant').hidden, false);
  assert.equal(h.$('attempts-section').hidden, false);
  assert.equal(h.$('no-edge').hidden, true);
  // The name is a Text node, never markup.
  const strong = h.$('who').children.find((e) => e.tagName === 'STRONG');
  assert.ok(strong?.childNodes[0] instanceof FakeText);
  assert.equal(strong.textContent, name);
  assert.match(h.$('signed-url').value, /^http:\/\/demo\.localhost:8080\/private\/report\.html\?Expires=\d+&Signature=[\w~-]+&Key-Pair-Id=K2DEMOKEY0002$/);
  assert.match(h.$('curl-url').value, /^curl -i 'http:\/\/demo\.localhost:8080\/private\/report\.html\?Expires=/);
  assert.match(h.$('curl-cookies').value, /^curl -i -H 'Cookie: CloudFront-Policy=/);
  assert.equal(h.$('policy-block').hidden, true);
  assert.deepEqual(h.$('cookies').children.map((row) => row.children[0]?.textContent), ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
  assert.match(h.$('cookie-policy').textContent, /"Resource": "http:\/\/demo\.localhost:8080\/private\/\*"/);
  assert.match(h.$('expiry-text').textContent, /expires at .* \(in 30 s\)/);
  assert.deepEqual(cards(h), [
    ['Signed URL', '200', 'Miss from cloudfront', true, [...(h.$('attempts').children[0]?.descendants() ?? [])].find((e) => e.tagName === 'PRE')?.textContent ?? ''],
    ['Expired URL', '403', 'Error from cloudfront', true, 'AccessDenied: Access denied'],
    ['Tampered URL', '403', 'Error from cloudfront', true, 'AccessDenied: Access denied'],
    ['Signed cookies', '200', 'Miss from cloudfront', true, 'img blob:'],
    ['No signature', '403', 'Error from cloudfront', true, 'MissingKey: Missing Key-Pair-Id query parameter or cookie value'],
  ]);
  assert.match(cards(h)[0]?.[4] ?? '', /The private report/);
  // URL attempts send no cookies; the cookie attempt sends them.
  assert.deepEqual(h.requests.map((r) => r.credentials), ['omit', 'omit', 'omit', 'same-origin', 'omit']);
  assert.deepEqual(h.requests[3]?.cookies, ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);

  // After the expiry, "Run again": the edge refuses the URL and the cookies, as the page now expects.
  h.clock.now += 31_000;
  await h.$('rerun').dispatch('click');
  assertAllRefused(h);
});

test('page: custom policy, SHA256 and an IP range that excludes the viewer', async () => {
  const h = await loadPage();
  h.$('ip').value = '10.0.0.0/8';
  await h.$('ip').dispatch('input');
  assert.equal((h.doc.querySelector('input[name=policy][value=canned]') as FakeElement).disabled, true);
  assert.equal((h.doc.querySelector('input[name=policy][value=custom]') as FakeElement).checked, true);
  await submit(h, { name: 'Ada', expiry: 'custom', seconds: '600', hash: 'SHA256' });
  assert.equal(h.$('policy-block').hidden, false);
  assert.match(h.$('policy').textContent, /"AWS:SourceIp": "10\.0\.0\.0\/8"/);
  assert.match(h.$('signed-url').value, /\?Policy=[\w~-]+&Signature=[\w~-]+&Key-Pair-Id=K2DEMOKEY0002&Hash-Algorithm=SHA256$/);
  assert.match(h.$('ip-hint').textContent, /The edge sees you as 127\.0\.0\.1/);
  assertAllRefused(h);
});

test('page: validation errors are listed, nothing is tried', async () => {
  const h = await loadPage();
  await submit(h, { name: '', expiry: 'custom', seconds: '0' });
  assert.equal(h.$('sign-error').hidden, false);
  assert.match(h.$('sign-error').textContent, /refused the request:name required.*expiresIn required: whole seconds/);
  assert.equal(h.$('grant').hidden, true);
  assert.deepEqual(h.requests, []);
});

test('page: without an edge in front, it says so', async () => {
  const h = await loadPage({ edge: false });
  await submit(h, { name: 'Ada' });
  assert.equal(h.$('no-edge').hidden, false);
  assert.deepEqual(cards(h).map(([, status, xCache, pass]) => [status, xCache, pass]), [
    ['200', '(none)', true],
    ['200', '(none)', false],
    ['200', '(none)', false],
    ['200', '(none)', true],
    ['200', '(none)', false],
  ]);
});
