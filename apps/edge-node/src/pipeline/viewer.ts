import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { viewerAddress, type Cidrs, type ViewerLocation } from '@cachefront/geo';
import type { EdgeRuntime } from '../runtime/runtime.ts';

/** The dev-only header that sets the viewer address (off unless the edge is started with it). */
export const DEV_VIEWER_ADDRESS_HEADER = 'x-cachefront-viewer-address';

/**
 * Who the viewer is (DESIGN step 2): the socket address, or the right-most untrusted
 * X-Forwarded-For entry when the immediate peer is a trusted proxy. With the dev-only
 * setting, `X-Cachefront-Viewer-Address` overrides both (never in production).
 * The location is looked up at most once per request, and only when something needs it.
 */
export class Viewer {
  readonly ip: string;
  private located = false;
  private loc: ViewerLocation | undefined;
  private readonly rt: EdgeRuntime;

  constructor(req: IncomingMessage, rt: EdgeRuntime, trusted: Cidrs) {
    this.rt = rt;
    const dev = rt.devViewerAddressHeader ? req.headers[DEV_VIEWER_ADDRESS_HEADER] : undefined;
    if (typeof dev === 'string' && isIP(dev.trim()) !== 0) this.ip = dev.trim();
    else this.ip = viewerAddress(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for'], trusted);
  }

  get location(): ViewerLocation | undefined {
    if (!this.located) {
      this.located = true;
      this.loc = this.rt.geo.lookup(this.ip);
    }
    return this.loc;
  }
}
