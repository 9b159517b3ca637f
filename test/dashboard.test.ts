// The control plane's browser dashboard in headless Chromium (playwright-core): a real
// origin, control plane and edge on loopback ports; the test signs in with a token and
// drives the page as a user would. Waits are on page state with deadlines, never sleeps.
// Without a Chromium (CHROMIUM_PATH, default /usr/bin/chromium) the test reports itself skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { apiClient, eventually, get, startCli, startOrigin, tokenFor, type Proc } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOST = 'dash.localhost';
const MARKUP = '<img src=x onerror=alert(1)>';
const WAIT_MS = 15_000;

test('the control-plane dashboard in headless Chromium', { timeout: 180_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`no Chromium at ${CHROMIUM} (install it or set CHROMIUM_PATH)`);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'cachefront-dashboard-'));
  const dataPath = join(dir, 'control-plane.db');
  const procs: Proc[] = [];
  let browser: Browser | undefined;
  try {
    const origin = await startOrigin();
    procs.push(origin);
    const cp = await startCli(['control-plane', '--port', '0', '--data', dataPath, '--heartbeat-ms', '200', '--edge-timeout-ms', '1500']);
    procs.push(cp);
    const cpUrl = String(cp.ready.url);
    const token = tokenFor(dataPath, 'read,write');
    const edge = await startCli(['edge', '--control-plane', cpUrl, '--pop', 'FRA', '--token', tokenFor(dataPath, 'edge'), '--state-dir', join(dir, 'edge'), '--port', '0', '--workers', '1']);
    procs.push(edge);

    const call = apiClient(cpUrl, token);
    // Every request on the default behavior goes to the live tail.
    const logConfig = await call('POST', '/v1/realtime-log-configs', { name: 'dashboard-tail', samplingRate: 100, fields: ['timestamp', 'c-ip', 'cs-method', 'cs-uri-stem', 'sc-status', 'x-edge-result-type', 'time-taken', 'cs-host'] });
    assert.equal(logConfig.status, 201, JSON.stringify(logConfig.body));
    const created = await call('POST', '/v1/distributions', {
      comment: MARKUP,
      aliases: [HOST],
      origins: [{ id: 'o', domainName: '127.0.0.1', customOriginConfig: { httpPort: origin.port, originProtocolPolicy: 'http-only' } }],
      defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized', realtimeLogConfigName: 'dashboard-tail' },
      cacheBehaviors: [
        { pathPattern: '/api/*', targetOriginId: 'o', cachePolicyId: 'Managed-CachingDisabled', originRequestPolicyId: 'Managed-AllViewer' },
        // Cached, with all viewer headers forwarded: valid, and warned about (cache poisoning).
        { pathPattern: '/poisonable/*', targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized', originRequestPolicyId: 'Managed-AllViewer' },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const distId: string = created.body.id;
    await eventually(async () => (await call('GET', '/v1/edges')).body.items.some((e: { pop: string; status: string }) => e.pop === 'FRA' && e.status === 'live'), 'the edge live');

    // Without the route nothing below can run: say so once instead of timing out per step.
    const dashboard = `${cpUrl}/dashboard/`;
    const served = await fetch(dashboard);
    assert.equal(served.status, 200, `GET /dashboard/ is ${served.status}: is dashboardRoutes() (apps/control-plane/src/http/dashboard.ts) mounted at /dashboard in src/http/app.ts?`);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const pageErrors: string[] = [];
    const cspViolations: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const el = (testid: string, extra = '') => page.locator(`[data-testid="${testid}"]${extra}`);
    const tokenNotInUrl = () => assert.ok(!page.url().includes(token) && !decodeURIComponent(page.url()).includes(token), `the token is in the URL ${page.url()}`);

    await t.test('GET /dashboard/ is the page, with a strict CSP and no caching', async () => {
      const res = await fetch(dashboard);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.equal((await fetch(`${cpUrl}/dashboard/..%2fsrc%2fapp.ts`)).status, 404);
    });

    await t.test('a bad token stays on the sign-in form, with the API error', async () => {
      await page.goto(dashboard);
      await el('token-input').fill('not.a.jwt');
      await el('signin-submit').click();
      await el('signin-error').waitFor({ timeout: WAIT_MS });
      assert.match(await el('signin-error').innerText(), /InvalidToken/);
      assert.ok(await el('signin-view').isVisible());
      tokenNotInUrl();
    });

    await t.test('signs in; the distribution is listed with its status; the token is not in the URL or localStorage', async () => {
      await el('token-input').fill(token);
      await el('signin-submit').click();
      const card = el('distribution', `[data-id="${distId}"]`);
      await card.waitFor({ timeout: WAIT_MS });
      assert.match(await card.locator('[data-testid="distribution-status"]').innerText(), /^(Deployed|InProgress)$/);
      await el('distribution', `[data-id="${distId}"][data-status="Deployed"]`).waitFor({ timeout: WAIT_MS });
      assert.equal(await card.locator('[data-testid="distribution-domain"]').innerText(), `${distId.toLowerCase()}.cachefront.local`);
      assert.match(await card.locator('[data-testid="distribution-aliases"]').innerText(), new RegExp(HOST.replace('.', '\\.')));
      const behaviors = await card.locator('[data-testid="behavior"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path-pattern')));
      assert.deepEqual(behaviors, ['/api/*', '/poisonable/*', '*']);
      const warnings = await card.locator('[data-testid="distribution-warning"]').allInnerTexts();
      assert.equal(warnings.length, 1, 'one warning: the cached behavior forwarding unkeyed values');
      assert.match(warnings[0]!, /^cacheBehaviors\[1\]\.originRequestPolicyId: .*x-forwarded-host.*cache poisoning/);
      tokenNotInUrl();
      const storage = await page.evaluate(() => ({ session: Object.values(sessionStorage), local: Object.keys(localStorage).length }));
      assert.ok(storage.session.includes(token), 'the token is kept in sessionStorage');
      assert.equal(storage.local, 0, 'nothing in localStorage');
    });

    await t.test('a comment with markup is shown as text: no element is created from it', async () => {
      const comment = el('distribution', `[data-id="${distId}"]`).locator('[data-testid="distribution-comment"]');
      assert.equal(await comment.innerText(), MARKUP);
      assert.equal(await comment.locator('*').count(), 0);
      assert.equal(await page.locator('img').count(), 0);
      assert.deepEqual(dialogs, []);
    });

    await t.test('Edges: the edge is listed as live', async () => {
      await el('nav-edges').click();
      const row = el('edge-row', '[data-pop="FRA"]');
      await row.waitFor({ timeout: WAIT_MS });
      await el('edge-row', '[data-pop="FRA"][data-status="live"]').waitFor({ timeout: WAIT_MS });
      assert.equal(await row.locator('[data-testid="edge-status"]').innerText(), 'live');
    });

    await t.test('Edges: the edge is on the map, green, labeled with its POP and hit ratio', async () => {
      await el('nav-edges').click();
      await page.locator('[data-testid="edge-map"] path.land').waitFor({ state: 'attached', timeout: WAIT_MS });
      const marker = el('edge-marker', '[data-pop="FRA"][data-status="live"]');
      await marker.waitFor({ state: 'attached', timeout: WAIT_MS });
      assert.match(await marker.locator('[data-testid="edge-marker-label"]').textContent() ?? '', /^FRA (\d{1,3}%|–)$/);
      // Runs in the page; the cast only stands in for the DOM lib this tsconfig does not load.
      const fill = await marker.locator('circle').evaluate((c) => (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(c).fill);
      assert.equal(fill, 'rgb(22, 163, 74)', 'a live edge is green');
    });

    let invalidationId = '';
    await t.test('Invalidations: created from the form, its status reaches Completed', async () => {
      await el('nav-invalidations').click();
      await page.locator(`[data-testid="invalidation-distribution"] option[value="${distId}"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
      await el('invalidation-distribution').selectOption(distId);
      await el('invalidation-paths').fill('/index.html\n/api/*');
      await el('invalidation-submit').click();
      const row = el('invalidation-row').first();
      await row.waitFor({ timeout: WAIT_MS });
      invalidationId = (await row.getAttribute('data-id')) ?? '';
      assert.match(invalidationId, /^I[A-Z0-9]{13}$/);
      await el('invalidation-row', `[data-id="${invalidationId}"][data-status="Completed"]`).waitFor({ timeout: WAIT_MS });
      assert.equal(await row.locator('[data-testid="invalidation-status"]').innerText(), 'Completed');
      const stored = await call('GET', `/v1/distributions/${distId}/invalidations/${invalidationId}`);
      assert.deepEqual([...stored.body.invalidationBatch.paths].sort(), ['/api/*', '/index.html']);
      assert.match(stored.body.invalidationBatch.callerReference, /^dashboard-/);
      // The detail panel shows the paths, as text.
      await el('invalidation-detail').getByText('/api/*', { exact: true }).waitFor({ timeout: WAIT_MS });
    });

    await t.test('Invalidations: an API error is shown verbatim', async () => {
      await el('invalidation-paths').fill('no-leading-slash');
      await el('invalidation-submit').click();
      await el('invalidation-error').waitFor({ timeout: WAIT_MS });
      assert.match(await el('invalidation-error').innerText(), /InvalidArgument/);
    });

    await t.test('Invalidations: progress (acked/total edges) is shown', async () => {
      assert.ok(invalidationId, 'the invalidation above was created');
      const progress = el('invalidation-row', `[data-id="${invalidationId}"]`).locator('[data-testid="invalidation-progress"]');
      await progress.waitFor({ timeout: WAIT_MS });
      assert.match(await progress.innerText(), /^1\/1 edges$/);
    });

    await t.test('Explain: a verdict and the matched behavior', async () => {
      await el('nav-explain').click();
      await page.locator('[data-testid="explain-pop"] option[value="FRA"]').waitFor({ state: 'attached', timeout: WAIT_MS });
      await el('explain-url').fill(`http://${HOST}/api/thing?x=1`);
      await el('explain-pop').selectOption('FRA');
      await el('explain-headers').fill('Accept: application/json');
      await el('explain-submit').click();
      await page.locator('[data-testid="explain-verdict"], [data-testid="explain-error"]').first().waitFor({ timeout: WAIT_MS });
      assert.equal(await el('explain-error').count(), 0, `explain failed: ${await el('explain-error').allInnerTexts()}`);
      // A status, or "Origin" for a miss (the origin's answer decides it; /api/* is CachingDisabled).
      assert.match(await el('explain-status').innerText(), /^(\d{3}|Origin)$/);
      assert.match(await el('explain-xcache').innerText(), /from cachefront/);
      const behavior = await el('explain-behavior').innerText();
      assert.match(behavior, /\/api\/\*/);
      assert.match(behavior, /Managed-CachingDisabled/);
      assert.ok((await el('explain-step').count()) > 0, 'the steps are listed');
    });

    await t.test('Live tail: a request through the edge appears, with its fields', async () => {
      await el('nav-tail').click();
      await el('tail-status', '[data-state="connected"]').waitFor({ timeout: WAIT_MS });
      const path = `/bytes/64?tail=${Date.now()}`;
      // Sent until a line shows: the stream only carries what edges post after it connected.
      const row = el('tail-row').filter({ has: page.locator('[data-testid="tail-path"]', { hasText: '/bytes/64' }) }).first();
      await eventually(async () => {
        await get(`${String(edge.ready.url)}${path}`, { headers: { host: HOST } });
        return (await row.count()) > 0;
      }, 'the request in the live tail', WAIT_MS, 500);
      assert.equal(await row.getAttribute('data-distribution-id'), distId);
      const cells = await row.locator('td').allInnerTexts();
      assert.equal(cells[1], 'FRA');
      assert.equal(cells[3], 'GET');
      assert.equal(cells[5], '200');
      assert.match(cells[6] ?? '', /^(Hit|Miss|RefreshHit)$/);
      await row.click();
      await el('tail-details').getByText(HOST, { exact: true }).waitFor({ timeout: WAIT_MS });
      tokenNotInUrl();
    });

    await t.test('Links: only http(s) anchors, rel=noopener', async () => {
      await el('nav-links').click();
      await page.locator('#view-links[data-loaded="true"]').waitFor({ timeout: WAIT_MS });
      assert.equal(await page.locator('#links-error').isVisible(), false, await page.locator('#links-error').innerText());
      for (const a of await el('links-list').locator('a').all()) {
        assert.match((await a.getAttribute('href')) ?? '', /^https?:\/\//);
        assert.match((await a.getAttribute('rel')) ?? '', /\bnoopener\b/);
      }
    });

    await t.test('signing out forgets the token, also across a reload', async () => {
      await el('sign-out').click();
      await el('signin-view').waitFor({ timeout: WAIT_MS });
      assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), []);
      await page.reload();
      await el('token-input').waitFor({ timeout: WAIT_MS });
      assert.equal(await el('nav').isVisible(), false);
    });

    await t.test('a read-only token can look but not change: AccessDenied is shown in place, still signed in', async () => {
      const readToken = tokenFor(dataPath, 'read');
      await el('token-input').fill(readToken);
      await el('signin-submit').click();
      await el('nav-invalidations').click();
      await el('invalidation-readonly').waitFor({ timeout: WAIT_MS });
      await page.locator(`[data-testid="invalidation-distribution"] option[value="${distId}"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
      await el('invalidation-paths').fill('/index.html');
      await el('invalidation-submit').click();
      await el('invalidation-error').getByText('AccessDenied', { exact: false }).waitFor({ timeout: WAIT_MS });
      assert.ok(await el('nav').isVisible(), 'still signed in');
      assert.ok(!page.url().includes(readToken));
      await el('sign-out').click();
      await el('signin-view').waitFor({ timeout: WAIT_MS });
    });

    await t.test('no script errors, dialogs or CSP violations, and never the token in the URL', async () => {
      tokenNotInUrl();
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(cspViolations, []);
    });
  } finally {
    await browser?.close();
    for (const p of procs.reverse()) await p.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

