import type { CachePolicy } from '@cachefront/config';
import type { ViewerRequest } from './request.ts';

type Params = CachePolicy['parametersInCacheKeyAndForwardedToOrigin'];

/** A cache policy with everything off, TTLs 0/86400/31536000, overridable per test. */
export function policy(over: Partial<Omit<CachePolicy, 'parametersInCacheKeyAndForwardedToOrigin'>> & { params?: Partial<Params> } = {}): CachePolicy {
  const { params, ...rest } = over;
  return {
    id: 'test',
    name: 'test',
    comment: '',
    minTTL: 0,
    defaultTTL: 86400,
    maxTTL: 31536000,
    ...rest,
    parametersInCacheKeyAndForwardedToOrigin: {
      enableAcceptEncodingGzip: false,
      enableAcceptEncodingBrotli: false,
      headersConfig: { headerBehavior: 'none', headers: [] },
      cookiesConfig: { cookieBehavior: 'none', cookies: [] },
      queryStringsConfig: { queryStringBehavior: 'none', queryStrings: [] },
      ...params,
    },
  };
}

export function req(path: string, headers: ViewerRequest['headers'] = {}, method = 'GET'): ViewerRequest {
  const q = path.indexOf('?');
  return { method, path: q < 0 ? path : path.slice(0, q), query: q < 0 ? '' : path.slice(q + 1), headers, httpVersion: '1.1' };
}
