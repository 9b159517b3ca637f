// Cache behavior path patterns, as "All distribution settings reference" > "Path pattern"
// defines them: at most 255 characters from a fixed set; `*` matches any run of characters
// and `?` exactly one; matching is case-sensitive.

import { MAX_PATH_PATTERN_LENGTH, PATH_PATTERN_CHARACTERS } from './limits.ts';

/** Why `pattern` is not a valid CloudFront path pattern, or undefined if it is. */
export function pathPatternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > MAX_PATH_PATTERN_LENGTH) {
    return `must be at most ${MAX_PATH_PATTERN_LENGTH} characters (got ${pattern.length})`;
  }
  return disallowedCharacters(pattern, PATH_PATTERN_CHARACTERS);
}

/** "character 'x' is not allowed" for the distinct characters of `text` outside `allowed`. */
export function disallowedCharacters(text: string, allowed: RegExp): string | undefined {
  const bad: string[] = [];
  for (const ch of text) {
    if (!allowed.test(ch) && !bad.includes(ch)) bad.push(ch);
  }
  if (bad.length === 0) return undefined;
  const shown = bad.map(showCharacter);
  return bad.length === 1
    ? `character ${shown[0]} is not allowed`
    : `characters ${shown.join(', ')} are not allowed`;
}

function showCharacter(ch: string): string {
  if (ch === ' ') return 'space';
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}
