// Typed errors with stable codes. Only loading the location data can fail; every other
// function here returns undefined or issues instead of throwing.

export type GeoErrorCode = 'GEO_DATA_MISSING' | 'GEO_CITY_DATA_MISSING' | 'GEO_DATA_UNREADABLE';

export class GeoDataError extends Error {
  override readonly name = 'GeoDataError';
  readonly code: GeoErrorCode;

  constructor(code: GeoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
