'use strict';
// viewer-request with includeBody: a "subscribe" form answered at the edge, the origin never
// sees it. POST /subscribe with an application/x-www-form-urlencoded body gets a generated
// response: 200 with a thank-you page, 400 for a missing or malformed email, 413 when the body
// was larger than CloudFront exposes (inputTruncated). Other requests pass through.
// Callback style: (event, context, callback).
const querystring = require('node:querystring');

const page = (status, statusDescription, text) => ({
  status: String(status),
  statusDescription,
  headers: {
    'content-type': [{ key: 'Content-Type', value: 'text/html; charset=utf-8' }],
    'cache-control': [{ key: 'Cache-Control', value: 'no-store' }],
  },
  body: `<!doctype html><title>${statusDescription}</title><p>${text}</p>`,
});

exports.handler = (event, context, callback) => {
  const request = event.Records[0].cf.request;
  if (request.method !== 'POST' || request.uri !== '/subscribe') return callback(null, request);
  if (!request.body) return callback(null, page(400, 'Bad Request', 'No body: the association needs includeBody.'));
  if (request.body.inputTruncated) return callback(null, page(413, 'Payload Too Large', 'The form is too large.'));
  const text = Buffer.from(request.body.data, request.body.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  const form = querystring.parse(text);
  const email = typeof form.email === 'string' ? form.email.trim() : '';
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) return callback(null, page(400, 'Bad Request', 'Please give a valid email address.'));
  console.log(`subscribed ${email} (request ${context.awsRequestId})`);
  callback(null, page(200, 'OK', `Thanks, ${email.replace(/[&<>"']/g, '')}: you are subscribed.`));
};
