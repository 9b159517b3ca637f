/**
 * What the edge records about one viewer request. It drives the standard access log line, the
 * real-time log record and the metrics (outcomes as data, not logs).
 *
 * Strings hold what arrived on the wire the way node:http delivers it: header values and the
 * request target are "binary" strings, one char per byte (U+0000..U+00FF). The log encoders
 * turn each such char back into that byte, so a UTF-8 User-Agent is logged as its UTF-8 bytes.
 * `uriStem` and `query` are the raw request-target parts, still percent-encoded as the viewer
 * sent them: the log encoding goes on top (a `%20` in the path is logged as `%2520`).
 */
export interface RequestRecord {
  timestamp: number; // ms since epoch, when the request arrived
  edgeLocation: string; // POP code, e.g. FRA
  scBytes: number; // bytes sent to the viewer incl. headers
  clientIp: string;
  clientPort: number | undefined;
  method: string;
  distributionDomain: string; // cs(Host): the distribution's own domain (e.g. e123.cachefront.local)
  uriStem: string; // path without query
  status: number; // 0 if the viewer hung up before a status was sent (log as 000)
  referer: string | undefined;
  userAgent: string | undefined;
  query: string; // without '?', '' when none
  cookie: string | undefined; // raw Cookie header
  resultType: string; // Hit | RefreshHit | Miss | Error | FunctionGeneratedResponse | Redirect | LimitExceeded | CapacityExceeded
  responseResultType: string;
  detailedResultType: string; // e.g. Hit, Miss, Error, OriginConnectError, OriginDnsError, ClientGeoBlocked, ...
  requestId: string;
  hostHeader: string | undefined; // x-host-header: the Host header the viewer sent
  protocol: 'http' | 'https';
  protocolVersion: string; // e.g. HTTP/1.1
  csBytes: number; // bytes of the viewer request incl. headers
  timeTaken: number; // seconds
  timeToFirstByte: number; // seconds
  forwardedFor: string | undefined;
  contentType: string | undefined;
  contentLength: number | undefined;
  rangeStart: number | undefined;
  rangeEnd: number | undefined;
  distributionId: string;
  behaviorPathPattern: string; // '*' for the default behavior
  country: string | undefined; // ISO code
  acceptEncoding: string | undefined;
  accept: string | undefined;
  headers: Record<string, string>; // request headers (lower-case names) for cs-headers/cs-header-names
  originLatency: number | undefined; // seconds origin took (first byte), when the origin was contacted
  originStatus: number | undefined;

  // Optional extras: when absent the matching log fields are `-`.
  sslProtocol?: string | undefined; // ssl-protocol, e.g. TLSv1.3 (https only)
  sslCipher?: string | undefined; // ssl-cipher, e.g. TLS_AES_128_GCM_SHA256 (https only)
  originLastByteLatency?: number | undefined; // origin-lbl, seconds
  asn?: number | undefined; // asn of the viewer's IP
}
