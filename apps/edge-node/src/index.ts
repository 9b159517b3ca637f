export { startEdge, ConfigError, type StartEdgeOptions, type RunningEdge } from './primary.ts';
