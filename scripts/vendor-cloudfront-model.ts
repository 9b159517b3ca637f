// Copies AWS's published service model for CloudFront (API version 2020-05-31) from an
// installed botocore into apps/control-plane/src/cloudfront/model/, unchanged, and records
// which botocore it came from in the NOTICE beside it. The control plane's CloudFront REST
// API (docs/cloudfront-api.md) derives its routes and XML shapes from that file, so a newer
// model is one run of this script: `node scripts/vendor-cloudfront-model.ts [PYTHON]`.
//
// The model is Apache-2.0 (botocore's license), as cachefront is.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const python = process.argv[2] ?? 'python3';
const out = fileURLToPath(new URL('../apps/control-plane/src/cloudfront/model/', import.meta.url));
const [dir, version] = execFileSync(python, ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)'], { encoding: 'utf8' })
  .trim()
  .split('\n');
if (dir === undefined || version === undefined) throw new Error(`${python} did not report botocore's folder and version`);
const source = join(dir, 'data', 'cloudfront', '2020-05-31', 'service-2.json.gz');
if (!existsSync(source)) throw new Error(`botocore ${version} has no ${source} (botocore 1.32 and later ship gzipped models)`);
copyFileSync(source, join(out, 'service-2.json.gz'));
writeFileSync(
  join(out, 'NOTICE'),
  `service-2.json.gz is AWS's service model for Amazon CloudFront, API version 2020-05-31,
copied unchanged from botocore ${version} (botocore/data/cloudfront/2020-05-31/service-2.json.gz)
by scripts/vendor-cloudfront-model.ts.

botocore is Copyright Amazon.com, Inc. or its affiliates, licensed under the Apache
License, Version 2.0 (https://www.apache.org/licenses/LICENSE-2.0).
`,
);
process.stdout.write(`copied the CloudFront model from botocore ${version} to ${out}\n`);
