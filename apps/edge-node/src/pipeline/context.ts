import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NormalizedEncoding, ViewerRequest } from '@cachefront/cache-core';
import type { CompiledBehavior, CompiledDistribution } from '../runtime/compile.ts';
import type { Outcome } from '../outcome.ts';
import type { CachedObject } from '../cache/store.ts';
import type { Viewer } from './viewer.ts';
import type { ResponseTransform } from './viewer-function.ts';

/** Everything one viewer request carries through the pipeline. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  outcome: Outcome;
  viewer: ViewerRequest;
  dist: CompiledDistribution;
  cb: CompiledBehavior;
  key: string;
  encodingForward: NormalizedEncoding;
  /** A stored object past its TTL: revalidate it instead of a plain miss. */
  stale: CachedObject | undefined;
  /** The viewer's address and (lazily) location. */
  client: Viewer;
  /** CloudFront-* headers computed for this request, when the behavior uses any. */
  cloudFront: Record<string, string> | undefined;
  /** The behavior's viewer-response function, applied to the status and headers sent. */
  viewerResponse?: ResponseTransform;
  /** Serving a custom error page: the status the viewer gets instead of the page's own. */
  overrideStatus?: number;
}
