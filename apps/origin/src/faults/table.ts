// The origin's fault table: which rule (if any) a request meets, and what the listening socket should do.
import { setMaxListeners } from 'node:events';
import { isListenerMode, pathMatcher, type FaultRule, type ListenerMode } from './rules.ts';

/** What GET /_origin/faults shows of a rule: `times` is what is left of it, `expiresInMs` what is left of `forMs`. */
export type FaultView = FaultRule & { id: number; expiresInMs?: number };

/** A rule a request met, and the signal that lets requests it holds go (rule removed, table cleared). */
export interface FaultHit {
  rule: FaultRule;
  released: AbortSignal;
}

interface Entry {
  id: number;
  rule: FaultRule;
  matches: (path: string) => boolean;
  remaining?: number;
  expiresAt?: number;
  release: AbortController;
}

export class FaultTable {
  readonly #now: () => number;
  #entries: Entry[] = [];
  #nextId = 1;
  /** Aborted by clear/replace: releases requests held by any rule, including ones used up by `times`. */
  #epoch = new AbortController();
  readonly #drop = new AbortController();
  readonly #listeners = new Set<() => void | Promise<void>>();
  #settling: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(opts: { now?: () => number } = {}) {
    this.#now = opts.now ?? Date.now;
    setMaxListeners(0, this.#drop.signal);
  }

  /** Replaces every rule (held requests are released). */
  replace(rules: FaultRule[]): void {
    this.#releaseAll();
    this.#entries = [];
    for (const rule of rules) this.#insert(rule);
    this.#changed();
  }

  /** Adds one rule; a refuse/blackhole rule replaces the one in force. Returns its id. */
  add(rule: FaultRule): number {
    if (isListenerMode(rule.mode)) {
      for (const e of this.#entries) if (isListenerMode(e.rule.mode)) e.release.abort();
      this.#entries = this.#entries.filter((e) => !isListenerMode(e.rule.mode));
    }
    const id = this.#insert(rule);
    this.#changed();
    return id;
  }

  /** Removes one rule by id (its held requests are released); false when there is none. */
  remove(id: number): boolean {
    const entry = this.#entries.find((e) => e.id === id);
    if (!entry) return false;
    entry.release.abort();
    this.#entries = this.#entries.filter((e) => e !== entry);
    this.#changed();
    return true;
  }

  clear(): void {
    this.replace([]);
  }

  /**
   * The rule this request meets, using up one of its `times`: path rules in order, then global
   * ones (like CloudFront's ordered behaviors before the default one). Admin paths never get here.
   */
  take(path: string): FaultHit | undefined {
    this.#prune();
    const candidates = this.#entries.filter((e) => !isListenerMode(e.rule.mode));
    const entry = candidates.find((e) => e.rule.path !== undefined && e.matches(path)) ?? candidates.find((e) => e.rule.path === undefined);
    if (!entry) return undefined;
    if (entry.remaining !== undefined && --entry.remaining === 0) {
      this.#entries = this.#entries.filter((e) => e !== entry);
      this.#changed();
    }
    return { rule: entry.rule, released: AbortSignal.any([entry.release.signal, this.#epoch.signal]) };
  }

  /** What the listening socket should do now. */
  listenerMode(): ListenerMode | 'open' {
    this.#prune();
    const entry = this.#entries.find((e) => isListenerMode(e.rule.mode));
    return entry ? (entry.rule.mode as ListenerMode) : 'open';
  }

  list(): FaultView[] {
    this.#prune();
    const now = this.#now();
    return this.#entries.map(({ id, rule, remaining, expiresAt }) => ({
      id,
      ...rule,
      ...(remaining === undefined ? {} : { times: remaining }),
      ...(expiresAt === undefined ? {} : { expiresInMs: Math.max(0, expiresAt - now) }),
    }));
  }

  /** Called after every change (rules set, used up or expired); a returned promise is awaited by settled(). */
  onChange(listener: () => void | Promise<void>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once the change listeners (e.g. the listening socket closing or re-opening) are done. */
  async settled(): Promise<void> {
    let current;
    do {
      current = this.#settling;
      await current;
    } while (current !== this.#settling);
  }

  /** Aborted when the origin closes: requests held by a fault are dropped rather than released. */
  get dropped(): AbortSignal {
    return this.#drop.signal;
  }

  /** The origin is closing: drop held requests, stop expiry timers and change notifications. */
  dispose(): void {
    this.#drop.abort();
    clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  #insert(rule: FaultRule): number {
    const id = this.#nextId++;
    this.#entries.push({
      id,
      rule,
      matches: pathMatcher(rule.path),
      ...(rule.times === undefined ? {} : { remaining: rule.times }),
      ...(rule.forMs === undefined ? {} : { expiresAt: this.#now() + rule.forMs }),
      release: new AbortController(),
    });
    return id;
  }

  #releaseAll(): void {
    for (const e of this.#entries) e.release.abort();
    this.#epoch.abort();
    this.#epoch = new AbortController();
  }

  /** Drops rules whose forMs is over; true when any went. */
  #prune(): boolean {
    const now = this.#now();
    const expired = this.#entries.filter((e) => e.expiresAt !== undefined && e.expiresAt <= now);
    if (expired.length === 0) return false;
    for (const e of expired) e.release.abort();
    this.#entries = this.#entries.filter((e) => !expired.includes(e));
    this.#changed();
    return true;
  }

  #changed(): void {
    const results = [...this.#listeners].map((listener) => listener());
    this.#settling = Promise.allSettled([this.#settling, ...results]);
    this.#schedule();
  }

  /** One timer for the nearest forMs, so expiry happens even when no request comes. */
  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#drop.signal.aborted) return;
    const next = Math.min(...this.#entries.map((e) => e.expiresAt ?? Infinity));
    if (next === Infinity) return;
    this.#timer = setTimeout(() => this.#prune() || this.#schedule(), Math.max(0, next - this.#now()));
    this.#timer.unref();
  }
}
