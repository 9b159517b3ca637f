// Cache-key normalization: query parameter names lower-cased and sorted, so ?B=2&a=1 and
// ?a=1&b=2 are one cache entry. Repeated parameters keep all their values, in order.
// Runtime: cloudfront-js-1.0 or cloudfront-js-2.0. Event: viewer request.
// eslint-disable-next-line no-unused-vars -- CloudFront calls handler(event)
function handler(event) {
  var request = event.request;
  var original = request.querystring;
  var merged = {};
  var names = Object.keys(original);
  for (var i = 0; i < names.length; i++) {
    var name = names[i].toLowerCase();
    var entry = original[names[i]];
    var values = entry.multiValue ? entry.multiValue : [{ value: entry.value }];
    merged[name] = (merged[name] || []).concat(values);
  }
  var normalized = {};
  var sorted = Object.keys(merged).sort();
  for (var j = 0; j < sorted.length; j++) {
    var list = merged[sorted[j]];
    normalized[sorted[j]] = list.length === 1 ? { value: list[0].value } : { value: list[0].value, multiValue: list };
  }
  request.querystring = normalized;
  return request;
}
