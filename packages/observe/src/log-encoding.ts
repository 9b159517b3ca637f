// Value encoding shared by standard and real-time logs.
//
// CloudFront developer guide, "Standard log file format": field values contain URL-encoded
// equivalents (RFC 1738 %XX, upper-case hex) for ASCII codes 0 through 32 inclusive, codes
// 127 and higher, and the characters < > " # % { } | \ ^ ~ [ ] ` ' (the doc's table).
// Everything else, `;`, `(`, `,`, `&`, `=` and `/` included, is written as is (see the
// doc's example User-Agent `Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)`).
// Encoding codes 0-32 is also what keeps tabs and newlines out of the tab-separated line.

/** The doc's table of characters written as %XX. */
const TABLE = '<>"#%{}|\\^~[]`\'';

const HEX = '0123456789ABCDEF';

/** ENCODE[c] is 1 when ASCII char code c must be written as %XX: codes 0-32, 127, the table. */
const ENCODE = new Uint8Array(128);
for (let c = 0; c < 128; c++) ENCODE[c] = c <= 0x20 || c === 0x7f || TABLE.includes(String.fromCharCode(c)) ? 1 : 0;

function needsEncoding(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80 || ENCODE[c] === 1) return true;
  }
  return false;
}

function pct(byte: number): string {
  return '%' + HEX[byte >> 4] + HEX[byte & 15];
}

/**
 * Encodes one field value. A char up to U+00FF stands for the byte of the same value (the
 * way node:http delivers header bytes); a char above U+00FF cannot come from the wire and is
 * encoded as its UTF-8 bytes (a lone surrogate as U+FFFD's).
 */
export function encodeLogValue(value: string): string {
  if (!needsEncoding(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80 && ENCODE[c] === 0) {
      out += value[i];
    } else if (c <= 0xff) {
      out += pct(c);
    } else {
      if (c >= 0xd800 && c <= 0xdbff) {
        const low = value.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
        } else {
          c = 0xfffd;
        }
      } else if (c >= 0xdc00 && c <= 0xdfff) {
        c = 0xfffd;
      }
      out += utf8(c);
    }
  }
  return out;
}

function utf8(cp: number): string {
  if (cp < 0x800) return pct(0xc0 | (cp >> 6)) + pct(0x80 | (cp & 63));
  if (cp < 0x10000) return pct(0xe0 | (cp >> 12)) + pct(0x80 | ((cp >> 6) & 63)) + pct(0x80 | (cp & 63));
  return (
    pct(0xf0 | (cp >> 18)) + pct(0x80 | ((cp >> 12) & 63)) + pct(0x80 | ((cp >> 6) & 63)) + pct(0x80 | (cp & 63))
  );
}

/** A string field: `-` when absent or empty, else encoded. */
export function text(value: string | undefined): string {
  return value === undefined || value === '' ? '-' : encodeLogValue(value);
}

/** An integer field (bytes, ports, lengths): `-` when absent or not a finite number. */
export function int(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '-' : String(Math.trunc(value));
}

/** Seconds "to the thousandth of a second, for example, 0.082" (time-taken). */
export function seconds(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '-' : Math.max(0, value).toFixed(3);
}

/** sc-status: `000` when the viewer closed the connection before the server could respond. */
export function status(value: number): string {
  return value > 0 ? String(value) : '000';
}

/** When the server finished responding (request arrival + time-taken), in ms since epoch. */
export function finishedAt(r: { timestamp: number; timeTaken: number }): number {
  return r.timestamp + (Number.isFinite(r.timeTaken) && r.timeTaken > 0 ? Math.round(r.timeTaken * 1000) : 0);
}
