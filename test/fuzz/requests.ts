// Seeded raw HTTP/1.1 requests for the request fuzzer (test/fuzz.test.ts, npm run fuzz):
// framing, request targets and their encodings, headers, signing parameters, pipelining.
// The same seed gives the same bytes.

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;

const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'HEAD', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'get', 'BREW', 'G\u00c9T', ''];
/** Path segments chosen to reach the signed behavior (/private/*) by every route an origin may resolve. */
const SEGMENTS = ['private', 'public', 'x', 'report.html', '.', '..', '', '%2e', '%2E%2e', '.%2e', '..%2f', '%2f', '%5c', '\\', '%70rivate', 'a%00b', '%', '%zz', '%c3%a9', '\u00e9', ';', 'a;b=c', '~', '*', '..;', '%252e%252e'];
const QUERIES = ['', 'a=1', 'a=1&a=2', 'Expires=1&Signature=x&Key-Pair-Id=K', 'Policy=eyJ9&Signature=AAAA&Key-Pair-Id=KFUZZ00000001', 'Signature=' + 'A'.repeat(300), '%', '=&=&', 'x=' + 'q'.repeat(2000), 'utm_source=z#frag'];
const VERSIONS = ['HTTP/1.0', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/0.9', 'http/1.1', 'HTTP/1.1 '];
const PLAIN_SEGMENTS = ['private', 'public', 'x', 'report.html', 'a', 'index.html'];
const HOSTS = ['fuzz.localhost', 'fuzz.localhost', 'fuzz.localhost:80', 'FUZZ.localhost', 'unknown.localhost', '[::1]', '', 'fuzz.localhost.', 'a b'];
const HEADER_NAMES = ['Accept', 'Accept-Encoding', 'Cookie', 'X-Forwarded-For', 'X-Forwarded-Host', 'Range', 'If-None-Match', 'If-Modified-Since', 'Cache-Control', 'Pragma', 'Via', 'Authorization', 'X-HTTP-Method-Override', 'Connection', 'Upgrade', 'Expect', 'Content-Type', 'X-Cachefront-Tier-Hop', 'CloudFront-Viewer-Country', 'X-Amz-Cf-Id', 'If-Range', 'Range', 'Origin', 'Access-Control-Request-Method', 'Sec-WebSocket-Key', 'Range', 'Accept-Encoding'];
const HEADER_VALUES = ['*', 'gzip, br', 'br;q=0, gzip;q=1', 'CloudFront-Policy=x; CloudFront-Signature=y; CloudFront-Key-Pair-Id=z', 'a=b', '203.0.113.9, 10.0.0.1', 'evil.example', 'bytes=0-10', 'bytes=-5,0-', 'bytes=' + '0-1,'.repeat(300), '"abc"', 'W/"x"', 'no-cache', 'max-age=0', 'close', 'keep-alive', 'Upgrade', 'websocket', '100-continue', '1', 'junk\u0001', 'x'.repeat(9000), '', 'bytes=5-2', 'bytes=-0', 'bytes=999999999-', 'bytes=0-0', 'bytes = 1 -', 'Host, Authorization', 'keep-alive, X-Forwarded-For', 'Tue, 01 Dec 2026 00:00:00 GMT', 'bytes=0-1,3-4', 'bytes=0-0,-1,2-', 'bytes=' + '1-1,'.repeat(60), 'https://app.example.com', 'null', 'GET', 'dGhlIHNhbXBsZSBub25jZQ==', 'br;q=1, ' + 'gzip;q=0.5, '.repeat(800), 'br'];

/** One request: its raw bytes, and the path it asks for (when it has one), for the invariants. */
export interface FuzzRequest {
  bytes: string;
  /** The request targets sent (a pipeline has several). */
  targets: string[];
}

function target(random: Random): string {
  // Mostly plain paths (so requests get deep into the pipeline), some with every trick.
  const tricky = chance(random, 0.4);
  const segs = Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(random, tricky ? SEGMENTS : PLAIN_SEGMENTS));
  let path = `/${segs.join('/')}`;
  if (chance(random, 0.05)) path = '*';
  if (chance(random, 0.05)) path = `http://${pick(random, HOSTS)}${path}`;
  if (chance(random, 0.03)) path = `/${'a'.repeat(8200)}`;
  const q = pick(random, QUERIES);
  return q === '' ? path : `${path}?${q}`;
}

function one(random: Random): { text: string; target: string } {
  const method = pick(random, METHODS);
  const t = target(random);
  const version = chance(random, 0.85) ? 'HTTP/1.1' : pick(random, VERSIONS);
  const lines = [`${method} ${t} ${version}`];
  // Host: usually one, sometimes none or two.
  const hosts = chance(random, 0.05) ? 0 : chance(random, 0.05) ? 2 : 1;
  for (let i = 0; i < hosts; i++) lines.push(`Host: ${chance(random, 0.7) ? 'fuzz.localhost' : pick(random, HOSTS)}`);
  const extra = Math.floor(random() * 4);
  for (let i = 0; i < extra; i++) lines.push(`${pick(random, HEADER_NAMES)}: ${chance(random, 0.1) ? pick(random, HEADER_VALUES) : pick(random, HEADER_VALUES.slice(0, 17))}`);
  if (chance(random, 0.03)) lines.push('Bad Header Without Colon');
  if (chance(random, 0.02)) lines.push(' folded: continuation');
  // Framing: a body by Content-Length, chunked, both, or a lie.
  let body = '';
  const framing = random();
  if (framing < 0.1) {
    body = 'hello';
    lines.push(`Content-Length: ${chance(random, 0.8) ? 5 : pick(random, [0, 3, 99, -1])}`);
  } else if (framing < 0.18) {
    lines.push('Transfer-Encoding: chunked');
    body = chance(random, 0.8) ? '5\r\nhello\r\n0\r\n\r\n' : 'zz\r\nhello\r\n';
  } else if (framing < 0.22) {
    lines.push('Content-Length: 5', 'Transfer-Encoding: chunked');
    body = '5\r\nhello\r\n0\r\n\r\n';
  }
  return { text: `${lines.join('\r\n')}\r\n\r\n${body}`, target: t };
}

/** A request, or up to three pipelined in one write, some with garbage between them. */
export function fuzzRequest(random: Random): FuzzRequest {
  const n = chance(random, 0.2) ? 2 + Math.floor(random() * 2) : 1;
  const parts = Array.from({ length: n }, () => one(random));
  const glue = chance(random, 0.1) ? 'GARBAGE\r\n\r\n' : '';
  return { bytes: parts.map((p) => p.text).join(glue), targets: parts.map((p) => p.target) };
}
