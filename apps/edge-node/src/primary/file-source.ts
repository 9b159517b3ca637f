import type { FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { configWarnings, formatIssues, type CachefrontConfig } from '@cachefront/config';
import { loadConfigFile, watchConfigFile } from '../config-file.ts';
import type { ConfigSink, ConfigSource, ControlPlaneHealth, VersionedConfig } from './config-source.ts';
import { ConfigError } from './errors.ts';

/** File mode: serves a config file and reloads it on change; a bad edit is logged (every issue) and ignored. */
export class FileConfigSource implements ConfigSource {
  private readonly path: string;
  private readonly log: Logger;
  private readonly debounceMs: number | undefined;
  private version = 1;
  private watcher: FSWatcher | undefined;

  constructor(path: string, log: Logger, debounceMs?: number) {
    this.path = path;
    this.log = log;
    this.debounceMs = debounceMs;
  }

  async initial(): Promise<VersionedConfig> {
    const first = await loadConfigFile(this.path);
    if (first.issues) throw new ConfigError(`${this.path} is not a valid config:\n${formatIssues(first.issues)}`);
    this.warn(first.value);
    return { config: first.value, version: this.version };
  }

  start(sink: ConfigSink): void {
    this.watcher = watchConfigFile(this.path, () => void this.reload(sink), this.debounceMs);
  }

  /** Reads the file again: a valid config goes to the workers as the next version. */
  async reload(sink: ConfigSink): Promise<void> {
    const next = await loadConfigFile(this.path);
    if (next.issues) {
      this.log.error({ file: this.path, issues: next.issues }, `config change rejected; still serving version ${this.version}:\n${formatIssues(next.issues)}`);
      return;
    }
    this.version += 1;
    this.warn(next.value);
    void sink.publishConfig(next.value, this.version);
    this.log.info({ version: this.version, distributions: next.value.distributions.length }, 'config reloaded');
  }

  /** Valid but risky settings (configWarnings: cache poisoning), each with its path. */
  private warn(config: CachefrontConfig): void {
    for (const w of configWarnings(config)) this.log.warn({ file: this.path, path: w.path }, `config warning: ${w.path}: ${w.message}`);
  }

  describe(): Record<string, unknown> {
    return { config: this.path };
  }

  health(): ControlPlaneHealth | undefined {
    return undefined;
  }

  async synced(): Promise<void> {}

  async stop(): Promise<void> {
    this.watcher?.close();
  }

  async close(): Promise<void> {}
}
