/**
 * The demo distribution `cachefront dev` serves: one behavior per thing worth seeing.
 *   /          default behavior, CachingOptimized: long TTL (origin files send no Cache-Control),
 *              compressed at the edge, security headers (Managed-SecurityHeadersPolicy)
 *   /api/*     CachingDisabled + AllViewerExceptHostHeader, to the origin's /echo (never cached),
 *              CORS with preflight (Managed-CORS-With-Preflight)
 *   /account/* HTTPS only for viewers: plain HTTP gets CloudFront's 301 (redirect-to-https)
 *   /bytes/*   a local policy that keys on the `v` query string only
 *   /hello/*   cached on the path only, but its origin request policy forwards Accept-Language
 *   /private/* signed URLs or cookies required (trusted key group with the demo key)
 *   /signed-demo*  the signed-URL demo page (origin app), not cached, all viewer headers
 *                  and cookies forwarded, so it is same-origin with /private/*
 * and a second distribution, spa.localhost: the single-page app in examples/site/, from a
 * private bucket of the origin's S3 mode, read with origin access control (SigV4), a
 * viewer-request function rewriting client routes to /index.html and a 403 -> /index.html
 * 200 custom error response for missing files.
 */
export const DEMO_KEY_PAIR_ID = 'KDEMO000000001';
export const DEMO_DISTRIBUTION_ID = 'EDEMO00000001';
export const SPA_DISTRIBUTION_ID = 'EDEMOSPA00001';
/** The origin's private bucket the SPA distribution reads (examples/site/). */
export const SPA_BUCKET = 'site';

