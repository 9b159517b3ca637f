import type { Logger } from 'pino';
import { formatIssues, parseConfig } from '@cachefront/config';
import type { EdgeTier, RealtimeEntry, ShieldRoute } from '@cachefront/protocol';
import { ControlClient, EMPTY_CONFIG, type ControlEvent } from '../control/client.ts';
import { loadState, lockStateDir, saveState, type EdgeState } from '../control/state.ts';
import type { ConfigSink, ConfigSource, ControlPlaneHealth, VersionedConfig } from './config-source.ts';
import { StartupError } from './errors.ts';
import { shieldNotes } from './shield-notes.ts';
import { UsageOutbox } from './usage-drain.ts';

export interface ControlPlaneSourceOptions {
  url: string;
  token: string;
  /** Holds this edge's identity and last applied config (control/state.ts); locked while the edge runs. */
  stateDir: string;
  pop: string;
  /** `--tier`: told to the control plane (a shield edge is its POP Region's Origin Shield). */
  tier?: EdgeTier;
  log: Logger;
}

/**
 * Control-plane mode: serves the last config applied (static stability) until the control
 * plane answers, then applies its configs and invalidations in order, saving each to the
 * state dir before the ack. Usage counters travel with the acks.
 */
export class ControlPlaneConfigSource implements ConfigSource {
  private readonly o: ControlPlaneSourceOptions;
  private state: EdgeState | undefined;
  private unlock: (() => Promise<void>) | undefined;
  private client: ControlClient | undefined;

  constructor(o: ControlPlaneSourceOptions) {
    this.o = o;
  }

  async initial(): Promise<VersionedConfig> {
    let state: EdgeState;
    try {
      this.unlock = await lockStateDir(this.o.stateDir);
      state = await loadState(this.o.stateDir, this.o.pop);
    } catch (err) {
      await this.close();
      throw new StartupError((err as Error).message);
    }
    this.state = state;
    // Static stability: serve the last applied config until the control plane answers.
    return { config: state.config ?? EMPTY_CONFIG, version: state.seq };
  }

  start(sink: ConfigSink, edge: { viewerUrl: string; adminUrl: string }): void {
    const st = this.loaded();
    const { log, pop } = this.o;
    const apply = async (ev: ControlEvent): Promise<void> => {
      if (ev.type === 'config') {
        const parsed = parseConfig(ev.config);
        if (parsed.issues) {
          // Never expected (the control plane validates): keep serving, do not ack.
          log.error({ seq: ev.seq, issues: parsed.issues }, `control plane sent a config this edge cannot use:\n${formatIssues(parsed.issues)}`);
          throw new Error(`config seq ${ev.seq} rejected`);
        }
        await sink.publishConfig(parsed.value, ev.seq);
        st.config = parsed.value;
        log.info({ seq: ev.seq, distributions: parsed.value.distributions.length }, 'config applied');
      } else {
        await sink.invalidate(ev.seq, ev.distributionId, ev.paths);
        log.info({ seq: ev.seq, invalidation: ev.id, distribution: ev.distributionId, paths: ev.paths.length }, 'invalidation applied');
      }
      st.seq = ev.seq;
      await saveState(this.o.stateDir, st);
    };
    // Usage counters travel with acks: drained from every worker, kept until delivered.
    const outbox = new UsageOutbox(() => sink.drainUsage());
    const ackExtras = async () => {
      const { usage, failed } = await outbox.take();
      return { body: Object.keys(usage).length > 0 ? { usage } : {}, failed };
    };
    // Origin Shield routes: to every worker; a change is logged once per origin.
    let routes: ShieldRoute[] = [];
    const parents = (next: ShieldRoute[]) => {
      for (const n of shieldNotes(routes, next)) log[n.level](n.fields, n.message);
      routes = next;
      sink.setParents?.(next);
    };
    const url = this.o.url.replace(/\/+$/, '');
    this.client = new ControlClient({ url, token: this.o.token, edgeId: st.edgeId, pop, since: st.seq, log, apply, ackExtras, viewerUrl: edge.viewerUrl, adminUrl: edge.adminUrl, tier: this.o.tier, parents });
    this.client.start();
  }

  /** Sends sampled real-time log entries to the control plane; false when not delivered (or not started). */
  postLogs(entries: RealtimeEntry[]): Promise<boolean> {
    return this.client ? this.client.postLogs(entries) : Promise.resolve(false);
  }

  describe(): Record<string, unknown> {
    return { controlPlane: this.o.url, stateDir: this.o.stateDir, edgeId: this.state?.edgeId, seq: this.state?.seq };
  }

  health(): ControlPlaneHealth | undefined {
    const c = this.client;
    return c && { url: this.o.url, edgeId: this.loaded().edgeId, state: c.state, appliedSeq: c.seq, remoteSeq: c.remoteSeq };
  }

  /** Resolves once the edge has acked the control plane's current state. */
  async synced(): Promise<void> {
    const c = this.client;
    if (!c) return;
    while (c.state !== 'connected' || c.seq < c.remoteSeq) await c.nextAck();
  }

  async stop(): Promise<void> {
    await this.client?.stop();
  }

  async close(): Promise<void> {
    await this.unlock?.();
  }

  private loaded(): EdgeState {
    if (!this.state) throw new Error('ControlPlaneConfigSource: initial() first');
    return this.state;
  }
}
