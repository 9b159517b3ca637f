// /v1/functions (docs/control-plane.md, "Functions"): CloudFront Functions with a
// DEVELOPMENT and a LIVE stage; publishing is what reaches the edges.

import { functionArn } from '@cachefront/config';
import { Hono } from 'hono';
import type { Services } from '../../services.ts';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ControlPlaneError } from '../../errors.ts';
import { isRecord } from '../../is-record.ts';
import { runFunctionTest, testInput } from '../function-test.ts';
import { ifMatch, location, readJson } from '../request.ts';
import { usesFunction } from '../../resources/references.ts';
import type { FunctionRecord, FunctionStage } from '../../storage/store.ts';
import { functionSummary, functionView, list, type FunctionStatus } from '../views.ts';

export function functionRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  const status = (f: FunctionRecord): FunctionStatus => {
    if (f.live === null) return 'UNPUBLISHED';
    return s.store.distributions.list().some((d) => usesFunction(d.config, f.id)) ? 'DEPLOYED' : 'UNASSOCIATED';
  };
  const stageOf = (raw: string | undefined): FunctionStage => {
    if (raw === undefined || raw === 'DEVELOPMENT' || raw === 'LIVE') return raw ?? 'DEVELOPMENT';
    throw new ControlPlaneError('InvalidArgument', `stage must be DEVELOPMENT or LIVE (got '${raw}')`, { issues: [{ path: 'stage', message: 'must be DEVELOPMENT or LIVE' }] });
  };
  /** The function with the stage asked for; LIVE of an unpublished function does not exist. */
  const withStage = (name: string, stage: FunctionStage): FunctionRecord => {
    const f = s.store.functions.require(name);
    if (stage === 'LIVE' && f.live === null) throw new ControlPlaneError('NoSuchFunctionExists', `function ${name} has no LIVE stage; publish it first`);
    return f;
  };

  r.post('/', async (c) => {
    const f = await s.store.functions.create(await readJson(c));
    s.log.info({ op: 'function.create', name: f.id, seq: s.store.head(), subject: c.get('subject') }, `function ${f.id} created`);
    return c.json(functionView(f, 'DEVELOPMENT', status(f)), 201, { Location: location(c, `/v1/functions/${encodeURIComponent(f.id)}`), ETag: f.etag });
  });

  r.get('/', (c) => c.json(list(s.store.functions.list().map((f) => functionSummary(f, status(f))))));

  r.get('/:name', (c) => {
    const stage = stageOf(c.req.query('stage'));
    const f = withStage(c.req.param('name'), stage);
    return c.json(functionView(f, stage, status(f)), 200, { ETag: f.etag });
  });

  r.put('/:name', async (c) => {
    const name = c.req.param('name');
    const body = await readJson(c);
    const f = await s.store.functions.update(name, ifMatch(c), body);
    s.log.info({ op: 'function.update', name, seq: s.store.head(), subject: c.get('subject') }, `function ${name} updated (DEVELOPMENT)`);
    return c.json(functionView(f, 'DEVELOPMENT', status(f)), 200, { ETag: f.etag });
  });

  r.post('/:name/publish', (c) => {
    const name = c.req.param('name');
    const f = s.store.functions.publish(name, ifMatch(c));
    s.propagation.configChanged();
    s.log.info({ op: 'function.publish', name, seq: s.store.head(), subject: c.get('subject') }, `function ${name} published`);
    return c.json(functionView(f, 'LIVE', status(f)), 200, { ETag: f.etag });
  });

  r.delete('/:name', (c) => {
    const name = c.req.param('name');
    const published = s.store.functions.get(name)?.live != null;
    const { seq } = s.store.functions.delete(name, ifMatch(c));
    // Its tags (CloudFront API, TagResource) go with it.
    s.store.tags.drop(functionArn(name));
    if (published) s.propagation.configChanged();
    s.log.info({ op: 'function.delete', name, seq, subject: c.get('subject') }, `function ${name} deleted`);
    return c.body(null, 204);
  });

  // TestFunction: `{stage?, eventObject, eventType?}`.
  r.post('/:name/test', async (c) => {
    const body = await readJson(c);
    const b = isRecord(body) ? body : {};
    const stage = stageOf(b.stage === undefined ? undefined : String(b.stage));
    const f = withStage(c.req.param('name'), stage);
    const { event, type } = testInput(b.eventObject, b.eventType);
    const code = stage === 'LIVE' ? f.live! : f.development;
    const result = await runFunctionTest(code, event, type, (id) => (s.store.kvs.get(id) === undefined ? undefined : s.store.kvs.data(id)));
    return c.json(result, 200);
  });

  return r;
}
