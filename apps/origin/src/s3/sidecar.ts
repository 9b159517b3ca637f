// Object metadata from a sidecar file `<key>.s3meta.json` beside the object: what PutObject
// would have stored (Content-Type, Cache-Control, ... and x-amz-meta-* user metadata), since a
// plain directory has nowhere else to keep it. Pure: parsed JSON in, headers out.
//
//   { "contentType": "text/html; charset=utf-8", "cacheControl": "max-age=60",
//     "contentDisposition": "...", "contentEncoding": "gzip", "contentLanguage": "en",
//     "expires": "Thu, 01 Dec 2033 16:00:00 GMT", "metadata": { "owner": "alice" } }

export interface Issue {
  path: string;
  message: string;
}

/** Sidecar field -> the response header it sets (S3 returns these as stored). */
const FIELDS = {
  contentType: 'content-type',
  cacheControl: 'cache-control',
  contentDisposition: 'content-disposition',
  contentEncoding: 'content-encoding',
  contentLanguage: 'content-language',
  expires: 'expires',
} as const;

// RFC 9110 §5.5 field values; S3 keeps metadata US-ASCII (User Guide, "Working with object metadata").
const FIELD_VALUE = /^[\t\x20-\x7e]*$/;
// RFC 9110 §5.6.2 token, for the name after x-amz-meta-.
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** Response headers (lower-case names) from a sidecar's parsed JSON, or every problem with its path. */
export function parseSidecar(json: unknown): { value: Record<string, string> } | { issues: Issue[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { issues: [{ path: '', message: 'must be a JSON object' }] };
  const headers: Record<string, string> = {};
  const issues: Issue[] = [];
  for (const [field, value] of Object.entries(json)) {
    if (field === 'metadata') {
      userMetadata(value, headers, issues);
      continue;
    }
    const header = Object.hasOwn(FIELDS, field) ? FIELDS[field as keyof typeof FIELDS] : undefined;
    if (header === undefined) issues.push({ path: field, message: `unknown field; expected one of ${[...Object.keys(FIELDS), 'metadata'].join(', ')}` });
    else if (typeof value !== 'string' || !FIELD_VALUE.test(value)) issues.push({ path: field, message: 'must be a string of printable ASCII' });
    else headers[header] = value.trim();
  }
  return issues.length > 0 ? { issues } : { value: headers };
}

function userMetadata(value: unknown, headers: Record<string, string>, issues: Issue[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path: 'metadata', message: 'must be an object of name -> string' });
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    // S3 stores user metadata names in lower case.
    const lower = name.toLowerCase();
    if (!TOKEN.test(lower)) issues.push({ path: `metadata.${name}`, message: 'name must be an HTTP token (letters, digits, -, _, ...)' });
    else if (typeof v !== 'string' || !FIELD_VALUE.test(v)) issues.push({ path: `metadata.${name}`, message: 'must be a string of printable ASCII' });
    else headers[`x-amz-meta-${lower}`] = v.trim();
  }
}
