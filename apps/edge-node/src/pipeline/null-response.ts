import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A response nobody reads: what a background refresh (stale-while-revalidate) or a
 * cache fill behind a custom error page writes to. It accepts the calls the fill path
 * makes and drops the bytes, never applying backpressure.
 */
class NullResponse extends EventEmitter {
  headersSent = false;
  destroyed = false;
  writableEnded = false;
  readonly req: IncomingMessage;
  constructor(req: IncomingMessage) {
    super();
    this.req = req;
  }
  writeHead(): this {
    this.headersSent = true;
    return this;
  }
  write(): boolean {
    return true;
  }
  end(): this {
    this.writableEnded = true;
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    return this;
  }
}

export function nullResponse(req: IncomingMessage): ServerResponse {
  return new NullResponse(req) as unknown as ServerResponse;
}
