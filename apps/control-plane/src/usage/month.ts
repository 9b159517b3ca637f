// Billing months: `YYYY-MM` in UTC, as CloudFront bills (a calendar month).

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The UTC month a time (ms since the epoch) falls in. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}
