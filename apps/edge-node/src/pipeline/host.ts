import { EdgeError } from '../errors.ts';
import type { RequestHead } from './context.ts';

/**
 * The host a request is for (RFC 9112 §3.2): the absolute-form target's authority when it
 * has one (§3.2.2: the Host field is then ignored), else its one Host field. More than one
 * Host field line, or none in an HTTP/1.1 request, is a 400; so is an HTTP/1.0 request
 * with Transfer-Encoding.
 */
export function requestHost(req: RequestHead, authority: string | undefined): string | undefined | EdgeError {
  const raw = req.rawHeaders;
  let lines = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') lines++;
  }
  if (lines > 1 || (lines === 0 && req.httpVersion === '1.1')) return new EdgeError('BAD_REQUEST');
  // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message is faulty framing (400; node
  // closes an HTTP/1.0 connection after the answer), even with a Content-Length.
  if (req.httpVersion === '1.0' && req.headers['transfer-encoding'] !== undefined) return new EdgeError('BAD_REQUEST');
  // HTTP/2 (RFC 9113 §8.3.1): the :authority pseudo-header, else Host.
  if (req.httpVersion === '2.0') return authority ?? (req.headers[':authority'] as string | undefined) ?? req.headers.host;
  return authority ?? req.headers.host;
}
