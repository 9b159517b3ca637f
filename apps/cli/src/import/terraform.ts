// `terraform show -json` (a state, or a saved plan) -> cachefront config: its
// aws_cloudfront_* resources. A state has every id, so references between them are already
// values; a plan has no ids for resources yet to be created, so where a planned value is
// unknown, the configuration's expression says which resource it references
// (`aws_cloudfront_cache_policy.static.id`) and that resource's local id is used, as `terraform
// apply` would. Data sources are not imported (their values are already in what uses them).

import {
  cachePolicyFromAws,
  distributionFromAws,
  keyGroupFromAws,
  originAccessControlFromAws,
  originRequestPolicyFromAws,
  publicKeyFromAws,
  responseHeadersPolicyFromAws,
} from '@cachefront/config';
import { derivedDistributionId, emptyImport, functionArn, isDistributionId, isObject, type Imported, type Raw } from './model.ts';
import { tfDistributionToAws } from './tf-distribution.ts';
import {
  CACHE_POLICY_MEMBERS,
  KEY_GROUP_MEMBERS,
  ORIGIN_ACCESS_CONTROL_MEMBERS,
  ORIGIN_REQUEST_POLICY_MEMBERS,
  PUBLIC_KEY_MEMBERS,
  RESPONSE_HEADERS_POLICY_MEMBERS,
  tfPolicyToAws,
} from './tf-policies.ts';

interface Resource {
  address: string;
  type: string;
  values: Raw;
  /** Its configuration expressions (root module of a plan only). */
  expressions?: Raw;
}

/** Every managed resource of a module and its child modules. */
function resources(module: unknown): Resource[] {
  if (!isObject(module)) return [];
  const own = (Array.isArray(module.resources) ? module.resources.filter(isObject) : [])
    .filter((r) => r.mode !== 'data' && typeof r.type === 'string' && isObject(r.values))
    .map((r) => ({ address: String(r.address), type: String(r.type), values: r.values as Raw }));
  return [...own, ...(Array.isArray(module.child_modules) ? module.child_modules.flatMap(resources) : [])];
}

/** A local id for a resource with none yet (a plan): its address without the type, in the characters ids allow. */
const planId = (r: Resource): string => r.address.replace(`${r.type}.`, '').replace(/[^A-Za-z0-9_-]+/g, '-');

/** What `<address>.id` / `<address>.arn` are locally, for each imported resource. */
function localRefs(list: Resource[]): Map<string, Raw> {
  const refs = new Map<string, Raw>();
  for (const r of list) {
    const id = typeof r.values.id === 'string' && r.values.id !== '' ? r.values.id : undefined;
    if (r.type === 'aws_cloudfront_distribution') refs.set(r.address, { id: isDistributionId(id) ? id : derivedDistributionId(r.address) });
    else if (r.type === 'aws_cloudfront_function') refs.set(r.address, { id: r.values.name, arn: functionArn(String(r.values.name)) });
    else if (r.type.startsWith('aws_cloudfront_')) refs.set(r.address, { id: id ?? planId(r) });
  }
  return refs;
}

const LIST_ATTRIBUTES = new Set(['items', 'trusted_key_groups', 'key_value_store_associations']);

/**
 * Fills a plan's unknown values from the configuration's references (see the file comment).
 * Blocks are matched by their key attribute where Terraform keeps them in a set.
 */
function fillUnknown(values: unknown, expr: unknown, key: string, path: string, refs: Map<string, Raw>, warn: (p: string, m: string) => void): unknown {
  if (isObject(expr) && Array.isArray(expr.references)) {
    if (values !== undefined && values !== null) return values;
    const found = expr.references.map(String).flatMap((ref) => {
      const m = /^(.*)\.(id|arn)$/.exec(ref);
      const local = m ? refs.get(m[1]!)?.[m[2]!] : undefined;
      return local === undefined ? [] : [local];
    });
    if (found.length === 0) {
      warn(path, `unknown until apply (references ${expr.references.map(String).join(', ')}), and not to an imported resource: left out`);
      return values;
    }
    return LIST_ATTRIBUTES.has(key) ? found : found[0];
  }
  if (Array.isArray(expr) && Array.isArray(values)) {
    const keyOf = (b: unknown): unknown => (isObject(b) ? (b.origin_id ?? b.path_pattern) : undefined);
    // In the configuration the key is an expression: `{constant_value: '/api/*'}`.
    const exprKey = (x: unknown): unknown => {
      const k = keyOf(x);
      return isObject(k) ? k.constant_value : undefined;
    };
    return values.map((v, i) => {
      const k = keyOf(v);
      const e = k === undefined ? expr[i] : (expr.find((x) => exprKey(x) === k) ?? expr[i]);
      return fillUnknown(v, e, key, `${path}[${k === undefined ? i : String(k)}]`, refs, warn);
    });
  }
  if (isObject(expr) && isObject(values)) {
    const out: Raw = { ...values };
    for (const [k, e] of Object.entries(expr)) {
      const filled = fillUnknown(values[k], e, k, `${path}.${k}`, refs, warn);
      if (filled !== undefined) out[k] = filled;
    }
    return out;
  }
  return values;
}

