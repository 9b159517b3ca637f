import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DENY_MESSAGES, denyBody, type DenyCode } from './errors.ts';

describe('CloudFront error documents', () => {
  it('renders MissingKey exactly as CloudFront sends it (146 bytes, no trailing newline)', () => {
    const body = denyBody('MissingKey', DENY_MESSAGES.MissingKey);
    assert.equal(
      body,
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>',
    );
    assert.equal(Buffer.byteLength(body), 146); // the Content-Length of a captured CloudFront response
  });

  const table: [DenyCode, string][] = [
    ['MissingKey', 'Missing Key-Pair-Id query parameter or cookie value'],
    ['InvalidKey', 'Unknown Key'],
    ['MalformedSignature', 'Could not unencode Signature'],
    ['MalformedPolicy', 'Malformed Policy'],
    ['AccessDenied', 'Access denied'],
  ];
  for (const [code, message] of table) {
    it(`${code}: "${message}"`, () => {
      assert.equal(DENY_MESSAGES[code], message);
      assert.equal(denyBody(code, message), `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    });
  }

  it('escapes XML in a custom message', () => {
    assert.match(denyBody('AccessDenied', `<a href="x">&'`), /<Message>&lt;a href=&quot;x&quot;&gt;&amp;&apos;<\/Message>/);
  });
});
