/** Every call across a process boundary answers with this shape instead of throwing. */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'NOT_SET_UP'
  | 'DB_TOO_NEW'
  | 'FORBIDDEN'
  | 'UNKNOWN_CHANNEL'
  | 'BUNDLE_INVALID'
  | 'BUNDLE_UNTRUSTED'
  | 'SYNC_NOT_ENROLLED'
  | 'HUB_UNREACHABLE'
  | 'HUB_REFUSED'
  | 'INTERNAL';

export interface FieldIssue {
  /** Dotted path of the field, e.g. "site.latitude". */
  path: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  /** Indonesian message, ready to show. */
  message: string;
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An error the core raises on purpose; shells turn it into `{ ok: false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}
