import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cloudfrontBase64, fromCloudfrontBase64 } from './base64.ts';

describe('CloudFront base64', () => {
  // "Replace characters that are invalid in a URL query string": + -> -, = -> _, / -> ~
  const table: [bytes: number[], encoded: string][] = [
    [[], ''],
    [[0xfb], '-w__'], // MIME "+w==": + and both paddings replaced
    [[0xff, 0xff], '~~8_'], // MIME "//8="
    [[0xfb, 0xef, 0xbe], '----'], // MIME "++++"
    [[0xff, 0xff, 0xff], '~~~~'], // MIME "////"
    [[0x68, 0x69], 'aGk_'],
  ];
  for (const [bytes, encoded] of table) {
    it(`encodes [${bytes.join(',')}] as ${JSON.stringify(encoded)} and back`, () => {
      assert.equal(cloudfrontBase64(Buffer.from(bytes)), encoded);
      assert.deepEqual(fromCloudfrontBase64(encoded), Buffer.from(bytes));
    });
  }

  it('encodes strings as UTF-8', () => {
    assert.equal(cloudfrontBase64('é'), cloudfrontBase64(Buffer.from([0xc3, 0xa9])));
    assert.equal(fromCloudfrontBase64(cloudfrontBase64('{"a":"é"}'))?.toString('utf8'), '{"a":"é"}');
  });

  const invalid: [text: string, why: string][] = [
    ['+w==', 'standard base64 alphabet'],
    ['aGk=', 'standard padding'],
    ['aGk', 'missing padding (truncated)'],
    ['aGk_a', 'length not a multiple of 4'],
    ['a_Gk', 'padding in the middle'],
    ['aG___', 'three padding characters'],
    ['aGk_ ', 'trailing space'],
    ['aG%3D', 'percent-encoded text'],
    ['aGk\n', 'newline'],
    ['ü___', 'non-ASCII'],
  ];
  for (const [text, why] of invalid) {
    it(`refuses ${JSON.stringify(text)} (${why})`, () => {
      assert.equal(fromCloudfrontBase64(text), undefined);
    });
  }

  it('refuses non-strings without throwing', () => {
    assert.equal(fromCloudfrontBase64(42 as unknown as string), undefined);
    assert.equal(fromCloudfrontBase64(undefined as unknown as string), undefined);
  });
});
