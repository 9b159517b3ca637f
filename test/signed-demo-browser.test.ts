// The signed-URL demo page in headless Chromium (playwright-core), through a real edge:
// `cachefront dev` with one edge, the page at http://demo.localhost:<edge port>/signed-demo/
// (Chromium resolves *.localhost to loopback). The page runs under a strict CSP (inline
// style and script allowed by hash only), so anything it does that the CSP blocks shows up
// as a securitypolicyviolation event, which the test collects from an init script.
// Waits are on page state or on events with deadlines, never sleeps.
// Without a Chromium (CHROMIUM_PATH, default /usr/bin/chromium) the test reports itself skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eventually, get, startCli, type Proc } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT_MS = 15_000;
/** An image URL the page's `img-src blob:` refuses: a violation the test causes on purpose (see `settle`). */
const CANARY = 'http://127.0.0.1:9/csp-canary.png';

/**
 * Runs before the page's own script, in every document of the page: each CSP violation
 * goes to the test through the exposed binding. An init script and a binding are not
 * subject to the page's CSP, so they cannot themselves cause what they watch for.
 */
const WATCH_CSP = `document.addEventListener('securitypolicyviolation', (e) => {
  globalThis.__cspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, column: e.columnNumber, sample: e.sample });
});`;

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  line: number;
  column: number;
  sample: string;
}

interface Watched {
  page: Page;
  violations: Violation[];
  /** console.error messages (and Chromium's own error lines), with the URL they are about. */
  consoleErrors: { text: string; url: string }[];
  pageErrors: string[];
}

async function openDemo(browser: Browser, url: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watched: Watched = { page, violations: [], consoleErrors: [], pageErrors: [] };
  await page.exposeFunction('__cspViolation', (v: Violation) => void watched.violations.push(v));
  await page.addInitScript({ content: WATCH_CSP });
  page.on('console', (m) => {
    if (m.type() === 'error') watched.consoleErrors.push({ text: m.text(), url: m.location().url });
  });
  page.on('pageerror', (e) => watched.pageErrors.push(e.message));
  const res = await page.goto(url);
  assert.equal(res?.status(), 200, `GET ${url}`);
  return watched;
}

/**
 * Makes one violation on purpose and waits for it: violation events and console lines of a
 * page arrive in order, so once the canary is in, every earlier one is too (no sleep), and
 * seeing it proves the watch works. Returns what came before it.
 */
async function settle(w: Watched): Promise<{ violations: Violation[]; consoleErrors: Watched['consoleErrors'] }> {
  await w.page.evaluate((src) => {
    // Runs in the page; the cast only stands in for the DOM lib this tsconfig does not load.
    const img = new (globalThis as unknown as { Image: new () => { src: string } }).Image();
    img.src = src;
  }, CANARY);
  const isCanary = (s: string) => s.includes('csp-canary');
  await eventually(async () => w.violations.some((v) => isCanary(v.blocked)), 'the canary CSP violation', WAIT_MS);
  await eventually(async () => w.consoleErrors.some((e) => isCanary(e.text)), 'the canary console error', WAIT_MS);
  const canary = w.violations.find((v) => isCanary(v.blocked));
  assert.equal(canary?.directive, 'img-src', 'the watch reports the canary as an img-src violation');
  return { violations: w.violations.filter((v) => !isCanary(v.blocked)), consoleErrors: w.consoleErrors.filter((e) => !isCanary(e.text)) };
}

interface Card {
  title: string;
  status: string;
  xCache: string;
  pass: boolean;
  detail: string;
  url: string;
}

