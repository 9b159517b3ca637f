// Shared by the import tests: a fixture's text, and an import that must validate.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseConfig, type CachefrontConfig, type Issue } from '@cachefront/config';
import { importText } from './index.ts';

export const fixtureText = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Imports a fixture; fails the test unless it is a valid config. */
export function importFixture(name: string): { config: CachefrontConfig; warnings: Issue[]; format: string } {
  const r = importText(fixtureText(name));
  assert.equal(r.issues, undefined, JSON.stringify(r.issues));
  const parsed = parseConfig(r.config);
  assert.equal(parsed.issues, undefined);
  return { config: parsed.value!, warnings: r.warnings, format: r.format! };
}

/** The warning at `path` (its message), so a test can assert it is there and says why. */
export function warningAt(warnings: Issue[], path: string): string {
  const w = warnings.find((x) => x.path === path);
  assert.ok(w, `no warning at ${path}; warnings:\n${warnings.map((x) => `${x.path}: ${x.message}`).join('\n')}`);
  return w.message;
}
