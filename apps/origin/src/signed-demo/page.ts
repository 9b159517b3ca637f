// The demo page: one self-contained HTML file (inline CSS and JS), served with a Content
// Security Policy that allows exactly its own inline style and script, and requests to itself.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface DemoPage {
  html: string;
  csp: string;
}

let page: DemoPage | undefined;

/** Read once, on first use. */
export function demoPage(): DemoPage {
  page ??= buildPage(readFileSync(new URL('./page.html', import.meta.url), 'utf8'));
  return page;
}

/** CSP Level 3 §2.3.1 hash-source: base64 SHA-256 of the exact text inside the element. */
function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(re)].map((m) => `'sha256-${createHash('sha256').update(m[1] ?? '').digest('base64')}'`);
}

export function buildPage(html: string): DemoPage {
  const csp = [
    "default-src 'none'",
    `script-src ${inlineHashes(html, 'script').join(' ')}`,
    `style-src ${inlineHashes(html, 'style').join(' ')}`,
    // fetch() to the sign endpoint and the private objects, which share this page's origin.
    "connect-src 'self'",
    // Private images are shown from blob: URLs of fetched bodies.
    'img-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, csp };
}

export const NOT_CONFIGURED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signed-URL demo not set up</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1 style="font-size: 1.4rem">Signed-URL demo not set up</h1>
<p>This origin was started without a signing key, so it has no signed-URL demo.
<code>cachefront dev</code> (<code>npm start</code>) sets it up: it starts the origin with a demo key and
serves the page through the demo distribution at <code>http://demo.localhost:&lt;port&gt;/signed-demo/</code>.</p>
</body></html>
`;