/** Waits until the five attempt cards have their verdicts, then reads them as a user sees them. */
async function attemptCards(page: Page): Promise<Card[]> {
  const settled = page.locator('#attempts > .attempt.pass, #attempts > .attempt.fail');
  await eventually(async () => (await settled.count()) === 5 && (await page.locator('#attempts > .attempt').count()) === 5, 'five attempt results', WAIT_MS);
  const cards: Card[] = [];
  for (const card of await page.locator('#attempts > .attempt').all()) {
    const dd = await card.locator('dd').allInnerTexts();
    const img = card.locator('img');
    cards.push({
      title: await card.locator('h3').innerText(),
      status: await card.locator('.status').innerText(),
      xCache: dd[1] ?? '',
      pass: /\bpass\b/.test((await card.getAttribute('class')) ?? ''),
      detail: (await img.count()) > 0 ? `img ${(await img.getAttribute('src'))?.slice(0, 5)}` : ((await card.locator('pre').textContent()) ?? ''),
      url: (await card.locator('code.url').getAttribute('title')) ?? '',
    });
  }
  return cards;
}

/**
 * Chromium logs every 4xx answer to fetch() as a console error. The demo asks for refused
 * URLs on purpose, so those lines are expected: exactly one per card that shows 403, for its
 * URL, plus `also` (e.g. the sign endpoint's 400). Any other console error fails the test.
 */
