// Entity tags (RFC 9110 §8.8.3).

export interface EntityTag {
  weak: boolean;
  opaque: string; // including the double quotes
}

// entity-tag = [ weak ] opaque-tag ; etagc = %x21 / %x23-7E / obs-text
const OPAQUE = '"[\\x21\\x23-\\x7e\\x80-\\xff]*"';
const SINGLE = new RegExp(`^\\s*(W/)?(${OPAQUE})\\s*$`);
const LIST_MEMBER = new RegExp(`^\\s*(W/)?(${OPAQUE})\\s*(?:,|$)`);

/** Parses one entity-tag, e.g. `W/"abc"`; undefined when malformed. */
export function parseEntityTag(value: string): EntityTag | undefined {
  const m = SINGLE.exec(value);
  return m ? { weak: m[1] !== undefined, opaque: m[2] ?? '""' } : undefined;
}

/**
 * Parses an If-Match / If-None-Match value: `*` or a list of entity-tags
 * (RFC 9110 §13.1.1-2). Malformed members are skipped.
 */
export function parseEntityTagList(value: string): '*' | EntityTag[] {
  if (value.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let rest = value;
  while (rest.trim() !== '') {
    const m = LIST_MEMBER.exec(rest);
    if (!m) {
      // Skip one malformed member and continue with the next.
      const comma = rest.indexOf(',');
      if (comma === -1) break;
      rest = rest.slice(comma + 1);
      continue;
    }
    tags.push({ weak: m[1] !== undefined, opaque: m[2] ?? '""' });
    rest = rest.slice(m[0].length);
  }
  return tags;
}

/** RFC 9110 §8.8.3.2 strong comparison: both strong and same opaque-tag. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** RFC 9110 §8.8.3.2 weak comparison: same opaque-tag, weakness ignored. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

/** Serializes an entity-tag back to its field form. */
export function formatEntityTag(tag: EntityTag): string {
  return (tag.weak ? 'W/' : '') + tag.opaque;
}
