// CloudFormation intrinsic functions in an imported template. `Ref` and `Fn::GetAtt`
// between the imported CloudFront resources become the referenced resource's local id (or a
// function's ARN), as CloudFormation would resolve them in one stack. Nothing else can be
// evaluated without a stack (parameters given at deploy time, other stacks' exports,
// conditions), so each is a warning with its path and the field is left out, or given a
// stated stand-in: a parameter's Default, a pseudo parameter's local value, the local S3 form
// of a bucket's domain name.

import { isObject, type Raw } from './model.ts';

/** What `Ref X` gives, and what `Fn::GetAtt [X, Attr]` gives per attribute. */
export interface RefTarget {
  ref: string;
  attrs: Readonly<Record<string, string>>;
}

export interface IntrinsicContext {
  targets: ReadonlyMap<string, RefTarget>;
  parameters: Raw;
  resources: Raw;
  warn(path: string, message: string): void;
}

// "Pseudo parameters reference", as they are locally (one account, us-east-1, like CloudFront's control plane).
const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::AccountId': '000000000000',
  'AWS::Region': 'us-east-1',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'cachefront',
};

/** The intrinsic function a value is (`{Ref: ...}`, `{'Fn::X': ...}`), if it is one. */
function intrinsic(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')) ? keys[0] : undefined;
}

/** `value` with every intrinsic resolved; undefined (left out) where one cannot be. Array items left out are dropped. */
export function resolveIntrinsics(value: unknown, path: string, ctx: IntrinsicContext): unknown {
  const fn = intrinsic(value);
  if (fn !== undefined) return resolveOne(fn, (value as Raw)[fn], path, ctx);
  if (Array.isArray(value)) return value.map((v, i) => resolveIntrinsics(v, `${path}[${i}]`, ctx)).filter((v) => v !== undefined);
  if (!isObject(value)) return value;
  const out: Raw = {};
  for (const [k, v] of Object.entries(value)) {
    const r = resolveIntrinsics(v, `${path}.${k}`, ctx);
    if (r !== undefined) out[k] = r;
  }
  return out;
}

function resolveOne(fn: string, arg: unknown, path: string, ctx: IntrinsicContext): unknown {
  if (fn === 'Ref' && typeof arg === 'string') {
    const target = ctx.targets.get(arg);
    if (target !== undefined) return target.ref;
    if (arg === 'AWS::NoValue') return undefined; // "removes the property": nothing to warn about
    if (PSEUDO[arg] !== undefined) {
      ctx.warn(path, `Ref ${arg} (a pseudo parameter) taken as '${PSEUDO[arg]}'`);
      return PSEUDO[arg];
    }
    const param = ctx.parameters[arg];
    if (isObject(param)) {
      if (param.Default !== undefined) {
        ctx.warn(path, `Ref ${arg} (a parameter) taken as its Default '${String(param.Default)}'`);
        return param.Default;
      }
      ctx.warn(path, `Ref ${arg} (a parameter with no Default) cannot be resolved: left out`);
      return undefined;
    }
    const other = ctx.resources[arg];
    ctx.warn(path, isObject(other) ? `Ref ${arg} (${String(other.Type)}, not imported) cannot be resolved: left out` : `Ref ${arg}: no such resource or parameter: left out`);
    return undefined;
  }
  if (fn === 'Fn::GetAtt') {
    const [res, attr] = Array.isArray(arg) ? arg.map(String) : typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : [];
    if (res !== undefined && attr !== undefined) {
      const target = ctx.targets.get(res);
      if (target?.attrs[attr] !== undefined) return target.attrs[attr];
      const other = ctx.resources[res];
      if (isObject(other) && other.Type === 'AWS::S3::Bucket' && /^(Regional)?DomainName$/.test(attr)) {
        // CDK's S3 origins: the bucket is not imported, but its name can be served by `cachefront origin --bucket`.
        const props = isObject(other.Properties) ? other.Properties : {};
        const bucket = typeof props.BucketName === 'string' ? props.BucketName : res.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
        const domain = `${bucket}.s3.us-east-1.amazonaws.com`;
        ctx.warn(path, `Fn::GetAtt ${res}.${attr} (an S3 bucket, not imported) taken as '${domain}': serve the bucket with \`cachefront origin --bucket ${bucket}=DIR\``);
        return domain;
      }
      ctx.warn(path, isObject(other) ? `Fn::GetAtt ${res}.${attr} (${String(other.Type)}) cannot be resolved locally: left out` : `Fn::GetAtt ${res}.${attr}: no such resource: left out`);
      return undefined;
    }
  }
  ctx.warn(path, `${fn} cannot be evaluated outside a CloudFormation stack: left out`);
  return undefined;
}
