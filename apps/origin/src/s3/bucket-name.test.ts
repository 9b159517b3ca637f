import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketNameProblem } from './bucket-name.ts';

test('bucket names: the S3 User Guide examples and rules', () => {
  const cases: [string, RegExp | undefined][] = [
    // Valid examples from the naming-rules page.
    ['docexamplebucket1', undefined],
    ['log-delivery-march-2020', undefined],
    ['my-hosted-content', undefined],
    ['docexamplewebsite.com', undefined],
    ['www.docexamplewebsite.com', undefined],
    ['abc', undefined],
    ['a'.repeat(63), undefined],
    // Invalid examples from the same page, and each rule.
    ['doc_example_bucket', /only lowercase letters/],
    ['DocExampleBucket', /only lowercase letters/],
    ['doc-example-bucket-', /begin and end/],
    ['-bucket', /begin and end/],
    ['ab', /3-63/],
    ['a'.repeat(64), /3-63/],
    ['my..bucket', /adjacent dots/],
    ['192.168.5.4', /IP address/],
    ['xn--bucket', /start with 'xn--'/],
    ['sthree-bucket', /start with 'sthree-'/],
    ['bucket-s3alias', /end with '-s3alias'/],
    ['bucket--ol-s3', /end with '--ol-s3'/],
    ['bucket.mrap', /end with '.mrap'/],
    ['', /3-63/],
  ];
  for (const [name, problem] of cases) {
    const got = bucketNameProblem(name);
    if (problem === undefined) assert.equal(got, undefined, name);
    else assert.match(got ?? '', problem, name);
  }
});