export function importTerraform(doc: Raw): Imported {
  const out = emptyImport();
  const warn = (path: string, message: string) => out.warnings.push({ path, message });
  const isPlan = isObject(doc.planned_values);
  const list = resources(isObject(doc.planned_values) ? doc.planned_values.root_module : isObject(doc.values) ? doc.values.root_module : undefined);
  const refs = localRefs(list);
  const configs = new Map<string, Raw>();
  const root = isObject(doc.configuration) && isObject(doc.configuration.root_module) ? doc.configuration.root_module : {};
  for (const c of Array.isArray(root.resources) ? root.resources.filter(isObject) : []) if (isObject(c.expressions)) configs.set(String(c.address), c.expressions);

  for (const r of list) {
    if (!r.type.startsWith('aws_cloudfront_')) continue;
    const expr = configs.get(r.address);
    const v = (isPlan && expr ? fillUnknown(r.values, expr, '', r.address, refs, warn) : r.values) as Raw;
    const id = String(refs.get(r.address)!.id);
    switch (r.type) {
      case 'aws_cloudfront_distribution': {
        const d = distributionFromAws(tfDistributionToAws(v, r.address, warn), { id });
        out.config.distributions.push(d.distribution);
        out.sources.push(r.address);
        out.config.cachePolicies.push(...d.cachePolicies);
        out.config.originRequestPolicies.push(...d.originRequestPolicies);
        // The converter's paths are CloudFront's API names (PascalCase) after the address.
        for (const w of d.warnings) warn(`${r.address}.${w.path}`, w.message);
        break;
      }
      case 'aws_cloudfront_cache_policy':
        out.config.cachePolicies.push(cachePolicyFromAws(tfPolicyToAws(v, CACHE_POLICY_MEMBERS), id));
        break;
      case 'aws_cloudfront_origin_request_policy':
        out.config.originRequestPolicies.push(originRequestPolicyFromAws(tfPolicyToAws(v, ORIGIN_REQUEST_POLICY_MEMBERS), id));
        break;
      case 'aws_cloudfront_response_headers_policy':
        out.config.responseHeadersPolicies.push(responseHeadersPolicyFromAws(tfPolicyToAws(v, RESPONSE_HEADERS_POLICY_MEMBERS), id));
        break;
      case 'aws_cloudfront_origin_access_control':
        out.config.originAccessControls.push(originAccessControlFromAws(tfPolicyToAws(v, ORIGIN_ACCESS_CONTROL_MEMBERS), id));
        break;
      case 'aws_cloudfront_public_key':
        out.config.publicKeys.push(publicKeyFromAws(tfPolicyToAws(v, PUBLIC_KEY_MEMBERS), id));
        break;
      case 'aws_cloudfront_key_group':
        out.config.keyGroups.push(keyGroupFromAws(tfPolicyToAws(v, KEY_GROUP_MEMBERS), id));
        break;
      case 'aws_cloudfront_function':
        out.config.functions.push(importFunction(r.address, v, warn));
        break;
      default:
        warn(r.address, `${r.type} is not imported (cachefront imports distributions, cache, origin request and response headers policies, functions, key groups, public keys and origin access controls)`);
    }
  }
  return out;
}

function importFunction(address: string, v: Raw, warn: (path: string, message: string) => void): Raw {
  if (Array.isArray(v.key_value_store_associations) && v.key_value_store_associations.length > 0) {
    warn(`${address}.key_value_store_associations`, 'key value stores are not imported: left out; add the store under keyValueStores: and associate it');
  }
  if (v.publish === false) warn(`${address}.publish`, 'false: on CloudFront the code waits in DEVELOPMENT until published; a config file runs it as given');
  return {
    name: v.name,
    ...(typeof v.runtime === 'string' ? { runtime: v.runtime } : {}),
    ...(typeof v.comment === 'string' && v.comment !== '' ? { comment: v.comment } : {}),
    code: typeof v.code === 'string' ? v.code : '',
  };
}
