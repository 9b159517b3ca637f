// Types for geoip-lite 2.0.3 (it ships none), covering lib/geoip.js's exports.
declare module 'geoip-lite' {
  /** One lookup result. Country-only data fills `country` and leaves the rest empty. */
  export interface GeoipLookup {
    /** Internal bounds of the matched block (numbers for IPv4, '' for IPv6). */
    range: [number, number] | string;
    /** ISO 3166-1 alpha-2; '' when the block has no location. */
    country: string;
    /** First-level ISO 3166-2 subdivision code, up to 3 characters; '' when unknown. */
    region: string;
    /** '1' in the EU, '0' outside, '' when unknown. */
    eu: string;
    /** IANA time zone; '' when unknown. */
    timezone: string;
    /** City name (UTF-8); '' when unknown. */
    city: string;
    /** [latitude, longitude]; [null, null] (IPv4) or [0, 0] (IPv6) without city data. */
    ll: [number | null, number | null];
    /** Metro (DMA) code, 0 when none; city data only. */
    metro?: number;
    /** Accuracy radius in km; city data only. */
    area?: number;
  }
  /** null for unknown, private or malformed addresses. */
  export function lookup(ip: string | number): GeoipLookup | null;
  export function pretty(n: string | number | number[]): string;
  export function cmp(a: number | number[], b: number | number[]): number | null;
  export function reloadDataSync(): void;
  export function reloadData(callback: (err: unknown) => void): void;
  export function clear(): void;
  export function startWatchingDataUpdate(callback: (err: unknown) => void): void;
  export function stopWatchingDataUpdate(): void;
}
