// Cookie request header -> name/value pairs (RFC 6265 §4.2.1, §5.4).

/** Values are kept exactly as sent (no decoding, quotes kept); the first of a repeated name wins. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return {};
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = pair.slice(0, eq).trim();
    if (name === '' || cookies.has(name)) continue;
    cookies.set(name, pair.slice(eq + 1).trim());
  }
  return Object.fromEntries(cookies);
}
