import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfigFile } from './config-file.ts';

const dist = (behavior: string) => `distributions:
  - id: ELAMBDA000001
    origins: [{ id: o, domainName: 127.0.0.1 }]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized${behavior} }
`;

describe('loadConfigFile: Lambda@Edge code', () => {
  it("a function's dir resolves against the config file; a missing one is an issue with its path", async () => {
    const d = await mkdtemp(join(tmpdir(), 'cachefront-lambda-config-'));
    await mkdir(join(d, 'fns', 'auth'), { recursive: true });
    await writeFile(join(d, 'ok.yaml'), `${dist('')}lambdaFunctions:\n  - { name: auth, version: 1, dir: fns/auth }\n`);
    const ok = await loadConfigFile(join(d, 'ok.yaml'));
    assert.equal(ok.issues, undefined);
    assert.equal(ok.value!.lambdaFunctions[0]!.dir, join(d, 'fns', 'auth'));
    await writeFile(join(d, 'missing.yaml'), `${dist('')}lambdaFunctions:\n  - { name: auth, version: 1, dir: fns/none }\n`);
    const missing = await loadConfigFile(join(d, 'missing.yaml'));
    assert.equal(missing.issues?.[0]?.path, 'lambdaFunctions[0].dir');
  });

  it('a viewer-event association is refused while the edge runs origin events only (never served as if it were not there)', async () => {
    const d = await mkdtemp(join(tmpdir(), 'cachefront-lambda-config-'));
    await mkdir(join(d, 'auth'));
    await writeFile(
      join(d, 'cdn.yaml'),
      `${dist(', lambdaFunctionAssociations: [{ eventType: origin-request, lambdaFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:auth:1" }, { eventType: viewer-request, lambdaFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:auth:1" }]')}lambdaFunctions:\n  - { name: auth, version: 1, dir: auth }\n`,
    );
    const r = await loadConfigFile(join(d, 'cdn.yaml'));
    assert.deepEqual(r.issues?.map((i) => i.path), ['distributions[0].defaultCacheBehavior.lambdaFunctionAssociations[1].eventType']);
  });
});
