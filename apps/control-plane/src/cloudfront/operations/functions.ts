// CloudFront Functions (CreateFunction, DescribeFunction, GetFunction, UpdateFunction,
// PublishFunction, TestFunction, DeleteFunction, ListFunctions) on the /v1 function store
// (storage/function-store.ts): the same DEVELOPMENT and LIVE stages, validator, compiler and
// test sandbox, so a function made through either API is the same record in both. Only
// publishing (and deleting a published function) changes what edges run.

import { functionArn, functionConfigToAws, functionFromAws, MAX_FUNCTION_CODE_BYTES } from '@cachefront/config';
import { ControlPlaneError } from '../../errors.ts';
import { runFunctionTest, testInput } from '../../http/function-test.ts';
import { usesFunction } from '../../resources/references.ts';
import type { Services } from '../../services.ts';
import type { FunctionRecord, FunctionStage } from '../../storage/store.ts';
import { checkIfMatch } from '../../storage/preconditions.ts';
import { CloudFrontError } from '../errors.ts';
import { locationOf, page, type Handlers } from '../operation.ts';
import { checkTags, tagsOf } from './tagging.ts';

/** FunctionSummary.Status, as CloudFront reports it. */
function status(s: Services, f: FunctionRecord): 'UNPUBLISHED' | 'UNASSOCIATED' | 'DEPLOYED' {
  if (f.live === null) return 'UNPUBLISHED';
  return s.store.distributions.list().some((d) => usesFunction(d.config, f.id)) ? 'DEPLOYED' : 'UNASSOCIATED';
}

/** FunctionSummary of one stage. */
function summary(s: Services, f: FunctionRecord, stage: FunctionStage) {
  const code = stage === 'LIVE' && f.live !== null ? f.live : f.development;
  return {
    Name: f.id,
    Status: status(s, f),
    FunctionConfig: functionConfigToAws(code),
    FunctionMetadata: { FunctionARN: functionArn(f.id), Stage: stage, CreatedTime: new Date(f.createdTime), LastModifiedTime: new Date(f.lastModified) },
  };
}

/** The function with the stage asked for (DEVELOPMENT when none); LIVE of an unpublished function does not exist. */
function withStage(s: Services, name: unknown, stage: unknown): { f: FunctionRecord; stage: FunctionStage } {
  const f = s.store.functions.require(String(name));
  const st = (stage as FunctionStage | undefined) ?? 'DEVELOPMENT';
  if (st === 'LIVE' && f.live === null) throw new ControlPlaneError('NoSuchFunctionExists', `function ${f.id} has no LIVE stage; publish it first`);
  return { f, stage: st };
}

/** The FunctionCode blob as text; larger than CloudFront's quota is FunctionSizeLimitExceeded (413), as CloudFront answers. */
function codeOf(blob: unknown): string {
  const bytes = blob as Buffer;
  if (bytes.length > MAX_FUNCTION_CODE_BYTES) throw new CloudFrontError('FunctionSizeLimitExceeded', `the function code is ${bytes.length} bytes; CloudFront Functions are limited to ${MAX_FUNCTION_CODE_BYTES}`);
  return bytes.toString('utf8');
}

export const functionHandlers: Handlers = {
  async CreateFunction({ s, input, url, accessKeyId }) {
    const name = String(input.Name);
    const tags = tagsOf(input.Tags);
    checkTags(tags, []);
    const f = await s.store.functions.create(functionFromAws(name, input.FunctionConfig as Record<string, unknown>, codeOf(input.FunctionCode)));
    if (tags.length > 0) s.store.tags.put(functionArn(f.id), tags);
    s.log.info({ op: 'function.create', name: f.id, seq: s.store.head(), subject: accessKeyId }, `function ${f.id} created`);
    return { FunctionSummary: summary(s, f, 'DEVELOPMENT'), Location: locationOf(url, `function/${encodeURIComponent(f.id)}`), ETag: f.etag };
  },

  DescribeFunction({ s, input }) {
    const { f, stage } = withStage(s, input.Name, input.Stage);
    return { FunctionSummary: summary(s, f, stage), ETag: f.etag };
  },

  GetFunction({ s, input }) {
    const { f, stage } = withStage(s, input.Name, input.Stage);
    const code = stage === 'LIVE' ? (f.live ?? f.development) : f.development;
    return { FunctionCode: Buffer.from(code.code, 'utf8'), ETag: f.etag, ContentType: 'application/octet-stream' };
  },

  async UpdateFunction({ s, input, accessKeyId }) {
    const name = String(input.Name);
    const f = await s.store.functions.update(name, input.IfMatch as string | undefined, functionFromAws(name, input.FunctionConfig as Record<string, unknown>, codeOf(input.FunctionCode)));
    s.log.info({ op: 'function.update', name, seq: s.store.head(), subject: accessKeyId }, `function ${name} updated (DEVELOPMENT)`);
    return { FunctionSummary: summary(s, f, 'DEVELOPMENT'), ETag: f.etag };
  },

  PublishFunction({ s, input, accessKeyId }) {
    const name = String(input.Name);
    const f = s.store.functions.publish(name, input.IfMatch as string | undefined);
    s.propagation.configChanged();
    s.log.info({ op: 'function.publish', name, seq: s.store.head(), subject: accessKeyId }, `function ${name} published`);
    return { FunctionSummary: summary(s, f, 'LIVE') };
  },

  async TestFunction({ s, input }) {
    const { f, stage } = withStage(s, input.Name, input.Stage);
    // TestFunction takes the ETag it was described with, as UpdateFunction does.
    checkIfMatch(f, input.IfMatch as string | undefined, true);
    const { event, type } = testInput((input.EventObject as Buffer | undefined)?.toString('utf8'), undefined);
    const code = stage === 'LIVE' ? (f.live ?? f.development) : f.development;
    const r = await runFunctionTest(code, event, type, (id) => (s.store.kvs.get(id) === undefined ? undefined : s.store.kvs.data(id)));
    return {
      TestResult: {
        FunctionSummary: summary(s, f, stage),
        ComputeUtilization: String(r.computeUtilization),
        FunctionExecutionLogs: r.functionExecutionLogs,
        FunctionErrorMessage: r.functionErrorMessage,
        // The function's return value as JSON text, as CloudFront gives it.
        ...(r.functionOutput === null ? {} : { FunctionOutput: JSON.stringify(r.functionOutput) }),
      },
    };
  },

  DeleteFunction({ s, input, accessKeyId }) {
    const name = String(input.Name);
    const published = s.store.functions.get(name)?.live != null;
    const { seq } = s.store.functions.delete(name, input.IfMatch as string | undefined);
    s.store.tags.drop(functionArn(name));
    if (published) s.propagation.configChanged();
    s.log.info({ op: 'function.delete', name, seq, subject: accessKeyId }, `function ${name} deleted`);
    return {};
  },

  /** `Stage` LIVE: the published functions' LIVE stages; otherwise every function's DEVELOPMENT stage. */
  ListFunctions({ s, input }) {
    const stage = (input.Stage as FunctionStage | undefined) ?? 'DEVELOPMENT';
    const items = s.store.functions
      .list()
      .filter((f) => stage === 'DEVELOPMENT' || f.live !== null)
      .map((f) => summary(s, f, stage));
    return { FunctionList: page(items, (i) => i.Name, input.Marker, input.MaxItems) };
  },
};
