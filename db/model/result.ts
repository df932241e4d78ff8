/** Every call across a process boundary answers with this shape instead of throwing. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'NOT_SET_UP',
  'DB_TOO_NEW',
  'DB_DAMAGED',
  'DB_WRONG_KEY',
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
  'merge_not_found',
  'distinct_not_found',
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
  'attachment_file_not_regular',
  'attachment_file_corrupt',
  'attachment_not_readable',
  'signature_locked',
  'office_rule_from_hub',
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
  'print_failed',
  'save_dialog_failed',
  // import of a site list
  'import_file_type',
  'import_csv_too_large',
  'import_xlsx_too_large',
  'import_not_xlsx',
  'import_xlsx_damaged',
  'import_xlsx_unpacked_too_large',
  'import_xlsx_no_sheet',
  'import_xlsx_unsafe_name',
  'import_xlsx_text_too_long',
  'import_csv_not_utf8',
  'import_csv_utf16',
  'import_csv_not_text',
  'import_csv_unreadable',
  'import_row_too_wide',
  'import_row_too_long',
  'import_cell_too_long',
  'import_no_data',
  'import_header_only',
  'import_header_line',
  'import_xls_old',
  'import_row_gone',
  'import_too_many_rows',
  'import_too_many_cells',
  'import_file_gone',
  'import_mapping_columns',
  'import_name_unmapped',
  // sync bundles
  'bundle_too_large',
  'bundle_too_many_entries',
  'bundle_unknown_entry',
  'bundle_damaged',
  'bundle_not_a_bundle',
  'bundle_manifest_unreadable',
  'bundle_signature_mismatch',
  'bundle_untrusted',
  'bundle_other_peer',
  'bundle_part_missing',
  'bundle_part_altered',
  'bundle_messages_invalid',
  'bundle_clock_ahead',
  // sync with the hub
  'conflict_not_found',
  'hub_url_missing',
  'sync_not_enrolled',
  'hub_unreachable',
  'hub_device_unknown',
  'hub_device_revoked',
  'hub_enrollment_invalid',
  'hub_clock_ahead',
  'hub_too_large',
  'hub_busy',
  'hub_request_invalid',
  'hub_blob_mismatch',
  'hub_not_found',
  'hub_internal',
  'hub_refused',
  'hub_answer_invalid',
  'sync_failed',
  // backups, restore and the start-up check
  'db_damaged',
  'backup_not_found',
  'backup_damaged',
  'backup_too_new',
  'backup_running',
  'restore_running',
  // follow-ups and review (issue 18)
  'follow_up_not_found',
  'review_not_supervisor',
  'review_own_visit',
  'review_not_final',
  'review_comment_required',
  // encryption at rest
  'db_wrong_key',
  'db_key_needed',
  'db_passphrase_short',
  // sentra and kawasan (issue 18)
  'sentra_not_found',
  'sentra_regency_unknown',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];
export type ErrorParams = Record<string, string | number>;

/**
 * What is wrong with a field, stable across languages: the renderer says it from this, the
 * field's label and `params` (the words are in ./issue-text.ts), never from the Indonesian sentence.
 */
export const ISSUE_CODES = [
  // from the shape of zod's issue
  'required',
  'too_short',
  'too_long',
  'at_least',
  'too_many',
  'not_a_number',
  'not_whole',
  'negative',
  'too_small',
  'too_big',
  'choose',
  'invalid_format',
  'invalid',
  // rules of our own (a refine's params.code)
  'date_not_in_calendar',
  'visit_date_future',
  'both_coordinates',
  'stopped_since_required',
  'stopped_after_visit',
  'stop_reasons_required',
  'export_destinations_required',
  'kbli_division',
  'rupiah',
  'too_large',
  'decimal',
  'between',
  'phone',
  'email',
  'nib',
  'nip',
  'year_future',
  'size_class',
  'workers_not_ikm',
  'province_locked',
  'province_unknown',
  'regency_outside_province',
  'village_unknown',
  'file_type',
  'signature_respondent',
  'signature_officer',
  'hub_url',
  'enrollment_code',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

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
