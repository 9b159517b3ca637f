import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Origin } from '@cachefront/config';
import type { ShieldRoute } from '@cachefront/protocol';
import { chooseParent, ParentTiers, routeKey, type ParentChoice } from './parents.ts';

const SHIELD = { edgeId: 'iad-shield', url: 'http://127.0.0.1:8090' };
const origin = (id: string, originShield?: Origin['originShield']) => ({ id, ...(originShield === undefined ? {} : { originShield }) });
const routes = (...list: ShieldRoute[]) => new Map(list.map((r) => [routeKey(r.distributionId, r.originId), r]));
const NO_SHIELD_LIVE = 'no shield edge (--tier shield in a POP of us-east-1) is live at the control plane';
const NONE_NAMED = 'no shield edge named for it: the control plane names one (an edge serving a config file needs --parent)';

describe('chooseParent', () => {
  const inUsEast1 = origin('app', { enabled: true, originShieldRegion: 'us-east-1' });
  const routed = routes({ distributionId: 'E1', originId: 'app', region: 'us-east-1', shield: SHIELD });
  /** [name, --parent, routes, distribution, origin, choice] */
  const table: [string, string | undefined, Map<string, ShieldRoute>, string, ReturnType<typeof origin>, ParentChoice][] = [
    ['no Origin Shield, no --parent: the origin', undefined, routed, 'E1', origin('plain'), { kind: 'origin' }],
    ['Origin Shield disabled: the origin', undefined, routed, 'E1', origin('app', { enabled: false, originShieldRegion: 'us-east-1' }), { kind: 'origin' }],
    ['Origin Shield with a live shield edge: through it', undefined, routed, 'E1', inUsEast1, { kind: 'parent', url: SHIELD.url, via: 'shield', region: 'us-east-1', edgeId: SHIELD.edgeId }],
    ['--parent overrides the Origin Shield', 'http://127.0.0.1:7000', routed, 'E1', inUsEast1, { kind: 'parent', url: 'http://127.0.0.1:7000', via: 'flag' }],
    ['--parent applies to origins without one too', 'http://127.0.0.1:7000', routes(), 'E1', origin('plain'), { kind: 'parent', url: 'http://127.0.0.1:7000', via: 'flag' }],
    ['no shield edge live in the Region: the origin, and why', undefined, routes({ distributionId: 'E1', originId: 'app', region: 'us-east-1' }), 'E1', inUsEast1, { kind: 'origin', shieldless: { region: 'us-east-1', reason: NO_SHIELD_LIVE } }],
    ['no route (file mode, or not sent yet): the origin, and why', undefined, routes(), 'E1', inUsEast1, { kind: 'origin', shieldless: { region: 'us-east-1', reason: NONE_NAMED } }],
    ['a route of another distribution is not this one', undefined, routed, 'E2', inUsEast1, { kind: 'origin', shieldless: { region: 'us-east-1', reason: NONE_NAMED } }],
    [
      "a route for another Region (the config changed, the routes not yet): not used",
      undefined,
      routed,
      'E1',
      origin('app', { enabled: true, originShieldRegion: 'eu-west-1' }),
      { kind: 'origin', shieldless: { region: 'eu-west-1', reason: NONE_NAMED } },
    ],
  ];
  for (const [name, flag, r, dist, o, want] of table) it(name, () => assert.deepEqual(chooseParent(flag, r, dist, o), want));
});

describe('ParentTiers', () => {
  const o = origin('app', { enabled: true, originShieldRegion: 'us-east-1' });

  it('one pool per shield URL; closed once no route names it', async () => {
    const p = new ParentTiers(undefined);
    assert.equal(p.any, false);
    assert.equal(p.for('E1', o), undefined);
    p.setRoutes([
      { distributionId: 'E1', originId: 'app', region: 'us-east-1', shield: SHIELD },
      { distributionId: 'E2', originId: 'app', region: 'us-east-1', shield: SHIELD },
    ]);
    assert.equal(p.any, true);
    const pool = p.for('E1', o);
    assert.equal(pool?.url, SHIELD.url);
    assert.equal(p.for('E2', o), pool, 'origins sharing a shield share its pool');
    p.setRoutes([{ distributionId: 'E1', originId: 'app', region: 'us-east-1' }]);
    assert.equal(p.any, false);
    assert.equal(p.for('E1', o), undefined);
    await p.close();
  });

  it('a shield edge ignores routes (it fetches from the origin)', async () => {
    const p = new ParentTiers(undefined, false);
    p.setRoutes([{ distributionId: 'E1', originId: 'app', region: 'us-east-1', shield: SHIELD }]);
    assert.equal(p.for('E1', o), undefined);
    await p.close();
  });
});
