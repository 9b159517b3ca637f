// Typed origin errors with stable codes that render themselves as JSON.

export type OriginErrorCode = 'BAD_REQUEST' | 'NOT_FOUND';

const STATUS: Record<OriginErrorCode, number> = { BAD_REQUEST: 400, NOT_FOUND: 404 };

export class OriginError extends Error {
  override name = 'OriginError';
  readonly code: OriginErrorCode;
  readonly status: number;

  constructor(code: OriginErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
  }

  toResponse(): Response {
    return Response.json({ error: this.code, message: this.message }, { status: this.status });
  }
}

export const badRequest = (message: string) => new OriginError('BAD_REQUEST', message);
export const notFound = (message = 'not found') => new OriginError('NOT_FOUND', message);
