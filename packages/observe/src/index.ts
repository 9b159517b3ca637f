// @cachefront/observe: what the edge reports about requests. CloudFront standard access logs
// (lines and hourly gzip files), real-time log records, and Prometheus metrics.

export type { RequestRecord } from './record.ts';
export { encodeLogValue } from './log-encoding.ts';
export {
  ACCESS_LOG_FIELDS,
  accessLogHeader,
  formatAccessLogLine,
  parseAccessLogLine,
  accessLogFileName,
  type AccessLogOptions,
} from './access-log.ts';
export { REALTIME_LOG_FIELDS, realtimeFieldValues, formatRealtimeLine, isRealtimeField, sampled } from './realtime.ts';
export { mulberry32 } from './random.ts';
export {
  CounterTable,
  GaugeTable,
  HistogramTable,
  mergeSnapshots,
  type MetricTable,
  type MetricType,
  type MetricSnapshot,
  type SeriesSnapshot,
} from './metrics.ts';
export { renderExposition, escapeLabelValue, formatValue, EXPOSITION_CONTENT_TYPE } from './exposition.ts';
// A complete record for tests of code that formats or writes records.
export { sampleRecord } from './test-fixtures.ts';
export { pumpEvents, StreamHub, STREAM_KEEPALIVE_MS, Subscription } from './stream-hub.ts';
