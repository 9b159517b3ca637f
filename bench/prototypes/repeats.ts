// Issue 17, the repro: 30 URLs x 4 requests each, a new connection per request (so
// they spread over the edge's workers); prints X-Cache counts and median latency by kind,
// and the origin's request count. Start an origin and an edge first (docs/design-one-cache.md).
//   node bench/prototypes/repeats.ts EDGE_URL ORIGIN_STATS_URL
import { request } from 'node:http';
const [edgeUrl, originStats] = process.argv.slice(2);
const get = (path: string) => new Promise<{ cache: string; ms: number }>((resolve, reject) => {
  const t0 = performance.now();
  const req = request(`${edgeUrl}${path}`, { agent: false, headers: { host: 'demo.localhost' } }, (res) => { res.resume(); res.on('end', () => resolve({ cache: String(res.headers['x-cache']), ms: performance.now() - t0 })); });
  req.on('error', reject); req.end();
});
const before = (await (await fetch(originStats!)).json()) as { total: number };
const counts: Record<string, number> = {}; const lat: Record<string, number[]> = {};
const tag = `${process.pid}`;
for (let u = 0; u < 30; u++) for (let r = 0; r < 4; r++) {
  const g = await get(`/cache/max-age=600/${tag}-${u}`);
  const k = r === 0 ? 'first' : g.cache;
  counts[k] = (counts[k] ?? 0) + 1; (lat[k] ??= []).push(g.ms);
}
const after = (await (await fetch(originStats!)).json()) as { total: number };
console.log(JSON.stringify(counts), Object.entries(lat).map(([k, v]) => `${k} median ${v.sort((a, b) => a - b)[v.length >> 1]!.toFixed(2)} ms`).join(', '));
console.log(`origin requests: ${after.total - before.total}`);
