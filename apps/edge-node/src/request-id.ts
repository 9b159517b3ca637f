import { randomBytes } from 'node:crypto';

/**
 * X-Amz-Cf-Id values: 56 URL-safe base64 characters like CloudFront's. A random
 * per-process prefix plus a counter: unique, and cheap enough for the hit path
 * (no crypto call per request).
 */
export function requestIdGenerator(): () => string {
  const prefix = randomBytes(33).toString('base64url'); // 44 chars
  let n = 0;
  return () => {
    n = (n + 1) % 0x1000000000000;
    return prefix + n.toString(36).padStart(12, '0');
  };
}
