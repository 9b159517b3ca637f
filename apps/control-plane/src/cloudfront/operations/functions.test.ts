// CloudFront Functions through the REST API in-process: the same records as /v1/functions,
// the wire details the SDK test does not show (GetFunction's octet-stream body, the ETag of
// UpdateFunction under both header names), and which operations a read key may call.
// The SDK against a real control plane and edge: test/cloudfront-functions-api.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Harness } from '../../test-support.ts';
import { readOnly } from '../api.ts';
import { serviceModel, XML_NAMESPACE } from '../model.ts';
import { signedHeaders } from '../test-signing.ts';

const h = new Harness();
let write: { id: string; secret: string };
let read: { id: string; secret: string };

async function cf(method: string, target: string, o: { body?: string; key?: { id: string; secret: string }; headers?: Record<string, string> } = {}) {
  const headers = await signedHeaders({ method, target, body: o.body, key: o.key ?? write, headers: o.headers });
  const res = await h.cp.app.request(`http://localhost${target}`, { method, headers, body: o.body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const errorCode = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
const b64 = (s: string) => Buffer.from(s).toString('base64');
const CODE = 'function handler(event) { return event.request; }';
const createBody = (name: string, code: string) =>
  `<CreateFunctionRequest xmlns="${XML_NAMESPACE}"><Name>${name}</Name><FunctionConfig><Comment>c</Comment><Runtime>cloudfront-js-2.0</Runtime></FunctionConfig><FunctionCode>${b64(code)}</FunctionCode></CreateFunctionRequest>`;

describe('CloudFront Functions (in-process)', () => {
  before(async () => {
    write = await key('write');
    read = await key('read');
  });
  after(() => h.close());

  async function key(scope: string) {
    const r = await h.call('POST', '/v1/access-keys', { body: { scope } });
    return { id: r.body.accessKeyId as string, secret: r.body.secretAccessKey as string };
  }

  test('a function made here is the one /v1 serves; GetFunction answers the code as octet-stream', async () => {
    const created = await cf('POST', '/2020-05-31/function', { body: createBody('fn-a', CODE) });
    assert.equal(created.status, 201, created.text);
    assert.match(created.text, /<FunctionSummary xmlns="[^"]+"><Name>fn-a<\/Name><Status>UNPUBLISHED<\/Status><FunctionConfig><Comment>c<\/Comment><Runtime>cloudfront-js-2.0<\/Runtime><KeyValueStoreAssociations><Quantity>0<\/Quantity><\/KeyValueStoreAssociations><\/FunctionConfig><FunctionMetadata><FunctionARN>arn:aws:cloudfront::000000000000:function\/fn-a<\/FunctionARN><Stage>DEVELOPMENT<\/Stage>/);
    const v1 = await h.call('GET', '/v1/functions/fn-a');
    assert.equal(v1.body.code, CODE);
    assert.equal(v1.headers.get('etag'), created.headers.get('etag'));
    const got = await cf('GET', '/2020-05-31/function/fn-a', { key: read });
    assert.equal(got.headers.get('content-type'), 'application/octet-stream');
    assert.equal(got.text, CODE);
  });

  test("UpdateFunction's ETag is sent as ETtag (the model's name, which the SDKs read) and as ETag", async () => {
    const etag = (await cf('GET', '/2020-05-31/function/fn-a/describe')).headers.get('etag') as string;
    const body = `<UpdateFunctionRequest xmlns="${XML_NAMESPACE}"><FunctionConfig><Comment>d</Comment><Runtime>cloudfront-js-2.0</Runtime></FunctionConfig><FunctionCode>${b64(CODE)}</FunctionCode></UpdateFunctionRequest>`;
    const updated = await cf('PUT', '/2020-05-31/function/fn-a', { body, headers: { 'if-match': etag } });
    assert.equal(updated.status, 200, updated.text);
    assert.ok(updated.headers.get('ettag') !== etag);
    assert.equal(updated.headers.get('etag'), updated.headers.get('ettag'));
    assert.equal((await h.call('GET', '/v1/functions/fn-a')).body.functionConfig.comment, 'd');
  });

  test('code that does not compile is InvalidArgument, nothing stored', async () => {
    const res = await cf('POST', '/2020-05-31/function', { body: createBody('fn-b', 'function handler(event) {') });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.text), 'InvalidArgument');
    assert.equal((await h.call('GET', '/v1/functions/fn-b')).status, 404);
  });

  test('a read key describes, gets and lists, but may not test, publish or delete', async () => {
    assert.equal((await cf('GET', '/2020-05-31/function', { key: read })).status, 200);
    const etag = (await cf('GET', '/2020-05-31/function/fn-a/describe', { key: read })).headers.get('etag') as string;
    const test = `<TestFunctionRequest xmlns="${XML_NAMESPACE}"><EventObject>${b64('{}')}</EventObject></TestFunctionRequest>`;
    for (const [method, target, body] of [['POST', '/2020-05-31/function/fn-a/test', test], ['POST', '/2020-05-31/function/fn-a/publish', undefined], ['DELETE', '/2020-05-31/function/fn-a', undefined]] as const) {
      const res = await cf(method, target, { key: read, body, headers: { 'if-match': etag } });
      assert.equal(errorCode(res.text), 'AccessDenied', `${method} ${target}`);
    }
  });

  test('readOnly: GETs, and the Get/List/Describe operations CloudFront sends as POSTs', () => {
    const ops = serviceModel().operations;
    const cases: [string, boolean][] = [
      ['ListFunctions', true],
      ['DescribeFunction', true],
      ['GetRealtimeLogConfig', true], // POST
      ['ListDistributionsByRealtimeLogConfig', true], // POST
      ['TestFunction', false],
      ['DeleteRealtimeLogConfig', false], // POST
      ['CreateFunction', false],
      ['TagResource', false],
    ];
    for (const [name, expected] of cases) assert.equal(readOnly(ops[name] as { name: string; http: { method: string } }), expected, name);
  });
});
