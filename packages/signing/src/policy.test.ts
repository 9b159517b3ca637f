import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cannedPolicy, customPolicy, parsePolicy, type ParsedPolicy } from './policy.ts';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('cannedPolicy', () => {
  it("is the guide's example policy with whitespace removed", () => {
    // "Example policy statement for a canned policy" (signed cookies), whitespace removed.
    assert.equal(
      cannedPolicy('http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes', 1426500000),
      '{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes","Condition":{"DateLessThan":{"AWS:EpochTime":1426500000}}}]}',
    );
  });

  it('escapes the resource as JSON (as the AWS SDK does)', () => {
    assert.equal(cannedPolicy('https://h/a"b\\c', 1), '{"Statement":[{"Resource":"https://h/a\\"b\\\\c","Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}');
  });

  it('refuses a non-integer expiry', () => {
    assert.throws(() => cannedPolicy('https://h/a', 1.5), TypeError);
    assert.throws(() => cannedPolicy('https://h/a', -1), TypeError);
    assert.throws(() => cannedPolicy('https://h/a', Number.NaN), TypeError);
  });
});

describe('customPolicy', () => {
  it("writes CloudFront's key order with no whitespace", () => {
    assert.equal(
      customPolicy({ resource: 'http://d111111abcdef8.cloudfront.net/training/*', dateLessThan: 1357120800, dateGreaterThan: 1357034400, ipAddress: '192.0.2.10/32' }),
      '{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/training/*","Condition":{"DateLessThan":{"AWS:EpochTime":1357120800},"DateGreaterThan":{"AWS:EpochTime":1357034400},"IpAddress":{"AWS:SourceIp":"192.0.2.10/32"}}}]}',
    );
  });

  it('omits Resource when undefined (every URL)', () => {
    assert.equal(customPolicy({ dateLessThan: 10 }), '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":10}}}]}');
  });

  it('adds /32 (/128) to a bare address, as the AWS SDK does', () => {
    assert.match(customPolicy({ dateLessThan: 10, ipAddress: '192.0.2.1' }), /"AWS:SourceIp":"192\.0\.2\.1\/32"/);
    assert.match(customPolicy({ dateLessThan: 10, ipAddress: '2001:db8::1' }), /"AWS:SourceIp":"2001:db8::1\/128"/);
  });

  it('refuses bad input', () => {
    assert.throws(() => customPolicy({ dateLessThan: 1.5 }), TypeError);
    assert.throws(() => customPolicy({ dateLessThan: 10, dateGreaterThan: -1 }), TypeError);
    assert.throws(() => customPolicy({ dateLessThan: 10, ipAddress: '300.0.0.1/8' }), TypeError);
  });

  it('round-trips through parsePolicy', () => {
    const parsed = parsePolicy(utf8(customPolicy({ resource: 'https://h/*', dateLessThan: 20, dateGreaterThan: 10, ipAddress: '10.0.0.0/8' })));
    assert.ok('policy' in parsed);
    assert.equal(parsed.policy.resource, 'https://h/*');
    assert.equal(parsed.policy.dateLessThan, 20);
    assert.equal(parsed.policy.dateGreaterThan, 10);
    assert.equal(parsed.policy.ipAddress?.prefix, 8);
  });
});

describe('parsePolicy', () => {
  const valid: [name: string, json: string, expected: Partial<ParsedPolicy>][] = [
    [
      "the guide's one-object example, whitespace and all",
      `{
   "Statement": [
      {
         "Resource":"http://d111111abcdef8.cloudfront.net/game_download.zip",
         "Condition":{
            "IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},
            "DateLessThan":{"AWS:EpochTime":1357034400}
         }
      }
   ]
}
`,
      { resource: 'http://d111111abcdef8.cloudfront.net/game_download.zip', dateLessThan: 1357034400, dateGreaterThan: undefined },
    ],
    ['no Resource', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":5}}}]}', { resource: undefined, dateLessThan: 5 }],
    ['conditions in any order', '{"Statement":[{"Condition":{"DateGreaterThan":{"AWS:EpochTime":1},"DateLessThan":{"AWS:EpochTime":5}},"Resource":"x"}]}', { resource: 'x', dateLessThan: 5, dateGreaterThan: 1 }],
  ];
  for (const [name, json, expected] of valid) {
    it(`accepts ${name}`, () => {
      const parsed = parsePolicy(utf8(json));
      assert.ok('policy' in parsed, JSON.stringify(parsed));
      for (const [k, v] of Object.entries(expected)) assert.equal(parsed.policy[k as keyof ParsedPolicy], v, k);
    });
  }

  const malformed: [name: string, json: string | Buffer][] = [
    ['not JSON', '{"Statement":['],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d])],
    ['an array', '[]'],
    ['no Statement', '{}'],
    ['zero statements', '{"Statement":[]}'],
    ['two statements', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":5}}},{"Condition":{"DateLessThan":{"AWS:EpochTime":5}}}]}'],
    ['Statement not an array', '{"Statement":{"Condition":{"DateLessThan":{"AWS:EpochTime":5}}}}'],
    ['no Condition', '{"Statement":[{"Resource":"x"}]}'],
    ['no DateLessThan', '{"Statement":[{"Condition":{"DateGreaterThan":{"AWS:EpochTime":5}}}]}'],
    ['quoted epoch', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":"5"}}}]}'],
    ['fractional epoch', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":5.5}}}]}'],
    ['negative epoch', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":-5}}}]}'],
    ['abbreviated parameter name', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":5},"IpAddr":{"AWS:SourceIp":"1.2.3.4/32"}}}]}'],
    ['unknown statement key', '{"Statement":[{"Effect":"Allow","Condition":{"DateLessThan":{"AWS:EpochTime":5}}}]}'],
    ['unknown top-level key', '{"Version":"2012-10-17","Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":5}}}]}'],
    ['Resource array', '{"Statement":[{"Resource":["a","b"],"Condition":{"DateLessThan":{"AWS:EpochTime":5}}}]}'],
    ['bad CIDR', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":5},"IpAddress":{"AWS:SourceIp":"192.0.2.0/33"}}}]}'],
    ['CIDR list', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":5},"IpAddress":{"AWS:SourceIp":["192.0.2.0/24"]}}}]}'],
    ['deeply nested', '['.repeat(50_000) + ']'.repeat(50_000)],
  ];
  for (const [name, json] of malformed) {
    it(`refuses ${name}`, () => {
      const parsed = parsePolicy(typeof json === 'string' ? utf8(json) : json);
      assert.ok('error' in parsed, JSON.stringify(parsed));
    });
  }
});
