export { startEdge, ConfigError, StartupError, type StartEdgeOptions, type RunningEdge } from './primary.ts';