export function demoConfig(originPort: number, demoPublicKey: string, spaRewriteCode: string): string {
  return `# cachefront dev: the demo config, applied through the control plane's API. As a file,
# \`cachefront edge --config\` serves it too (and reloads it when it changes).
distributions:
  - id: ${DEMO_DISTRIBUTION_ID}
    comment: cachefront demo
    aliases: [demo.localhost]
    defaultRootObject: index.html
    # Standard logs: every edge writes CloudFront-format files under <its state dir>/logs/demo/.
    logging: { enabled: true, prefix: demo/ }
    origins:
      - id: site
        domainName: 127.0.0.1
        customOriginConfig: { httpPort: ${originPort}, originProtocolPolicy: http-only }
      - id: api
        domainName: 127.0.0.1
        originPath: /echo
        customOriginConfig: { httpPort: ${originPort}, originProtocolPolicy: http-only }
        customHeaders: { x-origin-secret: s3cr3t }
    defaultCacheBehavior:
      targetOriginId: site
      cachePolicyId: Managed-CachingOptimized
      realtimeLogConfigName: demo-tail
      # Brotli/gzip at the edge, and HSTS, nosniff, frame and referrer headers on every answer.
      compress: true
      responseHeadersPolicyId: Managed-SecurityHeadersPolicy
    cacheBehaviors:
      - pathPattern: /api/*
        targetOriginId: api
        realtimeLogConfigName: demo-tail
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: Managed-AllViewerExceptHostHeader
        # CORS for any origin, preflights answered at the edge.
        responseHeadersPolicyId: Managed-CORS-With-Preflight
        allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
      - pathPattern: /account/*
        targetOriginId: api
        realtimeLogConfigName: demo-tail
        cachePolicyId: Managed-CachingDisabled
        # Over plain HTTP, GET and HEAD get a 301 to the edge's HTTPS port (other methods a 403).
        viewerProtocolPolicy: redirect-to-https
        responseHeadersPolicyId: Managed-SecurityHeadersPolicy
      - pathPattern: /bytes/*
        targetOriginId: site
        realtimeLogConfigName: demo-tail
        cachePolicyId: version-in-key
      - pathPattern: /hello/*
        targetOriginId: api
        realtimeLogConfigName: demo-tail
        cachePolicyId: Managed-CachingOptimized
        originRequestPolicyId: forward-language
      - pathPattern: /private/*
        targetOriginId: site
        realtimeLogConfigName: demo-tail
        cachePolicyId: Managed-CachingOptimized
        trustedKeyGroups: [demo-signers]
      - pathPattern: /signed-demo*
        targetOriginId: site
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: Managed-AllViewer
        allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]

  - id: ${SPA_DISTRIBUTION_ID}
    comment: cachefront SPA demo (private S3 bucket, origin access control)
    aliases: [spa.localhost]
    defaultRootObject: index.html
    origins:
      # A private bucket of \`cachefront origin --bucket ${SPA_BUCKET}=examples/site --private ${SPA_BUCKET}\`:
      # edges send S3 origins' requests to it (--s3-endpoint) and sign them (--s3-credentials).
      - id: bucket
        domainName: ${SPA_BUCKET}.s3.localhost
        s3OriginConfig: { originAccessIdentity: "" }
        originAccessControlId: demo-oac
    defaultCacheBehavior:
      targetOriginId: bucket
      cachePolicyId: Managed-CachingOptimized
      compress: true
      viewerProtocolPolicy: allow-all
      # Client routes (no file extension) are the app: examples/functions/spa-rewrite.js.
      functionAssociations: [{ eventType: viewer-request, functionName: spa-rewrite }]
    # A missing file is a 403 from the private bucket (its signers may not list it): serve the app.
    customErrorResponses:
      - { errorCode: 403, responsePagePath: /index.html, responseCode: 200, errorCachingMinTTL: 10 }

originAccessControls:
  - id: demo-oac
    name: demo-oac
    description: the edges sign the SPA bucket's requests
    signingBehavior: always

functions:
  - name: spa-rewrite
    comment: client routes to /index.html (examples/functions/spa-rewrite.js)
    code: |
${spaRewriteCode.trimEnd().split('\n').map((l) => `      ${l}`).join('\n')}

# Real-time logs: every request of these behaviors streams to the control plane
# (\`cachefront logs --follow\`, the dashboard's live tail).
realtimeLogConfigs:
  - name: demo-tail
    samplingRate: 100
    fields: [timestamp, x-edge-location, c-ip, c-country, cs-method, cs-host, cs-uri-stem, cs-uri-query, sc-status, x-edge-result-type, x-edge-detailed-result-type, time-taken, time-to-first-byte, sc-bytes, cache-behavior-path-pattern]

publicKeys:
  - id: ${DEMO_KEY_PAIR_ID}
    name: cachefront-demo
    comment: the signed-URL demo's key (private half in the dev data dir)
    encodedKey: |
${demoPublicKey.trim().split('\n').map((l) => `      ${l}`).join('\n')}

keyGroups:
  - id: demo-signers
    name: demo-signers
    items: [${DEMO_KEY_PAIR_ID}]

cachePolicies:
  - id: version-in-key
    comment: only ?v= is part of the cache key
    minTTL: 0
    defaultTTL: 3600
    maxTTL: 86400
    parametersInCacheKeyAndForwardedToOrigin:
      enableAcceptEncodingGzip: true
      enableAcceptEncodingBrotli: true
      headersConfig: { headerBehavior: none }
      cookiesConfig: { cookieBehavior: none }
      queryStringsConfig: { queryStringBehavior: whitelist, queryStrings: [v] }

originRequestPolicies:
  - id: forward-language
    comment: the origin sees Accept-Language and the viewer's country, the cache key does not
    headersConfig: { headerBehavior: whitelist, headers: [accept-language, CloudFront-Viewer-Country] }
    cookiesConfig: { cookieBehavior: none }
    queryStringsConfig: { queryStringBehavior: none }
`;
}

export function demoCurls(edgeUrl: string, pop = 'DEV1'): string {
  const c = (args: string, path: string) => `  curl ${args} -H 'Host: demo.localhost' '${edgeUrl}${path}'`;
  return `
cachefront is running. Edge ${pop}: ${edgeUrl}. Try (run each twice: X-Cache goes Miss -> Hit):

  # long-TTL static content (CachingOptimized)
${c('-sI', '/')} | grep -i x-cache
  # an API path on CachingDisabled: always Miss, every request reaches the origin
${c('-s -D- -o /dev/null', '/api/users')} | grep -i x-cache
  # /account/* is redirect-to-https: plain HTTP gets a 301 to the edge's HTTPS port
${c('-sI', '/account/profile')} | grep -iE '^(HTTP|location)'
  # keyed on one query string: ?v=1&x=1 then ?v=1&x=2 is a Hit, ?v=2 a Miss
${c('-sI', '/bytes/1024?v=1&x=1')} | grep -i x-cache
  # Accept-Language reaches the origin but is not in the key: the 2nd answer still says "en"
${c("-s -H 'Accept-Language: en'", '/hello/world')} | grep -o '"accept-language":"[^"]*"'
${c("-s -H 'Accept-Language: fr'", '/hello/world')} | grep -o '"accept-language":"[^"]*"'
  # unknown host: CloudFront's 403
  curl -sI -H 'Host: nope.example' '${edgeUrl}/' | head -1
`;
}
