// HTTP-date (RFC 9110 §5.6.7): generate IMF-fixdate, accept all three formats.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// obsolete asctime: Sun Nov  6 08:49:37 1994
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** Formats epoch milliseconds as an IMF-fixdate (the only format a sender may generate). */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/**
 * Parses an HTTP-date into epoch milliseconds, or undefined when it is not one.
 * `now` resolves RFC 850's two-digit years (RFC 9110 §5.6.7: a year more than
 * 50 years in the future is the most recent past year with those digits).
 */
export function parseHttpDate(value: string, now: number = Date.now()): number | undefined {
  const text = value.trim();
  let m = IMF_FIXDATE.exec(text);
  if (m) return build(Number(m[3]), m[2], m[1], m[4], m[5], m[6]);
  m = RFC_850.exec(text);
  if (m) {
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
    return build(year, m[2], m[1], m[4], m[5], m[6]);
  }
  m = ASCTIME.exec(text);
  if (m) return build(Number(m[6]), m[1], m[2], m[3], m[4], m[5]);
  return undefined;
}

function build(year: number, mon = '', day = '', h = '', min = '', s = ''): number | undefined {
  const month = MONTHS.indexOf(mon);
  const [d, hh, mm, ss] = [Number(day), Number(h), Number(min), Number(s)];
  if (month < 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  const ms = Date.UTC(year, month, d, hh, mm, Math.min(ss, 59));
  // Reject dates that rolled over (e.g. 31 Feb).
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}
