// The raw query of an S3 request as name/value pairs, decoded the way SigV4 canonicalizes
// them: percent-escapes only (RFC 3986 §2.1), `+` is a literal plus, not a space.

/** Name/value pairs in arrival order; a name without `=` has value ''; broken escapes stay as sent. */
export function parseQuery(raw: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq === -1 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return pairs;
}

/** The first value of `name`, or undefined. */
export function queryValue(pairs: [string, string][], name: string): string | undefined {
  return pairs.find(([n]) => n === name)?.[1];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
