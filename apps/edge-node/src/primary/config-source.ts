import type { CachefrontConfig } from '@cachefront/config';
import type { ShieldRoute, UsageCounters } from '@cachefront/protocol';
import type { ConnectionState } from '../control/client.ts';

/** A config and its version (file mode: counts reloads; control-plane mode: the sequence number). */
export interface VersionedConfig {
  config: CachefrontConfig;
  version: number;
}

/** Where a config source hands what it learns: the worker fleet (fleet.ts). */
export interface ConfigSink {
  /** Resolves once every worker serves this config. */
  publishConfig(config: CachefrontConfig, version: number): Promise<void>;
  /** Resolves once every worker has purged these paths. */
  invalidate(seq: number, distributionId: string, paths: string[]): Promise<void>;
  /** The workers' usage counters since the last drain, summed. */
  drainUsage(): Promise<Record<string, UsageCounters>>;
  /** The control plane's Origin Shield routes (runtime/parents.ts): every worker uses them from now on. */
  setParents?(routes: ShieldRoute[]): void;
}

/** Where the edge is when the config source is a control plane: /healthz's `controlPlane`. */
export interface ControlPlaneHealth {
  url: string;
  edgeId: string;
  state: ConnectionState;
  appliedSeq: number;
  remoteSeq: number;
}

/**
 * Where the edge's config comes from: a file it watches (file-source.ts) or a control
 * plane it follows (control-plane-source.ts). The primary asks for the initial config
 * before it forks the workers, then starts the source once they serve it.
 */
export interface ConfigSource {
  /** The config to start with; throws ConfigError or StartupError (after releasing what it took). */
  initial(): Promise<VersionedConfig>;
  /** Follows changes, publishing them to the sink. `edge` says where this edge answers. */
  start(sink: ConfigSink, edge: { viewerUrl: string; adminUrl: string }): void;
  /** Fields for the "edge listening" log line. */
  describe(): Record<string, unknown>;
  /** For /healthz and /metrics; undefined unless following a control plane. */
  health(): ControlPlaneHealth | undefined;
  /** Resolves once the source's current state is applied (and acknowledged). */
  synced(): Promise<void>;
  /** Stops following changes (before the workers shut down). */
  stop(): Promise<void>;
  /** Releases what initial() took (last, after the admin server closed). */
  close(): Promise<void>;
}
