// Which edges exist, what each has applied, and whether it is live: heard from (stream
// connect or ack) within `timeoutMs`. In memory; times come from the caller's clock.
// docs/control-plane.md, "Edges".

import type { EdgeTier } from '@cachefront/protocol';
import type { EdgeRow } from '../storage/edge-table.ts';

export interface EdgeState extends EdgeRow {
  status: 'live' | 'down';
  /** Its event stream is open. */
  connected: boolean;
  /** Where viewers reach it (it says so when it connects), for the resolver. */
  url?: string;
  /** Its admin URL (explain, metrics), when it says. */
  adminUrl?: string;
  /** The subject of the edge token it first connected with (since this process started): only that token's holder may use the id. */
  subject?: string | undefined;
  /** Its cache tier, as it says when it connects (absent: pop, or not heard from since this process started). */
  tier?: EdgeTier;
}

/** More edges than any deployment here has; a new id beyond it is refused (each costs memory and a row). */
export const MAX_EDGES = 1000;
/** An edge down for this long is forgotten (reaped from memory and the database). */
export const DEFAULT_EDGE_REAP_MS = 24 * 60 * 60 * 1000;

export class EdgeRegistry {
  private readonly edges = new Map<string, EdgeState>();
  private readonly timeoutMs: number;

  /** `known`: edges from the database; they are down until heard from again. */
  constructor(known: readonly EdgeRow[], timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    for (const e of known) this.edges.set(e.id, { ...e, status: 'down', connected: false });
  }

  get(id: string): EdgeState | undefined {
    return this.edges.get(id);
  }

  list(): EdgeState[] {
    return [...this.edges.values()];
  }

  /**
   * Why `subject` may not act as edge `id` (another token's subject holds it; a new id
   * beyond MAX_EDGES), or undefined.
   */
  refusal(id: string, subject: string | undefined): string | undefined {
    const e = this.edges.get(id);
    if (e === undefined) return this.edges.size >= MAX_EDGES ? `at most ${MAX_EDGES} edges are registered; down edges are forgotten after a while` : undefined;
    if (e.subject !== undefined && e.subject !== subject) return `edge ${id} belongs to another edge token (subject ${e.subject})`;
    return undefined;
  }

  /** The edge opened its stream, having applied everything up to `since` (check `refusal` first). */
  connect(id: string, pop: string, since: number, now: number, url?: string, adminUrl?: string, subject?: string, tier: EdgeTier = 'pop'): EdgeState {
    const e: EdgeState = this.edges.get(id) ?? { id, pop, firstSeen: now, lastSeen: now, appliedSeq: since, status: 'live', connected: true };
    Object.assign(e, { pop, lastSeen: now, appliedSeq: since, status: 'live', connected: true });
    if (tier === 'pop') delete e.tier;
    else e.tier = tier;
    if (subject !== undefined) e.subject = subject;
    if (url !== undefined) e.url = url;
    if (adminUrl !== undefined) e.adminUrl = adminUrl;
    this.edges.set(id, e);
    return e;
  }

  disconnect(id: string): void {
    const e = this.edges.get(id);
    if (e !== undefined) e.connected = false;
  }

  /**
   * The edge applied everything up to `seq` (also its heartbeat). Returns what changed:
   * `applied` if its appliedSeq moved, `revived` if it was down.
   */
  ack(id: string, seq: number, now: number): { applied: boolean; revived: boolean } | undefined {
    const e = this.edges.get(id);
    if (e === undefined) return undefined;
    const revived = e.status === 'down';
    const applied = seq > e.appliedSeq;
    e.appliedSeq = Math.max(e.appliedSeq, seq);
    e.lastSeen = now;
    e.status = 'live';
    return { applied, revived };
  }

  /** Marks down every live edge not heard from within the timeout; returns them. */
  sweep(now: number): EdgeState[] {
    const down: EdgeState[] = [];
    for (const e of this.edges.values()) {
      if (e.status === 'live' && now - e.lastSeen > this.timeoutMs) {
        e.status = 'down';
        down.push(e);
      }
    }
    return down;
  }

  /** Forgets the edges down and not heard from for `reapMs`; returns their ids. */
  reap(now: number, reapMs: number): string[] {
    const gone: string[] = [];
    for (const e of this.edges.values()) {
      if (e.status === 'down' && !e.connected && now - e.lastSeen > reapMs) {
        this.edges.delete(e.id);
        gone.push(e.id);
      }
    }
    return gone;
  }

  /**
   * The seq every live edge has applied: a change at or before it is everywhere. With no
   * live edge nothing holds a change back (Infinity).
   */
  appliedByAll(): number {
    return this.appliedBy(() => true);
  }

  /** The same, over the live edges `counts` accepts (those in a distribution's price class). */
  appliedBy(counts: (e: EdgeState) => boolean): number {
    let min = Infinity;
    for (const e of this.edges.values()) if (e.status === 'live' && counts(e)) min = Math.min(min, e.appliedSeq);
    return min;
  }

  counts(): { live: number; down: number } {
    let live = 0;
    for (const e of this.edges.values()) if (e.status === 'live') live++;
    return { live, down: this.edges.size - live };
  }
}
