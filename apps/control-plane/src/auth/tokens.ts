// JWTs: minting (`cachefront token`) and verifying, with the algorithm pinned to the key
// kind so a token cannot choose its own (RFC 8725 §3.1).

import jwt from 'jsonwebtoken';
import { ControlPlaneError } from '../errors.ts';
import type { JwtKeys } from './keys.ts';

export const SCOPES = ['read', 'write', 'edge'] as const;
export type Scope = (typeof SCOPES)[number];

export interface MintTokenOptions {
  scope: string[];
  subject?: string;
  /** Seconds, or a duration like '1h', '30d' (default '1h'). */
  expiresIn?: string | number;
  /** An HS256 secret, or an RS256 private key in PEM. */
  key: string | Buffer;
}

const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** A signed token with claims `scope` (space-separated), `sub`, `iat`, `exp`. */
export function mintToken(o: MintTokenOptions): string {
  const unknown = o.scope.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new TypeError(`unknown scope ${unknown.join(', ')} (scopes: ${SCOPES.join(', ')})`);
  if (o.scope.length === 0) throw new TypeError(`a token needs at least one scope (${SCOPES.join(', ')})`);
  const pem = PRIVATE_KEY_PEM.test(o.key.toString());
  return jwt.sign({ scope: o.scope.join(' ') }, o.key, {
    algorithm: pem ? 'RS256' : 'HS256',
    subject: o.subject ?? 'cachefront',
    expiresIn: (o.expiresIn ?? '1h') as jwt.SignOptions['expiresIn'],
  });
}

export interface TokenClaims {
  subject: string | undefined;
  scopes: Set<string>;
}

const CHALLENGE = 'Bearer realm="cachefront"';

/** Verifies `authorization` (the header) at `nowMs`; throws the 401 to answer with. */
export function verifyBearer(authorization: string | undefined, keys: JwtKeys, nowMs: number): TokenClaims {
  const match = /^Bearer +([^ ]+) *$/i.exec(authorization ?? '');
  if (match === null) {
    // RFC 6750 §3.1: no credentials -> a bare challenge.
    throw new ControlPlaneError('Unauthorized', 'an Authorization: Bearer <token> header is required', { headers: { 'www-authenticate': CHALLENGE } });
  }
  const invalid = (code: 'InvalidToken' | 'TokenExpired', message: string) =>
    new ControlPlaneError(code, message, { headers: { 'www-authenticate': `${CHALLENGE}, error="invalid_token", error_description="${message.replace(/["\\]/g, '')}"` } });
  let payload: jwt.JwtPayload;
  try {
    const key = keys.algorithm === 'HS256' ? keys.secret : keys.publicKey;
    const decoded = jwt.verify(match[1] as string, key, { algorithms: [keys.algorithm], clockTimestamp: Math.floor(nowMs / 1000) });
    if (typeof decoded === 'string') throw invalid('InvalidToken', 'the token payload is not a JSON object');
    payload = decoded;
  } catch (err) {
    if (err instanceof ControlPlaneError) throw err;
    if (err instanceof jwt.TokenExpiredError) throw invalid('TokenExpired', 'the token has expired');
    throw invalid('InvalidToken', `the token is not valid: ${(err as Error).message}`);
  }
  if (typeof payload.exp !== 'number') throw invalid('InvalidToken', 'the token has no exp claim');
  const scope = payload.scope as unknown;
  const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : Array.isArray(scope) ? scope.map(String) : [];
  return { subject: payload.sub, scopes: new Set(scopes) };
}
