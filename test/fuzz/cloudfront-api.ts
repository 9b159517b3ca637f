// The CloudFront REST API's inputs, fuzzed (docs/cloudfront-api.md): valid CreateDistribution
// and CreateInvalidation XML bodies, built from AWS's model, mutated as text (cut short,
// elements renamed, duplicated or emptied, Quantity off by one, values replaced, a DTD or an
// entity inserted, huge numbers), each sent SigV4-signed like an SDK would. Invariants: an
// answer below 500 with CloudFront's error XML when refused, and a refused request changes
// nothing (the control plane's seq stays).

import { distributionToAws, parseDistribution } from '@cachefront/config';
import { serviceModel } from '../../apps/control-plane/src/cloudfront/model.ts';
import { signedHeaders } from '../../apps/control-plane/src/cloudfront/test-signing.ts';
import { toXml } from '../../apps/control-plane/src/cloudfront/xml-write.ts';
import { mulberry32 } from '@cachefront/observe';
import { get } from '../helpers.ts';
import { validDistribution } from './configs.ts';
import type { Violation } from './run.ts';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const JUNK = ['', ' ', '-1', '99999999999999999999', '1.5', 'true', 'x'.repeat(5000), '&amp;', '&lt;x&gt;', '\u0000', '&#0;', '&#x110000;', ']]>', '<![CDATA[x]]>', 'é', '/a/[x]', 'E', 'Managed-Nope'];

/** One text mutation of well-formed XML. */
function mutate(random: Random, xml: string): string {
  const tags = [...xml.matchAll(/<([A-Za-z]+)>([^<]*)<\/\1>/g)];
  const t = tags.length > 0 ? pick(random, tags) : undefined;
  switch (Math.floor(random() * 8)) {
    case 0:
      return xml.slice(0, Math.floor(random() * xml.length)); // cut short
    case 1:
      return t ? xml.replace(t[0], `<${t[1]}>${pick(random, JUNK)}</${t[1]}>`) : xml; // a value replaced
    case 2:
      return t ? xml.replace(t[0], `${t[0]}${t[0]}`) : xml; // an element twice
    case 3:
      return t ? xml.replace(t[0], `<${t[1]}X>${t[2]}</${t[1]}X>`) : xml; // an unknown element
    case 4:
      return xml.replace(/<Quantity>(\d+)<\/Quantity>/, (_m, n: string) => `<Quantity>${Number(n) + pick(random, [1, -1, 1000])}</Quantity>`);
    case 5:
      return xml.replace('?>', `?><!DOCTYPE r [<!ENTITY e "${'x'.repeat(100)}"><!ENTITY f "&e;&e;&e;&e;&e;&e;">]>`).replace(/<Comment>[^<]*<\/Comment>/, '<Comment>&f;</Comment>');
    case 6:
      return t ? xml.replace(t[0], `<${t[1]}/>`) : xml; // emptied
    default:
      return xml.replace(/<\/[A-Za-z]+>\s*$/, ''); // unclosed root
  }
}

export async function fuzzCloudFrontApi(o: { seed: number; count: number; url: string; key: { id: string; secret: string }; originPort: number }): Promise<{ violations: Violation[]; statuses: Record<string, number> }> {
  const random = mulberry32(o.seed);
  const model = serviceModel();
  const violations: Violation[] = [];
  const statuses: Record<string, number> = {};
  const seqOf = async () => (JSON.parse((await get(`${o.url}/healthz`)).text) as { seq: number }).seq;
  for (let index = 0; index < o.count; index++) {
    const invalidation = random() < 0.3;
    let body: string;
    let target: string;
    if (invalidation) {
      body = toXml(model, 'InvalidationBatch', { Paths: { Quantity: 2, Items: ['/a/*', '/b'] }, CallerReference: `fuzz-${index}` }, 'InvalidationBatch');
      target = '/2020-05-31/distribution/EFUZZNOPE00001/invalidation';
    } else {
      const parsed = parseDistribution({ ...validDistribution(random, o.originPort), aliases: [`api-fuzz-${index}.localhost`] });
      if (parsed.issues) throw new Error(`the fuzzer's base distribution is invalid: ${JSON.stringify(parsed.issues)}`);
      body = toXml(model, 'DistributionConfig', { ...distributionToAws(parsed.value), CallerReference: `fuzz-${o.seed}-${index}` }, 'DistributionConfig');
      target = '/2020-05-31/distribution';
    }
    // toXml writes the declaration and CloudFront's namespace. One in five goes unmutated.
    for (let i = random() < 0.2 ? 0 : 1 + Math.floor(random() * 2); i > 0; i--) body = mutate(random, body);
    const seq = await seqOf();
    const headers = await signedHeaders({ method: 'POST', target, body, headers: { 'content-type': 'application/xml' }, key: o.key, host: new URL(o.url).host });
    const res = await get(`${o.url}${target}`, { method: 'POST', headers, body });
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const what = `${res.status} for ${JSON.stringify(body.slice(0, 200))}: ${res.text.slice(0, 200)}`;
    if (res.status >= 500) violations.push({ invariant: 'no 5xx from the CloudFront API', detail: what, seed: o.seed, index });
    if (res.status >= 400 && !/<ErrorResponse[\s>][\s\S]*<Code>\w+<\/Code>/.test(res.text)) violations.push({ invariant: "a refusal is CloudFront's error XML", detail: what, seed: o.seed, index });
    if (res.status !== 201 && (await seqOf()) !== seq) violations.push({ invariant: 'a refused request changes nothing', detail: what, seed: o.seed, index });
  }
  return { violations, statuses };
}