function assertOnlyRefusalsLogged(consoleErrors: Watched['consoleErrors'], cards: Card[], also: string[] = []): void {
  const refusal = /^Failed to load resource: the server responded with a status of (\d{3}) \(/;
  assert.deepEqual(consoleErrors.filter((e) => !refusal.test(e.text)), [], 'no console errors besides the refused requests');
  assert.deepEqual(
    consoleErrors.map((e) => `${refusal.exec(e.text)?.[1]} ${e.url}`).sort(),
    [...cards.filter((c) => c.status === '403').map((c) => `403 ${c.url}`), ...also].sort(),
    'one refused-request line per 403 attempt',
  );
}

test('the signed-URL demo page in headless Chromium: no CSP violation, no script error', { timeout: 180_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`no Chromium at ${CHROMIUM} (install it or set CHROMIUM_PATH)`);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'cachefront-signed-demo-'));
  const procs: Proc[] = [];
  let browser: Browser | undefined;
  try {
    const dev = await startCli(['dev', '--port', '0', '--origin-port', '0', '--control-plane-port', '0', '--edges', '1', '--dir', dir], 60_000);
    procs.push(dev);
    await dev.waitForLine(/cachefront is running/, 60_000);
    const edgeUrl = /Edge FRA: (http:\/\/[\d.:]+\d)/.exec(dev.lines.join('\n'))?.[1];
    assert.ok(edgeUrl, dev.lines.join('\n'));
    const host = `demo.localhost:${new URL(edgeUrl).port}`;
    const demoUrl = `http://${host}/signed-demo/`;

    await t.test('the page comes through the edge with a CSP that allows inline style and script by hash only', async () => {
      const res = await get(`${edgeUrl}/signed-demo/`, { headers: { host } });
      assert.equal(res.status, 200);
      assert.match(String(res.headers['x-cache']), /from cachefront$/);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /(^|; )style-src 'sha256-[\w+/]+=*'(;|$)/);
      assert.match(csp, /(^|; )script-src 'sha256-[\w+/]+=*'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-hashes/);
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const launched = browser;

    await t.test('canned policy: the signed URL and cookies are granted, expired, tampered and unsigned are refused', async () => {
      const w = await openDemo(launched, demoUrl);
      const { page } = w;
      // A refused form first: the origin's validation errors are listed, nothing is tried.
      await page.locator('#sign-button').click();
      await page.locator('#sign-error').waitFor({ timeout: WAIT_MS });
      assert.match(await page.locator('#sign-error').innerText(), /refused the request:[\s\S]*name/);
      assert.equal(await page.locator('#attempts-section').isVisible(), false);

      await page.locator('#name').fill('Ada <b>Lovelace</b>');
      await page.locator('#expiry').selectOption('300');
      await page.locator('#sign-button').click();
      await page.locator('#grant').waitFor({ timeout: WAIT_MS });
      assert.equal(await page.locator('#who strong').innerText(), 'Ada <b>Lovelace</b>', 'the name is text');
      assert.match(await page.locator('#who').innerText(), /canned policy, SHA1, key KDEMO000000001/);
      assert.match(await page.locator('#signed-url').inputValue(), new RegExp(`^http://${host}/private/report\\.html\\?Expires=\\d+&Signature=[\\w~-]+&Key-Pair-Id=KDEMO000000001$`));
      assert.deepEqual(await page.locator('#cookies th').allInnerTexts(), ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);

      const cards = await attemptCards(page);
      assert.deepEqual(cards.map(({ title, status, pass }) => [title, status, pass]), [
        ['Signed URL', '200', true],
        ['Expired URL', '403', true],
        ['Tampered URL', '403', true],
        ['Signed cookies', '200', true],
        ['No signature', '403', true],
      ]);
      assert.match(cards[0]!.detail, /The private report/);
      assert.equal(cards[1]!.detail, 'AccessDenied: Access denied');
      assert.equal(cards[2]!.detail, 'AccessDenied: Access denied');
      assert.equal(cards[3]!.detail, 'img blob:');
      assert.match(cards[4]!.detail, /^MissingKey: /);
      for (const c of cards) assert.match(c.xCache, c.status === '200' ? /^(Miss|Hit) from cachefront$/ : /^Error from cachefront$/, c.title);
      assert.equal(await page.locator('#no-edge').isVisible(), false, 'the answers came through the edge');
      // The private badge, fetched with the cookies, is shown from its blob: URL (img-src blob:).
      const badge = page.locator('#attempts img');
      await eventually(async () => (await badge.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete)) || undefined, 'the badge image loaded', WAIT_MS);
      assert.equal(await badge.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), 160);

      const seen = await settle(w);
      assert.deepEqual(seen.violations, [], 'no CSP violations');
      assert.deepEqual(w.pageErrors, [], 'no script errors');
      assertOnlyRefusalsLogged(seen.consoleErrors, cards, [`400 http://${host}/signed-demo/sign`]);
      await page.context().close();
    });

    await t.test('custom policy, SHA256, an IP range without the viewer: everything is refused, as the page expects', async () => {
      const w = await openDemo(launched, demoUrl);
      const { page } = w;
      await page.locator('#name').fill('Grace');
      await page.locator('#expiry').selectOption('custom');
      await page.locator('#custom-seconds').fill('600');
      await page.locator('#ip').fill('10.0.0.0/8');
      assert.equal(await page.locator('input[name=policy][value=custom]').isChecked(), true, 'an IP range needs a custom policy');
      await page.locator('#hash').selectOption('SHA256');
      await page.locator('#sign-button').click();
      await page.locator('#grant').waitFor({ timeout: WAIT_MS });
      assert.match(await page.locator('#who').innerText(), /custom policy, SHA256, key KDEMO000000001 · IP 10\.0\.0\.0\/8/);
      assert.match(await page.locator('#policy').innerText(), /"AWS:SourceIp": "10\.0\.0\.0\/8"/);
      assert.match(await page.locator('#ip-hint').innerText(), /^The edge sees you as /);

      const cards = await attemptCards(page);
      assert.deepEqual(cards.map(({ title, status, pass }) => [title, status, pass]), [
        ['Signed URL', '403', true],
        ['Expired URL', '403', true],
        ['Tampered URL', '403', true],
        ['Signed cookies', '403', true],
        ['No signature', '403', true],
      ]);
      assert.deepEqual(cards.map((c) => c.detail.split(':')[0]), ['AccessDenied', 'AccessDenied', 'AccessDenied', 'AccessDenied', 'MissingKey']);

      const seen = await settle(w);
      assert.deepEqual(seen.violations, [], 'no CSP violations');
      assert.deepEqual(w.pageErrors, [], 'no script errors');
      assertOnlyRefusalsLogged(seen.consoleErrors, cards);
      await page.context().close();
    });
  } finally {
    await browser?.close();
    for (const p of procs.reverse()) await p.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
