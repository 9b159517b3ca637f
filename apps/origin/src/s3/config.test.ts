import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseS3Options, s3Config } from './config.ts';

const tmp = mkdtempSync(join(tmpdir(), 'origin-s3-config-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
mkdirSync(join(tmp, 'real'));
symlinkSync(join(tmp, 'real'), join(tmp, 'link'));
writeFileSync(join(tmp, 'file'), '');

test('valid options: buckets by name with their resolved directory, secrets by key id', () => {
  const config = s3Config({ buckets: [{ name: 'pub', dir: join(tmp, 'link') }, { name: 'priv.example', dir: join(tmp, 'real'), private: true }], signers: { AKIDEXAMPLE: 'wJalr/K7+x=' } });
  assert.deepEqual([...config.buckets.values()], [
    { name: 'pub', root: realpathSync(join(tmp, 'real')), private: false, signersMayList: false },
    { name: 'priv.example', root: realpathSync(join(tmp, 'real')), private: true, signersMayList: false },
  ]);
  assert.deepEqual([...config.secrets], [['AKIDEXAMPLE', 'wJalr/K7+x=']]);
  assert.deepEqual(parseS3Options({}), { value: { buckets: new Map(), secrets: new Map() } });
});

test('every problem is reported with its path', () => {
  const parsed = parseS3Options({
    buckets: [
      { name: 'Bad_Name', dir: join(tmp, 'real') },
      { name: 'ok1', dir: join(tmp, 'missing') },
      { name: 'ok2', dir: join(tmp, 'file') },
      { name: 'dup', dir: join(tmp, 'real') },
      { name: 'dup', dir: join(tmp, 'real'), private: 'yes' as never },
    ],
    signers: { 'AKID/1': 'secret', AKID2: '', AKID3: 'has space' },
  });
  assert.ok('issues' in parsed);
  assert.deepEqual(
    parsed.issues.map((i) => i.path),
    ['buckets[0].name', 'buckets[1].dir', 'buckets[2].dir', 'buckets[4].name', 'buckets[4].private', 'signers.AKID/1', 'signers.AKID2', 'signers.AKID3'],
  );
  assert.throws(() => s3Config({ buckets: [{ name: 'x', dir: tmp }] }), (err: unknown) => err instanceof TypeError && /buckets\[0\]\.name: 'x' must be 3-63/.test(err.message));
});
