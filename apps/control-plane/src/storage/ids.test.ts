import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etagOf, newDistributionId, newEtag, newInvalidationId, newPublicKeyId } from './ids.ts';

// The config package's rule for distribution ids: 'E' then 11 to 13 upper-case alphanumerics.
const CONFIG_DISTRIBUTION_ID = /^E[A-Z0-9]{11,13}$/;

test('ids have CloudFront shapes and do not repeat', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const d = newDistributionId();
    const inv = newInvalidationId();
    const e = newEtag();
    const k = newPublicKeyId();
    assert.match(d, /^E[A-Z0-9]{13}$/);
    assert.match(d, CONFIG_DISTRIBUTION_ID);
    assert.match(inv, /^I[A-Z0-9]{13}$/);
    assert.match(e, /^[A-Z0-9]{13,14}$/);
    assert.match(k, /^K[A-Z0-9]{13}$/);
    ids.add(d).add(inv).add(e).add(k);
  }
  assert.equal(ids.size, 800);
});

test('If-Match names an ETag quoted, unquoted or weak', () => {
  for (const [header, etag] of [
    ['E2QWRUHAPOMQZL', 'E2QWRUHAPOMQZL'],
    ['"E2QWRUHAPOMQZL"', 'E2QWRUHAPOMQZL'],
    ['W/"E2QWRUHAPOMQZL"', 'E2QWRUHAPOMQZL'],
    [' E2QWRUHAPOMQZL ', 'E2QWRUHAPOMQZL'],
  ] as const) {
    assert.equal(etagOf(header), etag, header);
  }
});
