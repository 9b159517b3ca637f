import assert from 'node:assert/strict';
import { test } from 'node:test';
import { s3Address, type S3Address } from './addressing.ts';

const configured = new Set(['photos', 'my.site', 'echo']);
const isBucket = (name: string) => configured.has(name);

test('S3 addressing: host forms, path style and the precedence over the demo routes', () => {
  const cases: [host: string | undefined, path: string, expected: S3Address | undefined][] = [
    // Virtual-hosted style: every form, with and without a port, any case.
    ['photos.s3.amazonaws.com', '/a/b.jpg', { style: 'virtual-hosted', bucket: 'photos', rawKey: 'a/b.jpg' }],
    ['photos.s3.us-west-2.amazonaws.com', '/a.jpg', { style: 'virtual-hosted', bucket: 'photos', rawKey: 'a.jpg' }],
    ['photos.s3-eu-west-1.amazonaws.com:443', '/a.jpg', { style: 'virtual-hosted', bucket: 'photos', rawKey: 'a.jpg' }],
    ['photos.s3.localhost:9000', '/a%20b.jpg', { style: 'virtual-hosted', bucket: 'photos', rawKey: 'a%20b.jpg' }],
    ['Photos.S3.LocalHost', '/x', { style: 'virtual-hosted', bucket: 'photos', rawKey: 'x' }],
    ['photos.s3.localhost.', '/x', { style: 'virtual-hosted', bucket: 'photos', rawKey: 'x' }],
    ['my.site.s3.localhost', '/index.html', { style: 'virtual-hosted', bucket: 'my.site', rawKey: 'index.html' }],
    ['photos.s3.localhost', '/', { style: 'virtual-hosted', bucket: 'photos', rawKey: '' }],
    // A bucket host is S3 for every path, the demo routes included; an unknown bucket is still S3.
    ['photos.s3.localhost', '/echo', { style: 'virtual-hosted', bucket: 'photos', rawKey: 'echo' }],
    ['nope.s3.localhost', '/x', { style: 'virtual-hosted', bucket: 'nope', rawKey: 'x' }],
    // The origin's own API is never S3.
    ['photos.s3.localhost', '/_origin/stats', undefined],
    ['photos.s3.localhost', '/healthz', undefined],
    ['127.0.0.1', '/_origin/faults', undefined],
    // Path style on any other host: only configured buckets.
    ['127.0.0.1:9000', '/photos/a/b.jpg', { style: 'path', bucket: 'photos', rawKey: 'a/b.jpg' }],
    ['localhost', '/photos', { style: 'path', bucket: 'photos', rawKey: '' }],
    ['localhost', '/photos/', { style: 'path', bucket: 'photos', rawKey: '' }],
    ['localhost', '/my.site/x', { style: 'path', bucket: 'my.site', rawKey: 'x' }],
    ['localhost', '/ph%6ftos/x', { style: 'path', bucket: 'photos', rawKey: 'x' }],
    [undefined, '/photos/x', { style: 'path', bucket: 'photos', rawKey: 'x' }],
    ['[::1]:9000', '/photos/x', { style: 'path', bucket: 'photos', rawKey: 'x' }],
    ['127.0.0.1', '/photosx/a', undefined],
    ['127.0.0.1', '/bytes/10', undefined],
    ['127.0.0.1', '/', undefined],
    // A configured bucket shadows the demo route of the same name.
    ['127.0.0.1', '/echo/x', { style: 'path', bucket: 'echo', rawKey: 'x' }],
    // The S3 service endpoint: path style for every path.
    ['s3.localhost:9000', '/photos/x', { style: 'path', bucket: 'photos', rawKey: 'x' }],
    ['s3.us-east-1.amazonaws.com', '/nope/x', { style: 'path', bucket: 'nope', rawKey: 'x' }],
    ['s3.amazonaws.com', '/', { style: 'path', bucket: '', rawKey: '' }],
    // Look-alikes are not S3 hosts.
    ['photos.s3.example.com', '/x', undefined],
    ['photos.localhost', '/x', undefined],
    ['photos.s3.dualstack.us-east-1.amazonaws.com.evil', '/x', undefined],
  ];
  for (const [host, path, expected] of cases) assert.deepEqual(s3Address(host, path, isBucket), expected, `${host} ${path}`);
});
