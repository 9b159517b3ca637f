// Deterministic pseudo-random content for /bytes/:n. Byte i depends only on i, so
// /bytes/100 is a prefix of /bytes/200 and any offset bug shows up in a hash.

const BLOCK_SIZE = 64 * 1024;
const CACHED_BLOCKS = 16; // the first 1 MiB is kept; later blocks are generated per pull
const cache = new Map<number, Uint8Array>();

/** Block `index` of the infinite stream: mulberry32 seeded with the block index. */
function block(index: number): Uint8Array {
  const hit = cache.get(index);
  if (hit) return hit;
  const out = new Uint8Array(BLOCK_SIZE);
  let a = Math.imul(index + 1, 0x9e3779b9) | 0;
  for (let i = 0; i < BLOCK_SIZE; i += 4) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    t = t ^ (t >>> 14);
    out[i] = t & 0xff;
    out[i + 1] = (t >>> 8) & 0xff;
    out[i + 2] = (t >>> 16) & 0xff;
    out[i + 3] = (t >>> 24) & 0xff;
  }
  if (index < CACHED_BLOCKS) cache.set(index, out);
  return out;
}

/** The first `n` bytes as a pull stream of 64 KiB chunks (never one big buffer). */
export function deterministicStream(n: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= n) {
        controller.close();
        return;
      }
      const index = offset / BLOCK_SIZE;
      const len = Math.min(BLOCK_SIZE, n - offset);
      controller.enqueue(block(index).subarray(0, len));
      offset += len;
      if (offset >= n) controller.close();
    },
  });
}

/** The first `n` bytes in one buffer (for tests and small bodies). */
export function deterministicBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let offset = 0; offset < n; offset += BLOCK_SIZE) {
    out.set(block(offset / BLOCK_SIZE).subarray(0, Math.min(BLOCK_SIZE, n - offset)), offset);
  }
  return out;
}
