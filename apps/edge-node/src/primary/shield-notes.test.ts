import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shieldNotes } from './shield-notes.ts';

test('shieldNotes: one line per origin whose route changed, none for the same routes again', () => {
  const none = { distributionId: 'E1', originId: 'app', region: 'us-east-1' };
  const through = { ...none, shield: { edgeId: 'iad-shield', url: 'http://127.0.0.1:8090' } };
  const first = shieldNotes([], [none]);
  assert.deepEqual(first, [
    {
      level: 'warn',
      fields: { distribution: 'E1', origin: 'app', region: 'us-east-1' },
      message: 'origin app of E1 has Origin Shield in us-east-1, but no shield edge (--tier shield in a POP of us-east-1) is live there: fetching from the origin directly',
    },
  ]);
  assert.deepEqual(shieldNotes([none], [none]), [], 'said once');
  assert.deepEqual(shieldNotes([none], [through]).map((n) => [n.level, n.message]), [
    ['info', 'origin app of E1: cacheable misses go through its Origin Shield in us-east-1 (edge iad-shield at http://127.0.0.1:8090)'],
  ]);
  assert.deepEqual(shieldNotes([through], [through]), []);
  assert.equal(shieldNotes([through], [none])[0]?.level, 'warn', 'and again when the shield leaves');
});
