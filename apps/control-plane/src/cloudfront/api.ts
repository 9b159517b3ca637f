// CloudFront's REST API, version 2020-05-31, beside /v1 (docs/cloudfront-api.md): every
// request under /2020-05-31/ is bounded, SigV4-verified, matched to an operation of AWS's
// model, read into the operation's input by the model, handled on the same store and
// propagation as /v1, and answered in the model's XML, errors in CloudFront's error XML.

import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AuthEnv } from '../auth/authenticate.ts';
import { MAX_BODY_BYTES } from '../http/body-limits.ts';
import type { Services } from '../services.ts';
import { asCloudFrontError, CloudFrontError } from './errors.ts';
import { matchOperation, serviceModel } from './model.ts';
import type { Handlers } from './operation.ts';
import { distributionHandlers } from './operations/distributions.ts';
import { functionHandlers } from './operations/functions.ts';
import { invalidationHandlers } from './operations/invalidations.ts';
import { realtimeLogConfigHandlers } from './operations/realtime-log-configs.ts';
import { resourceHandlers } from './operations/resources.ts';
import { taggingHandlers } from './operations/tagging.ts';
import { readInput, writeOutput } from './protocol.ts';
import { verifySignature } from './sigv4.ts';

export const HANDLERS: Handlers = { ...distributionHandlers, ...invalidationHandlers, ...taggingHandlers, ...resourceHandlers, ...functionHandlers, ...realtimeLogConfigHandlers };

/**
 * The operations a `read` access key may call: those that change nothing. The GETs, and the
 * reads CloudFront sends as POSTs for their body (GetRealtimeLogConfig,
 * ListDistributionsByRealtimeLogConfig, ...); TestFunction runs code, so it needs `write`.
 */
export function readOnly(op: { name: string; http: { method: string } }): boolean {
  return op.http.method === 'GET' || op.http.method === 'HEAD' || /^(Get|List|Describe)[A-Z]/.test(op.name);
}

export function cloudFrontRoutes(s: Services, handlers: Handlers = HANDLERS): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  const model = serviceModel();

  r.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => new CloudFrontError('RequestEntityTooLarge', `the request body is larger than ${MAX_BODY_BYTES} bytes`).toResponse(),
    }),
  );

  r.all('*', async (c: Context<AuthEnv>) => {
    const requestId = randomUUID();
    try {
      const url = new URL(c.req.url);
      const body = new Uint8Array(await c.req.arrayBuffer());
      const headers: Record<string, string> = Object.create(null);
      c.req.raw.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const accessKeyId = await verifySignature(
        { method: c.req.method, path: url.pathname, query: [...url.searchParams], headers, body },
        (id) => s.store.accessKeys.get(id)?.secret,
        s.now(),
      );
      const key = s.store.accessKeys.get(accessKeyId);
      const match = matchOperation(model, c.req.method, url.pathname, url.searchParams);
      if (match === undefined) throw new CloudFrontError('NotFound', `no CloudFront operation is ${c.req.method} ${url.pathname}${url.search}`);
      if (key?.scope !== 'write' && !readOnly(match.op)) {
        throw new CloudFrontError('AccessDenied', `access key ${accessKeyId} has scope 'read': ${match.op.name} needs a 'write' key`);
      }
      const handler = handlers[match.op.name];
      if (handler === undefined) throw new CloudFrontError('UnsupportedOperation', `cachefront does not implement ${match.op.name} (docs/cloudfront-api.md lists the operations it does)`);
      const input = readInput(model, match.op, { labels: match.labels, query: url.searchParams, header: (n) => c.req.header(n), body });
      const output = await handler({ s, input, url: c.req.url, accessKeyId });
      c.set('subject', accessKeyId);
      return writeOutput(model, match.op, output, requestId);
    } catch (err) {
      const cf = asCloudFrontError(err);
      if (cf !== undefined) return cf.toResponse(requestId);
      s.log.error({ err, method: c.req.method, path: c.req.path, requestId }, 'CloudFront API request failed');
      return new CloudFrontError('InternalError', `internal error; see the control plane log (request ${requestId})`).toResponse(requestId);
    }
  });
  return r;
}
