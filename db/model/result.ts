/** Every call across a process boundary answers with this shape instead of throwing. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'NOT_SET_UP',
  'DB_TOO_NEW',
  'FORBIDDEN',
  'UNKNOWN_CHANNEL',
  'BUNDLE_INVALID',
  'BUNDLE_UNTRUSTED',
  'SYNC_NOT_ENROLLED',
  'HUB_UNREACHABLE',
  'HUB_REFUSED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What exactly went wrong, stable across languages: a shell says it from this and `params`
 * (renderer/i18n `error.<reason>`), never from the Indonesian sentence. An error without one
 * is said from its code.
 */
export const ERROR_REASONS = [
  'not_set_up',
  'invalid_input',
  'unknown_channel',
  'internal',
  'db_closed',
  'db_too_new',
  'province_locked',
  'province_unknown',
  'regency_outside_province',
  'regencies_unknown',
  'wilayah_not_found',
  'site_not_found',
  'site_village_unknown',
  'site_archived',
  'site_merged_no_restore',
  'merge_same_site',
  'merge_site_gone',
  'visit_not_found',
  'visit_incomplete',
  'visit_final_locked',
  'visit_already_final',
  'visit_final_no_discard',
  'draft_of_other_site',
  'finalize_blocked',
  'amend_only_final',
  'amend_kind_changed',
  'amend_nothing_changed',
  'attachment_not_found',
  'attachment_file_missing',
  'attachment_not_readable',
  'signature_locked',
  'job_not_found',
  'folder_missing',
  'no_window',
  'pdf_needs_window',
  'print_needs_desktop',
  'job_failed',
  'worker_restarted',
  'worker_gave_up',
  'app_closing',
  'db_cannot_start',
  'db_module_mismatch',
  'reply_unsendable',
  'forbidden_sender',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];
export type ErrorParams = Record<string, string | number>;

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
  | 'province_locked'
  | 'province_unknown'
  | 'regency_outside_province'
  | 'village_unknown'
  | 'file_type'
  | 'signature_respondent'
  | 'signature_officer';

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
  /** What exactly, when the core knows more than the code says; with its parameters. */
  reason?: ErrorReason;
  params?: ErrorParams;
  /** Indonesian message, ready to show (logs, the CLI); the renderer says the reason instead. */
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
    readonly detail?: { reason: ErrorReason; params?: ErrorParams },
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** An AppError with its reason (and parameters): the usual way the core refuses. */
export function refuse(code: ErrorCode, reason: ErrorReason, message: string, params?: ErrorParams, issues?: FieldIssue[]): AppError {
  return new AppError(code, message, issues, { reason, ...(params ? { params } : {}) });
}
