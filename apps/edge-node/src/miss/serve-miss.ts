import { isCachedMethod, isFresh } from '@cachefront/cache-core';
import { InFlight } from '../cache/inflight.ts';
import { EdgeError } from '../errors.ts';
import type { Ctx, PageRequest } from '../pipeline/context.ts';
import { sendError } from '../pipeline/respond.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { fillFromOrigin, fillFromSibling } from './fill.ts';
import { passThrough } from './pass-through.ts';
import { cacheLookup } from '../pipeline/cache-lookup.ts';
import { writeMissHead, type ViewerPart } from './stream.ts';

/**
 * A miss (or a stale entry): collapse onto a fetch already in flight for this key in this
 * worker, or onto a sibling worker's (lease from the primary), or lead the fetch.
 * Requests that can never be stored (other methods, CachingDisabled) pass through.
 * Resolves with a custom error page to serve instead, when the answer calls for one.
 */
export async function serveMiss(ctx: Ctx, rt: EdgeRuntime): Promise<PageRequest | undefined> {
  const { cb, key } = ctx;
  const method = ctx.viewer.method;
  const collapsible = cb.cacheable && (method === 'GET' || method === 'HEAD') && isCachedMethod(method, cb.cachedMethods);
  if (!collapsible) return passThrough(ctx, rt);

  const existing = rt.inflight.get(key);
  if (existing) return followLocal(ctx, rt, existing);

  const fl = new InFlight(rt.maxObjectSize);
  rt.inflight.set(key, fl);
  let leader = true;
  try {
    const grant = await rt.leases.acquire(key);
    // Another worker stored it since this one looked: the primary passed it on before it
    // answered (one ordered channel), so it is here now: a hit (cache/replica.ts). That
    // worker may still hold the lead for a moment after storing.
    if (storedMeanwhile(ctx, rt)) {
      const served = cacheLookup(ctx, rt);
      if (served !== 'miss') return served === 'served' || served === 'served-stale' ? undefined : served;
    }
    if (!grant.leader) {
      leader = false;
      const got = await rt.siblings?.fetch(grant.port, key);
      if (got) return void (await fillFromSibling(ctx, rt, fl, got));
    }
    return await fillFromOrigin(ctx, rt, fl);
  } finally {
    if (rt.inflight.get(key) === fl) rt.inflight.delete(key);
    if (leader) rt.leases.release(key);
  }
}

/** Wait on a fetch already in flight in this worker. */
function followLocal(ctx: Ctx, rt: EdgeRuntime, fl: InFlight): Promise<PageRequest | undefined> {
  const { res, outcome } = ctx;
  outcome.source = 'collapsed-local';
  let part: ViewerPart = 'end';
  return new Promise((resolve) => {
    fl.attach({
      head(head) {
        if (!head.shareable) return void passThrough(ctx, rt).then(resolve, () => resolve(undefined));
        part = writeMissHead(ctx, head.status, head.viewerHeaders);
      },
      data(chunk) {
        if (part !== 'body') return;
        outcome.bytesOut += chunk.length;
        res.write(chunk);
      },
      end() {
        if (part !== 'none') res.end();
        resolve(undefined);
      },
      error(err) {
        sendError(res, outcome, err instanceof EdgeError ? err : new EdgeError('ORIGIN_ERROR'), rt.edge);
        resolve(undefined);
      },
    });
  });
}

/** A fresh copy in the store that was not there (or was older) when this request looked. */
function storedMeanwhile(ctx: Ctx, rt: EdgeRuntime): boolean {
  const obj = rt.store.get(ctx.key);
  return obj !== undefined && obj !== ctx.stale && isFresh(obj.meta, rt.now());
}
