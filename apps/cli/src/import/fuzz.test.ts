// `cachefront import`'s input, fuzzed: each fixture (aws CLI JSON, CloudFormation, Terraform)
// with seeded changes at any depth (a field dropped, retyped or replaced). The importer never
// throws, and whatever it answers names every problem and warning with a path and a message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mulberry32 } from '@cachefront/observe';
import { importText } from './index.ts';

const FIXTURES = ['get-distribution-config.json', 'cdk-synth.template.json', 'terraform-show.json'].map((f) => JSON.parse(readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8')) as unknown);
const REPLACEMENTS: unknown[] = [null, 0, -1, 1.5, '', 'x'.repeat(5000), [], {}, [null], true, { Ref: 'Nope' }, { 'Fn::GetAtt': ['X'] }, { 'Fn::Sub': '${AWS::Region}' }, JSON.parse('{"__proto__": {"polluted": true}}')];

function mutate(random: () => number, value: unknown, depth = 0): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  if (Array.isArray(value)) {
    if (value.length === 0 || random() < 0.2) return random() < 0.5 ? [...value, pick(REPLACEMENTS)] : pick(REPLACEMENTS);
    const i = Math.floor(random() * value.length);
    return value.map((v, j) => (j === i ? mutate(random, v, depth + 1) : v));
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return pick(REPLACEMENTS);
    const k = pick(keys);
    if (random() < 0.2) {
      const { [k]: _gone, ...rest } = value as Record<string, unknown>;
      return rest;
    }
    return { ...value, [k]: random() < 0.15 + depth * 0.05 ? pick(REPLACEMENTS) : mutate(random, (value as Record<string, unknown>)[k], depth + 1) };
  }
  return pick(REPLACEMENTS);
}

test('import, 600 fuzzed inputs: never throws; every problem and warning has a path and a message', () => {
  const random = mulberry32(21);
  for (let i = 0; i < 600; i++) {
    let doc = FIXTURES[i % FIXTURES.length];
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) doc = mutate(random, doc);
    const text = JSON.stringify(doc);
    let r: ReturnType<typeof importText>;
    try {
      r = importText(text);
    } catch (err) {
      assert.fail(`importText threw ${(err as Error).stack} for ${text.slice(0, 300)}`);
    }
    for (const item of [...r.warnings, ...(r.issues ?? [])]) {
      assert.equal(typeof item.path, 'string', text.slice(0, 300));
      assert.ok(typeof item.message === 'string' && item.message !== '', text.slice(0, 300));
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
});
