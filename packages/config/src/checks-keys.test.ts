import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './index.ts';
import { assertIssues, rawPublicKey, testPem, valueOf } from './test-fixtures.ts';
import type { Issue } from './types.ts';

/** [name, config, expected issues ([] = valid)] */
const table: [string, Record<string, unknown>, Issue[]][] = [
  ['an RSA and an ECDSA key in one group', { publicKeys: [rawPublicKey({ id: 'rsa' }), rawPublicKey({ id: 'ec', encodedKey: testPem('ec256') })], keyGroups: [{ id: 'kg', items: ['rsa', 'ec'] }] }, []],
  ['a key listed twice in a group', { publicKeys: [rawPublicKey({ id: 'pk' })], keyGroups: [{ id: 'kg', items: ['pk', 'pk'] }] }, [{ path: 'keyGroups[0].items[1]', message: "public key 'pk' is already listed at items[0]" }]],
  ['a bad key is reported at its path', { publicKeys: [rawPublicKey(), rawPublicKey({ id: 'pk2', encodedKey: testPem('ec384') })] }, [
    { path: 'publicKeys[1].encodedKey', message: 'is an ECDSA key on the secp384r1 curve; CloudFront accepts ECDSA keys on P-256 (prime256v1) only' },
  ]],
  ['a key group with an unknown field', { publicKeys: [rawPublicKey()], keyGroups: [{ id: 'kg', items: ['pk1'], enabled: true }] }, [{ path: 'keyGroups[0].enabled', message: "unknown key 'enabled'" }]],
  ['publicKeys must be a list', { publicKeys: { id: 'pk1' } }, [{ path: 'publicKeys', message: 'must be a list, got a mapping' }]],
];

describe('public keys and key groups', () => {
  for (const [name, config, expected] of table) {
    it(name, () => assertIssues(parseConfig(config), expected));
  }

  it('fills names and comments', () => {
    const value = valueOf(parseConfig({ publicKeys: [rawPublicKey({ comment: 'signer' })], keyGroups: [{ id: 'kg', name: 'Signers', items: ['pk1'] }] }));
    assert.deepStrictEqual(value.publicKeys, [{ id: 'pk1', name: 'pk1', encodedKey: testPem(), comment: 'signer' }]);
    assert.deepStrictEqual(value.keyGroups, [{ id: 'kg', name: 'Signers', items: ['pk1'], comment: '' }]);
  });
});
