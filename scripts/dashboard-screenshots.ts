// 1280x800 screenshots of each control-plane dashboard view, from a running stack:
//   npm start    # prints the control plane URL and a token (CACHEFRONT_TOKEN)
//   node scripts/dashboard-screenshots.ts http://127.0.0.1:8787 "$CACHEFRONT_TOKEN" [docs/images]
// Headless Chromium through playwright-core (CHROMIUM_PATH, default /usr/bin/chromium).
// It changes nothing on the control plane: the invalidation form is filled in but not sent,
// and Explain only explains. To give the live tail something to show it sends a few GETs
// through each live edge that advertises a URL, with the first distribution's Host.

import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const [cpArg, tokenArg, outArg] = process.argv.slice(2);
const token = tokenArg ?? process.env.CACHEFRONT_TOKEN;
if (cpArg === undefined || cpArg === '--help' || !token) {
  console.error('usage: node scripts/dashboard-screenshots.ts CONTROL_PLANE_URL [TOKEN (default $CACHEFRONT_TOKEN)] [OUT_DIR (default docs/images)]');
  process.exit(2);
}
const cp = cpArg.replace(/\/+$/, '');
const outDir = resolve(outArg ?? 'docs/images');
const WAIT_MS = 15_000;

interface EdgeItem { pop: string; status: string; url?: string }
interface DistributionItem { id: string; aliases?: string[]; domainName: string }

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${cp}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A GET through an edge with a Host header (fetch() cannot set Host). */
function viaEdge(edgeUrl: string, host: string, path: string): Promise<number> {
  return new Promise((done) => {
    const req = request(`${edgeUrl}${path}`, { headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', () => done(0));
    req.end();
  });
}

async function show(page: Page, view: string): Promise<void> {
  await page.click(`[data-testid="nav-${view}"]`);
  await page.locator(`#view-${view}[data-loaded="true"]`).waitFor({ timeout: WAIT_MS });
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(outDir, `dashboard-${name}.png`);
  await page.screenshot({ path, fullPage: false });
  console.log(path);
}

await mkdir(outDir, { recursive: true });
const [edges, distributions] = await Promise.all([
  api<{ items: EdgeItem[] }>('/v1/edges').then((r) => r.items),
  api<{ items: DistributionItem[] }>('/v1/distributions').then((r) => r.items),
]);
const first = distributions[0];
const host = first === undefined ? undefined : (first.aliases?.[0] ?? first.domainName);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems: string[] = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  await page.goto(`${cp}/dashboard/`);
  await page.locator('[data-testid="token-input"]').waitFor({ timeout: WAIT_MS });
  await shoot(page, 'signin');
  await page.fill('[data-testid="token-input"]', token);
  await page.click('[data-testid="signin-submit"]');
  await page.locator('#view-distributions[data-loaded="true"]').waitFor({ timeout: WAIT_MS });
  await shoot(page, 'distributions');

  await show(page, 'edges');
  await shoot(page, 'edges');

  await show(page, 'invalidations');
  if ((await page.locator('[data-testid="invalidation-row"]').count()) === 0) await page.fill('[data-testid="invalidation-paths"]', '/index.html\n/images/*');
  await shoot(page, 'invalidations');

  await show(page, 'tail');
  await page.locator('[data-testid="tail-status"][data-state="connected"]').waitFor({ timeout: WAIT_MS });
  const paths = ['/', '/api/users', '/bytes/1024?v=1', '/hello/world', '/', '/bytes/1024?v=2', '/nope.html'];
  if (host) for (const e of edges.filter((x) => x.status === 'live' && x.url)) for (const path of paths) await viaEdge(e.url!, host, path);
  // Edges post their sampled lines in batches: wait for a few (or 6 s) before the picture.
  const rows = page.locator('[data-testid="tail-row"]');
  const until = Date.now() + 6000;
  while ((await rows.count()) < paths.length && Date.now() < until) await page.waitForTimeout(200);
  if ((await rows.count()) === 0) problems.push('live tail: no lines within 6 s (does a behavior have a real-time log config?)');
  await shoot(page, 'tail');

  await show(page, 'explain');
  if (host) {
    await page.fill('[data-testid="explain-url"]', `http://${host}/index.html`);
    const pops = await page.locator('[data-testid="explain-pop"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? '').filter(Boolean));
    if (pops[0]) await page.selectOption('[data-testid="explain-pop"]', pops[0]);
    await page.click('[data-testid="explain-submit"]');
    await page.locator('[data-testid="explain-verdict"], [data-testid="explain-error"]').first().waitFor({ timeout: WAIT_MS });
  }
  await shoot(page, 'explain');

  await show(page, 'links');
  await shoot(page, 'links');
} finally {
  await browser.close();
}
for (const p of problems) console.warn(`warning: ${p}`);
