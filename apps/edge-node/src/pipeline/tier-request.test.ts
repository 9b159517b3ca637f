import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { childRequest } from './tier-request.ts';

describe("childRequest (the parent's view of a child's request)", () => {
  it("the last X-Forwarded-For entry is the viewer; the rest is the viewer's own header", () => {
    const c = childRequest({ host: 'h', 'x-forwarded-for': '10.0.0.1, 192.0.2.5, 198.51.100.7', 'x-cachefront-tier-hop': '1' });
    assert.equal(c.viewerIp, '198.51.100.7');
    assert.equal(c.headers['x-forwarded-for'], '10.0.0.1, 192.0.2.5');
    assert.equal(c.headers['x-cachefront-tier-hop'], undefined, 'the hop header is not forwarded to the origin');
  });
  it('a viewer without X-Forwarded-For: none left', () => {
    const c = childRequest({ host: 'h', 'x-forwarded-for': '198.51.100.7' });
    assert.equal(c.viewerIp, '198.51.100.7');
    assert.equal('x-forwarded-for' in c.headers, false);
  });
  it("no X-Forwarded-For, or garbage: the socket's address is used", () => {
    assert.equal(childRequest({}).viewerIp, undefined);
    assert.equal(childRequest({ 'x-forwarded-for': 'unknown' }).viewerIp, undefined);
  });
  it("the child's CloudFront-* values are taken as computed", () => {
    const c = childRequest({ 'cloudfront-viewer-country': 'JP', 'cloudfront-is-mobile-viewer': 'false', accept: '*/*' });
    assert.deepEqual(c.cloudFront, { 'cloudfront-viewer-country': 'JP', 'cloudfront-is-mobile-viewer': 'false' });
    assert.equal(c.headers['cloudfront-viewer-country'], 'JP');
  });
});
