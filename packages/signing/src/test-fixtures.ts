// Test fixtures: key pairs generated at test time (never checked in), and a verifier over them.

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verifier } from './verifier.ts';

export interface TestKey {
  readonly id: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly privatePem: string;
  readonly publicPem: string;
}

export function makeKey(id: string, type: 'rsa' | 'ec'): TestKey {
  const { privateKey, publicKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    id,
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A verifier trusting `keys`, with the trusted set editable (`trusted.delete(id)`). */
export function verifierFor(keys: readonly TestKey[], cacheSize?: number): { verifier: Verifier; trusted: Map<string, KeyObject>; lookups: string[] } {
  const trusted = new Map(keys.map((k) => [k.id, k.publicKey]));
  const lookups: string[] = [];
  const verifier = new Verifier({
    publicKeys: (id) => {
      lookups.push(id);
      return trusted.get(id);
    },
    ...(cacheSize === undefined ? {} : { cacheSize }),
  });
  return { verifier, trusted, lookups };
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(): { dir: string; write: (name: string, content: string | Buffer) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cachefront-signing-'));
  return {
    dir,
    write: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** 2026-01-01T00:00:00Z, the tests' fixed "now" (epoch seconds). */
export const NOW_S = 1_767_225_600;
export const NOW_MS = NOW_S * 1000;
