import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amzDateMs, parseSigV4Claim } from './auth-claim.ts';
import { S3Error } from './errors.ts';
import { parseQuery } from './query.ts';

const CRED = 'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request';
const SIG = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
const DATE = '20130524T000000Z';
const auth = (rest: string) => ({ authorization: `AWS4-HMAC-SHA256 ${rest}`, 'x-amz-date': DATE });

test('an Authorization header claim: the S3 doc example, spacing tolerated', () => {
  for (const value of [
    `Credential=${CRED}, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=${SIG}`,
    `Credential=${CRED},SignedHeaders=Host;range;x-amz-content-sha256;x-amz-date,Signature=${SIG}`,
  ]) {
    assert.deepEqual(parseSigV4Claim(auth(value), []), {
      via: 'header',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      scope: { date: '20130524', region: 'us-east-1', service: 's3' },
      signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
      signature: SIG,
      amzDate: DATE,
    });
  }
});

test('a presigned claim: the S3 doc example', () => {
  const query = parseQuery(
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
      '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
      '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
  );
  const claim = parseSigV4Claim({}, query);
  assert.equal(claim?.via, 'query');
  assert.equal(claim?.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
  assert.equal(claim?.expiresIn, 86400);
  assert.deepEqual(claim?.signedHeaders, ['host']);
});

test('no Authorization and no X-Amz-Algorithm: anonymous', () => {
  assert.equal(parseSigV4Claim({ host: 'b.s3.localhost' }, parseQuery('x-id=GetObject')), undefined);
});

test('malformed claims get S3 error codes', () => {
  const presigned = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=' + encodeURIComponent(CRED) + '&X-Amz-Date=' + DATE + '&X-Amz-SignedHeaders=host&X-Amz-Signature=' + SIG;
  const cases: [string, Record<string, string>, string, string, RegExp][] = [
    ['another scheme', { authorization: 'AWS AKID:c2ln' }, '', 'InvalidArgument', /Unsupported Authorization Type/],
    ['no components', { authorization: 'AWS4-HMAC-SHA256', 'x-amz-date': DATE }, '', 'AuthorizationHeaderMalformed', /malformed/],
    ['a component without =', auth(`Credential=${CRED}, SignedHeaders, Signature=${SIG}`), '', 'AuthorizationHeaderMalformed', /"SignedHeaders" is malformed/],
    ['no Signature', auth(`Credential=${CRED}, SignedHeaders=host`), '', 'AuthorizationHeaderMalformed', /'Signature'/],
    ['short credential', auth(`Credential=AKID/20130524/us-east-1/s3, SignedHeaders=host, Signature=${SIG}`), '', 'AuthorizationHeaderMalformed', /Credential is mal-formed/],
    ['wrong service', auth(`Credential=AKID/20130524/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=${SIG}`), '', 'AuthorizationHeaderMalformed', /incorrect service "ec2"/],
    ['wrong terminator', auth(`Credential=AKID/20130524/us-east-1/s3/aws5_request, SignedHeaders=host, Signature=${SIG}`), '', 'AuthorizationHeaderMalformed', /incorrect terminal/],
    ['credential date not x-amz-date', auth(`Credential=AKID/20130525/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${SIG}`), '', 'AuthorizationHeaderMalformed', /Invalid credential date/],
    ['no x-amz-date', { authorization: `AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=host, Signature=${SIG}` }, '', 'AccessDenied', /x-amz-date/],
    ['bad x-amz-date', { ...auth(`Credential=${CRED}, SignedHeaders=host, Signature=${SIG}`), 'x-amz-date': 'Fri, 24 May 2013 00:00:00 GMT' }, '', 'AccessDenied', /x-amz-date/],
    ['both mechanisms', auth(`Credential=${CRED}, SignedHeaders=host, Signature=${SIG}`), 'X-Amz-Algorithm=AWS4-HMAC-SHA256', 'InvalidArgument', /Only one auth mechanism/],
    ['presigned, other algorithm', {}, 'X-Amz-Algorithm=AWS4-HMAC-SHA1', 'AuthorizationQueryParametersError', /only supports/],
    ['presigned, no X-Amz-Expires', {}, presigned, 'AuthorizationQueryParametersError', /requires the X-Amz-Algorithm/],
    ['presigned, expires > 7 days', {}, `${presigned}&X-Amz-Expires=604801`, 'AuthorizationQueryParametersError', /less than a week/],
    ['presigned, expires 0', {}, `${presigned}&X-Amz-Expires=0`, 'AuthorizationQueryParametersError', /at least 1/],
    ['presigned, bad date', {}, presigned.replace(DATE, '2013-05-24') + '&X-Amz-Expires=60', 'AuthorizationQueryParametersError', /ISO8601/],
  ];
  for (const [name, headers, query, code, message] of cases) {
    assert.throws(
      () => parseSigV4Claim(headers, parseQuery(query)),
      (err: unknown) => err instanceof S3Error && err.code === code && message.test(err.message),
      name,
    );
  }
});

test('amzDateMs reads the ISO 8601 basic format', () => {
  assert.equal(amzDateMs('20130524T000000Z'), Date.UTC(2013, 4, 24));
  assert.equal(amzDateMs('20240229T235959Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
});
