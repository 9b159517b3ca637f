import type { RequestHead } from './context.ts';
import { isIP } from 'node:net';
import { normalizeIp, viewerAddress, type Cidrs, type ViewerLocation } from '@cachefront/geo';
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
  private addr: string | undefined;
  private readonly given: string | undefined;
  private peerAddr: string | undefined;
  private located = false;
  private loc: ViewerLocation | undefined;
  private readonly req: RequestHead;
  private readonly rt: EdgeRuntime;
  private readonly trusted: Cidrs;

  /**
   * Nothing is computed until asked: a plain cache hit needs neither address nor location.
   * `address`: already known (a child tier's request names its viewer; tier-request.ts).
   */
  constructor(req: RequestHead, rt: EdgeRuntime, trusted: Cidrs, address?: string) {
    this.req = req;
    this.rt = rt;
    this.trusted = trusted;
    this.addr = address;
    this.given = address;
  }

  get ip(): string {
    if (this.addr === undefined) {
      const dev = this.devAddress();
      this.addr = dev ?? viewerAddress(this.req.socket.remoteAddress ?? '', this.req.headers['x-forwarded-for'], this.trusted);
    }
    return this.addr;
  }

  /**
   * The address this edge received the request from: the socket's (a trusted proxy's, when
   * there is one), what the dev header says, or for a child tier's request the address the
   * child saw. CloudFront appends it to X-Forwarded-For ("Request and response behavior for
   * custom origins": the IP address of the viewer that sent the request to CloudFront).
   */
  get peer(): string {
    // Kept once read: a request body that failed over has its socket gone by the second try.
    if (this.peerAddr === undefined) {
      const socket = this.req.socket?.remoteAddress ?? '';
      this.peerAddr = this.given ?? this.devAddress() ?? normalizeIp(socket) ?? socket;
    }
    return this.peerAddr;
  }

  private devAddress(): string | undefined {
    const dev = this.rt.devViewerAddressHeader ? this.req.headers[DEV_VIEWER_ADDRESS_HEADER] : undefined;
    return typeof dev === 'string' && isIP(dev.trim()) !== 0 ? dev.trim() : undefined;
  }

  get location(): ViewerLocation | undefined {
    if (!this.located) {
      this.located = true;
      this.loc = this.rt.geo.lookup(this.ip);
    }
    return this.loc;
  }
}
