// The model-driven XML reader and writer, table-driven: what clients send is read into the
// model's shapes, and every bad document is refused with CloudFront's error code and a path.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CloudFrontError } from './errors.ts';
import { matchOperation, serviceModel, XML_NAMESPACE } from './model.ts';
import { readInput, writeOutput } from './protocol.ts';
import { readShape } from './xml-read.ts';
import { parseXml } from './xml-tree.ts';
import { toXml } from './xml-write.ts';

const model = serviceModel();
const batch = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch xmlns="${XML_NAMESPACE}">${inner}</InvalidationBatch>`;
const read = (shape: string, xml: string) => readShape(model, shape, parseXml(xml), parseXml(xml).name);

function refused(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CloudFrontError, String(err));
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('routing from the model', () => {
  const cases: [string, string, string, string | undefined][] = [
    ['GET', '/2020-05-31/distribution', '', 'ListDistributions'],
    ['POST', '/2020-05-31/distribution', '', 'CreateDistribution'],
    ['POST', '/2020-05-31/distribution', 'WithTags', 'CreateDistributionWithTags'],
    ['PUT', '/2020-05-31/distribution/E1/config', '', 'UpdateDistribution'],
    ['GET', '/2020-05-31/distribution/E1/invalidation/I1', '', 'GetInvalidation'],
    ['POST', '/2020-05-31/tagging', 'Operation=Tag', 'TagResource'],
    ['POST', '/2020-05-31/tagging', 'Operation=Untag', 'UntagResource'],
    ['POST', '/2020-05-31/tagging', 'Operation=Nope', undefined],
    ['GET', '/2020-05-31/function/my%20fn/describe', '', 'DescribeFunction'],
    ['DELETE', '/2020-05-31/nothing', '', undefined],
  ];
  for (const [method, path, query, op] of cases) {
    test(`${method} ${path}?${query} -> ${op ?? 'none'}`, () => {
      const m = matchOperation(model, method, path, new URLSearchParams(query));
      assert.equal(m?.op.name, op);
    });
  }
  test('labels are percent-decoded', () => {
    assert.deepEqual(matchOperation(model, 'GET', '/2020-05-31/function/my%20fn/describe', new URLSearchParams())?.labels, { Name: 'my fn' });
  });
});

describe('reading a body by its shape', () => {
  test('lists by their member element, entities and CDATA decoded, text kept as sent', () => {
    const v = read('InvalidationBatch', batch('<Paths><Quantity>3</Quantity><Items><Path>/a&amp;b</Path><Path>/&#x263A;&#9731;</Path><Path><![CDATA[/x<y>]]></Path></Items></Paths><CallerReference> ref </CallerReference>'));
    assert.deepEqual(v, { Paths: { Quantity: 3, Items: ['/a&b', '/☺☃', '/x<y>'] }, CallerReference: ' ref ' });
  });

  test('booleans, integers, enums and nested lists of structures', () => {
    const v = read('Tags', '<Tags><Items><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key></Tag></Items></Tags>');
    assert.deepEqual(v, { Items: [{ Key: 'a', Value: '1' }, { Key: 'b' }] });
    const r = read('Restrictions', '<Restrictions><GeoRestriction><RestrictionType>whitelist</RestrictionType><Quantity>1</Quantity><Items><Location>DE</Location></Items></GeoRestriction></Restrictions>');
    assert.deepEqual(r, { GeoRestriction: { RestrictionType: 'whitelist', Quantity: 1, Items: ['DE'] } });
  });

  const bad: [string, string, string, string, RegExp][] = [
    ['unknown element', 'InvalidationBatch', batch('<Paths><Quantity>0</Quantity></Paths><CallerReference>r</CallerReference><Bogus/>'), 'MalformedInput', /InvalidationBatch\.Bogus: unknown element <Bogus>/],
    ['Quantity is not the number of Items', 'InvalidationBatch', batch('<Paths><Quantity>2</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>r</CallerReference>'), 'InconsistentQuantities', /InvalidationBatch\.Paths: Quantity is 2 but Items has 1 item/],
    ['a missing required member', 'InvalidationBatch', batch('<Paths><Quantity>0</Quantity></Paths>'), 'InvalidArgument', /InvalidationBatch\.CallerReference: is required/],
    ['an integer that is not one', 'InvalidationBatch', batch('<Paths><Quantity>two</Quantity></Paths><CallerReference>r</CallerReference>'), 'MalformedInput', /Paths\.Quantity: 'two' is not an integer/],
    ['a wrong list item element', 'InvalidationBatch', batch('<Paths><Quantity>1</Quantity><Items><Thing>/a</Thing></Items></Paths><CallerReference>r</CallerReference>'), 'MalformedInput', /Items\[0\]: unexpected element <Thing>/],
    ['a repeated member', 'InvalidationBatch', batch('<CallerReference>a</CallerReference><CallerReference>b</CallerReference><Paths><Quantity>0</Quantity></Paths>'), 'MalformedInput', /appears more than once/],
    ['text where elements belong', 'InvalidationBatch', batch('<Paths>oops</Paths><CallerReference>r</CallerReference>'), 'MalformedInput', /expected elements/],
    ['a value outside the enum', 'Restrictions', '<Restrictions><GeoRestriction><RestrictionType>some</RestrictionType><Quantity>0</Quantity></GeoRestriction></Restrictions>', 'InvalidArgument', /'some' is not one of blacklist, whitelist, none/],
    ['a boolean that is not one', 'TrustedKeyGroups', '<TrustedKeyGroups><Enabled>yes</Enabled><Quantity>0</Quantity></TrustedKeyGroups>', 'MalformedInput', /'yes' is not true or false/],
    ['malformed XML', 'InvalidationBatch', '<InvalidationBatch><Paths></InvalidationBatch>', 'MalformedXML', /not well-formed/],
    ['two roots', 'InvalidationBatch', '<InvalidationBatch/><InvalidationBatch/>', 'MalformedXML', /not well-formed/],
    ['a stray ampersand', 'InvalidationBatch', batch('<CallerReference>a & b</CallerReference><Paths><Quantity>0</Quantity></Paths>'), 'MalformedXML', /not well-formed/],
    ['an undefined entity', 'InvalidationBatch', batch('<CallerReference>&nbsp;</CallerReference><Paths><Quantity>0</Quantity></Paths>'), 'MalformedXML', /undefined entity &nbsp;/],
    [
      'entity expansion (billion laughs)',
      'InvalidationBatch',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><InvalidationBatch><CallerReference>&lol2;</CallerReference><Paths><Quantity>0</Quantity></Paths></InvalidationBatch>`,
      'MalformedXML',
      /DOCTYPE or entity declaration is not allowed/,
    ],
    [
      'an external entity (XXE)',
      'InvalidationBatch',
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><InvalidationBatch><CallerReference>&xxe;</CallerReference><Paths><Quantity>0</Quantity></Paths></InvalidationBatch>`,
      'MalformedXML',
      /DOCTYPE/,
    ],
  ];
  for (const [what, shape, xml, code, message] of bad) test(`refused: ${what} (${code})`, () => refused(() => read(shape, xml), code, message));
});

describe('requests and responses as the operation binds them', () => {
  const op = (name: string) => model.operations[name]!;
  test('URI labels, query parameters, headers and the payload', () => {
    const input = readInput(model, op('UpdateDistribution'), {
      labels: { Id: 'E1' },
      query: new URLSearchParams(),
      header: (n) => (n === 'If-Match' ? 'ETAG1' : undefined),
      body: Buffer.from(`<DistributionConfig xmlns="${XML_NAMESPACE}"><CallerReference>r</CallerReference><Origins><Quantity>1</Quantity><Items><Origin><Id>o</Id><DomainName>example.com</DomainName></Origin></Items></Origins><DefaultCacheBehavior><TargetOriginId>o</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy></DefaultCacheBehavior><Comment></Comment><Enabled>false</Enabled></DistributionConfig>`),
    });
    assert.equal(input.Id, 'E1');
    assert.equal(input.IfMatch, 'ETAG1');
    assert.deepEqual(input.DistributionConfig, { CallerReference: 'r', Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'example.com' }] }, DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'allow-all' }, Comment: '', Enabled: false });
  });

  test('a payload on the wrong root element, and a missing body', () => {
    const http = (body: string) => ({ labels: { DistributionId: 'E1' }, query: new URLSearchParams(), header: () => undefined, body: Buffer.from(body) });
    refused(() => readInput(model, op('CreateInvalidation'), http('<Tags/>')), 'MalformedInput', /root element is <Tags>; CreateInvalidation takes <InvalidationBatch>/);
    refused(() => readInput(model, op('CreateInvalidation'), http('')), 'MissingBody');
  });

  test('output: status, header members, the payload under its element; read back by the same shape', async () => {
    const invalidation = { Id: 'I1', Status: 'Completed', CreateTime: new Date(0), InvalidationBatch: { Paths: { Quantity: 1, Items: ['/a&<b>'] }, CallerReference: 'r' } };
    const res = writeOutput(model, op('CreateInvalidation'), { Location: 'http://x/2020-05-31/distribution/E1/invalidation/I1', Invalidation: invalidation }, 'req-1');
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('location'), 'http://x/2020-05-31/distribution/E1/invalidation/I1');
    assert.equal(res.headers.get('content-type'), 'text/xml');
    const text = await res.text();
    assert.match(text, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<Invalidation xmlns="${XML_NAMESPACE}"><Id>I1</Id>`));
    assert.deepEqual(readShape(model, 'Invalidation', parseXml(text), 'Invalidation'), invalidation);
  });

  test('empty lists are left out; 204 has no body', async () => {
    assert.equal(toXml(model, 'Paths', { Quantity: 0, Items: [] }, 'Paths'), `<?xml version="1.0" encoding="UTF-8"?>\n<Paths xmlns="${XML_NAMESPACE}"><Quantity>0</Quantity></Paths>`);
    const res = writeOutput(model, op('TagResource'), {}, 'req-2');
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
  });
});
