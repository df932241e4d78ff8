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

/**
 * What is wrong with a field, stable across languages: the renderer says it from this, the
 * field's label and `params`, never from the Indonesian sentence.
 */
export type IssueCode =
  // from the shape of zod's issue
  | 'required'
  | 'too_short'
  | 'too_long'
  | 'at_least'
  | 'too_many'
  | 'not_a_number'
  | 'not_whole'
  | 'negative'
  | 'too_small'
  | 'too_big'
  | 'choose'
  | 'invalid_format'
  | 'invalid'
  // rules of our own (a refine's params.code)
  | 'date_not_in_calendar'
  | 'visit_date_future'
  | 'both_coordinates'
  | 'stopped_since_required'
  | 'stopped_after_visit'
  | 'stop_reasons_required'
  | 'export_destinations_required'
  | 'kbli_division'
  | 'rupiah'
  | 'too_large'
  | 'decimal'
  | 'between'
  | 'phone'
  | 'email'
  | 'nib'
  | 'nip'
  | 'year_future'
  | 'size_class'
  | 'province_locked';

export interface FieldIssue {
  /** Dotted path of the field, e.g. "site.latitude". */
  path: string;
  /** Indonesian, ready to show. */
  message: string;
  /** What is wrong, for other languages (absent from older cores and hand-made issues). */
  code?: IssueCode;
  params?: Record<string, string | number>;
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
