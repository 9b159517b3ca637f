// What a request claims about its SigV4 signature, read from the Authorization header or from
// the presigned query (Amazon S3 API Reference, "Authenticating Requests (AWS Signature
// Version 4)"). Pure: checks the form only; sigv4.ts checks the claim against a secret.
import { S3Error } from './errors.ts';
import { queryValue } from './query.ts';

export interface SigV4Claim {
  /** `header`: Authorization header; `query`: presigned URL (X-Amz-* query parameters). */
  via: 'header' | 'query';
  accessKeyId: string;
  /** The credential scope: YYYYMMDD/region/service/aws4_request. */
  scope: { date: string; region: string; service: string };
  /** Lower-case names, as listed. */
  signedHeaders: string[];
  signature: string;
  /** x-amz-date / X-Amz-Date, `YYYYMMDDTHHMMSSZ`, checked for form. */
  amzDate: string;
  /** Presigned only: X-Amz-Expires, seconds. */
  expiresIn?: number;
}

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Presigned URLs live at most 7 days (SigV4 query-string authentication). */
export const MAX_EXPIRES_SECONDS = 604_800;

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * The signature a request claims, or undefined for an anonymous request. Throws S3's errors
 * for a malformed claim: AuthorizationHeaderMalformed / AuthorizationQueryParametersError (400),
 * InvalidArgument for another scheme or both mechanisms at once, AccessDenied for a missing or
 * malformed x-amz-date.
 */
export function parseSigV4Claim(headers: Record<string, string>, query: [string, string][]): SigV4Claim | undefined {
  const authorization = headers.authorization;
  const algorithm = queryValue(query, 'X-Amz-Algorithm');
  if (authorization !== undefined && algorithm !== undefined) {
    throw new S3Error('InvalidArgument', { ArgumentName: 'Authorization' }, 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
  }
  if (authorization !== undefined) return fromHeader(authorization, headers['x-amz-date']);
  if (algorithm !== undefined) return fromQuery(algorithm, query);
  return undefined;
}

// Authorization: AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request,
//   SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=fe5f80f7...
function fromHeader(value: string, amzDate: string | undefined): SigV4Claim {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space);
  if (scheme !== ALGORITHM) {
    throw new S3Error('InvalidArgument', { ArgumentName: 'Authorization', ArgumentValue: value }, `Unsupported Authorization Type (only ${ALGORITHM} is supported here)`);
  }
  const parts = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) throw malformedHeader(`the authorization component "${part.trim()}" is malformed.`);
    parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  for (const [name, v] of [['Credential', credential], ['SignedHeaders', signedHeaders], ['Signature', signature]] as const) {
    if (v === undefined || v === '') throw malformedHeader(`the authorization header requires a '${name}' component.`);
  }
  if (amzDate === undefined || !AMZ_DATE.test(amzDate.trim())) {
    throw new S3Error('AccessDenied', {}, 'AWS authentication requires a valid Date or x-amz-date header (only x-amz-date is supported here)');
  }
  const date = amzDate.trim();
  const { accessKeyId, scope } = parseCredential(credential ?? '', date, malformedHeader);
  return { via: 'header', accessKeyId, scope, signedHeaders: splitSignedHeaders(signedHeaders ?? ''), signature: signature ?? '', amzDate: date };
}

// ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request
//   &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bb...
function fromQuery(algorithm: string, query: [string, string][]): SigV4Claim {
  if (algorithm !== ALGORITHM) throw malformedQuery(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const get = (name: string) => queryValue(query, name);
  const [credential, amzDate, expires, signedHeaders, signature] = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'].map(get);
  if (credential === undefined || amzDate === undefined || expires === undefined || signedHeaders === undefined || signature === undefined) {
    throw malformedQuery('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  if (!AMZ_DATE.test(amzDate)) throw malformedQuery(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'", got '${amzDate}'`);
  const expiresIn = /^\d{1,9}$/.test(expires) ? Number(expires) : NaN;
  if (!(expiresIn >= 1)) throw malformedQuery(`X-Amz-Expires should be a number of seconds, at least 1, got '${expires}'`);
  if (expiresIn > MAX_EXPIRES_SECONDS) throw malformedQuery(`X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_EXPIRES_SECONDS}`);
  const { accessKeyId, scope } = parseCredential(credential, amzDate, malformedQuery);
  return { via: 'query', accessKeyId, scope, signedHeaders: splitSignedHeaders(signedHeaders), signature, amzDate, expiresIn };
}

/** AKID/YYYYMMDD/region/s3/aws4_request; the date must be x-amz-date's. */
function parseCredential(credential: string, amzDate: string, fail: (message: string) => S3Error) {
  const parts = credential.split('/');
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts;
  if (parts.length !== 5 || accessKeyId === '' || region === '') {
    throw fail(`the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  }
  if (!/^\d{8}$/.test(date) || date !== amzDate.slice(0, 8)) throw fail(`Invalid credential date "${date}". Date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`);
  if (service !== 's3') throw fail(`incorrect service "${service}". This endpoint belongs to "s3".`);
  if (terminator !== 'aws4_request') throw fail(`incorrect terminal "${terminator}". This endpoint uses "aws4_request".`);
  return { accessKeyId, scope: { date, region, service } };
}

function splitSignedHeaders(list: string): string[] {
  return list.split(';').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
}

/** x-amz-date as epoch ms (the form was checked when the claim was parsed). */
export function amzDateMs(amzDate: string): number {
  const [, y, mo, d, h, mi, s] = AMZ_DATE.exec(amzDate) ?? [];
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

const malformedHeader = (detail: string) => new S3Error('AuthorizationHeaderMalformed', {}, `The authorization header is malformed; ${detail}`);
const malformedQuery = (detail: string) => new S3Error('AuthorizationQueryParametersError', {}, detail);
