import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../parse.ts';
import { functionConfigToAws, functionFromAws, keyValueStoreIdFromArn, realtimeLogConfigFromAws, realtimeLogConfigToAws } from './functions.ts';

// As `aws cloudfront describe-function` / `get-realtime-log-config` print them.
const FUNCTION_CONFIG = {
  Comment: 'redirects',
  Runtime: 'cloudfront-js-2.0',
  KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: 'arn:aws:cloudfront::000000000000:key-value-store/redirects' }] },
};
const REALTIME_LOG_CONFIG = {
  ARN: 'arn:aws:cloudfront::000000000000:realtime-log-config/sampled',
  Name: 'sampled',
  SamplingRate: 10,
  EndPoints: [{ StreamType: 'Kinesis', KinesisStreamConfig: { RoleARN: 'arn:aws:iam::000000000000:role/cf', StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/logs' } }],
  Fields: ['timestamp', 'c-ip', 'sc-status'],
};

describe('functions and real-time log configs <-> AWS', () => {
  it('a FunctionConfig and its code become a function entry the parser takes, and come back the same', () => {
    const entry = functionFromAws('redirect', FUNCTION_CONFIG, 'function handler(e) { return e.request; }');
    const parsed = parseConfig({ functions: [entry], keyValueStores: [{ id: 'redirects', data: {} }] });
    assert.deepEqual(parsed.issues, undefined);
    const fn = parsed.value!.functions[0]!;
    assert.deepEqual(fn.keyValueStoreAssociations, ['redirects']);
    assert.deepEqual(functionConfigToAws({ runtime: fn.runtime, comment: fn.comment, keyValueStoreAssociations: fn.keyValueStoreAssociations }), FUNCTION_CONFIG);
  });

  it('key value store ARNs name the store by its id; anything else is taken as the id', () => {
    const cases: [string, string][] = [
      ['arn:aws:cloudfront::000000000000:key-value-store/0a1b2c3d-0000-4000-8000-000000000000', '0a1b2c3d-0000-4000-8000-000000000000'],
      ['arn:aws:cloudfront::123456789012:key-value-store/redirects', 'redirects'],
      ['redirects', 'redirects'],
    ];
    for (const [arn, id] of cases) assert.equal(keyValueStoreIdFromArn(arn), id, arn);
  });

  it('a RealtimeLogConfig keeps its EndPoints in awsFields (parsed) and gives them back', () => {
    const entry = realtimeLogConfigFromAws(REALTIME_LOG_CONFIG);
    const parsed = parseConfig({ realtimeLogConfigs: [entry] });
    assert.deepEqual(parsed.issues, undefined);
    const config = parsed.value!.realtimeLogConfigs[0]!;
    assert.deepEqual(config.awsFields, { EndPoints: REALTIME_LOG_CONFIG.EndPoints });
    assert.deepEqual(realtimeLogConfigToAws(config), REALTIME_LOG_CONFIG);
    assert.deepEqual(realtimeLogConfigToAws({ name: 'plain', samplingRate: 1, fields: ['timestamp'] }).EndPoints, []);
  });
});
