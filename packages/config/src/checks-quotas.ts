// CloudFront's quotas on how many items a list may hold (Quotas): one rule and one message
// for a distribution's lists, an account's keys and key groups, and a key group's keys.

import type { IssueSink } from './issues.ts';
import { field } from './raw.ts';

export interface ListQuota {
  key: string;
  max: number;
  what: string; // the items, plural: 'origins', 'public keys'
}

/** Reports each list of `x` longer than its quota; `scope` is what the quota is per ('distribution'). */
export function checkListQuotas(x: unknown, quotas: readonly ListQuota[], scope: string, sink: IssueSink): void {
  for (const q of quotas) {
    const list = field(x, q.key);
    if (Array.isArray(list) && list.length > q.max) {
      sink.add([q.key], `has ${list.length} ${q.what}; CloudFront allows at most ${q.max} per ${scope} (Quotas)`);
    }
  }
}
