import { z } from 'zod';
import type { FieldIssue, IssueCode } from './result';
import { optionalText } from './text';
import { SITE_COORDINATE_MESSAGES, type SiteCoordinateItemCode } from './visit-site-coords';

/**
 * The office's rules for visits: synced rows (`office_setting`) that the office sets on the hub's
 * data and every laptop receives. Signatures are required until the office says otherwise.
 */
export const OfficeSettings = z.object({ signaturesRequired: z.boolean({ error: 'Pilih ya atau tidak' }) });
export type OfficeSettings = z.infer<typeof OfficeSettings>;
export const DEFAULT_OFFICE_SETTINGS: OfficeSettings = { signaturesRequired: true };

/** The office's rules as a laptop shows them: who last set them and whether they may be set here. */
export interface OfficeRules extends OfficeSettings {
  changedBy: string | null;
  changedAt: string | null;
  /** False on a laptop enrolled with a hub: the office sets its rules on the hub's data. */
  editable: boolean;
}

/** The `office_setting` key of the signatures rule. */
export const SIGNATURES_REQUIRED_KEY = 'signatures_required';

/** Why a respondent did not sign, recorded in the visit's data instead of a signature. */
export const SignatureRefusal = optionalText(500, 'Alasan responden tidak menandatangani');

/**
 * One thing a visit lacks at finalize. `blocking` items stop the finalize (signatures, when the
 * office requires them); the others are shown so the officer finalizes knowingly.
 */
export interface FinalizeItem {
  code: 'INVALID_FIELD' | 'SIGNATURE_RESPONDENT' | 'SIGNATURE_OFFICER' | 'NO_PHOTO' | 'NO_COORDINATES' | 'NO_RESPONDENT_PHONE' | 'NO_FINDINGS' | SiteCoordinateItemCode;
  blocking: boolean;
  /** INVALID_FIELD: the field's issue (path under `data.`), for its message in the UI language. */
  issue?: FieldIssue;
  /** The form field it concerns, for focusing. */
  path: string;
  /** Indonesian, ready to show; the renderer translates by `code` with `params`. */
  message: string;
  params?: Record<string, string | number>;
}

const MESSAGES: Record<Exclude<FinalizeItem['code'], 'INVALID_FIELD'>, string> = {
  SIGNATURE_RESPONDENT: 'Tanda tangan responden belum ada (atau catat alasan responden menolak)',
  SIGNATURE_OFFICER: 'Tanda tangan petugas belum ada',
  NO_PHOTO: 'Belum ada foto',
  NO_COORDINATES: 'Koordinat lokasi belum diisi',
  NO_RESPONDENT_PHONE: 'Telepon responden belum diisi',
  NO_FINDINGS: 'Temuan belum diisi',
  ...SITE_COORDINATE_MESSAGES,
};

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** What the visit lacks, signatures first. Decided here once; `visit.finalize` enforces the blocking ones. */
export function finalizeChecklist(
  data: Record<string, unknown>,
  attachments: readonly { kind: string; role: string | null }[],
  office: OfficeSettings,
): FinalizeItem[] {
  const items: FinalizeItem[] = [];
  const add = (code: keyof typeof MESSAGES, path: string, blocking = false) => items.push({ code, path, blocking, message: MESSAGES[code] });
  const signed = (role: string) => attachments.some((a) => a.kind === 'signature' && a.role === role);
  if (!signed('respondent') && blank(data.signatureRefusal)) add('SIGNATURE_RESPONDENT', 'signature.respondent', office.signaturesRequired);
  if (!signed('officer')) add('SIGNATURE_OFFICER', 'signature.officer', office.signaturesRequired);
  if (!attachments.some((a) => a.kind === 'photo')) add('NO_PHOTO', 'attachments');
  if (blank(data.latitude) || blank(data.longitude)) add('NO_COORDINATES', 'latitude');
  const respondent = (data.respondent ?? {}) as Record<string, unknown>;
  if (blank(respondent.phone)) add('NO_RESPONDENT_PHONE', 'respondent.phone');
  if (blank(data.findings)) add('NO_FINDINGS', 'findings');
  return items;
}

/**
 * A draft's fields that a final visit cannot hold (letters in a number, a latitude out of range,
 * a required field left empty): they block the finalize, listed before the missing items.
 */
export function invalidFieldItems(issues: readonly FieldIssue[]): FinalizeItem[] {
  return issues.map((issue) => ({
    code: 'INVALID_FIELD',
    blocking: true,
    path: issue.path.startsWith('data.') ? issue.path.slice('data.'.length) : issue.path,
    message: issue.message,
    issue,
  }));
}

/** The field issue code of the items that can block a finalize (the signatures). */
const BLOCKING_ISSUE_CODES: Partial<Record<FinalizeItem['code'], IssueCode>> = {
  SIGNATURE_RESPONDENT: 'signature_respondent',
  SIGNATURE_OFFICER: 'signature_officer',
};

/** The blocking items as field issues, for the refusal of a finalize. */
export function finalizeIssues(blocking: readonly FinalizeItem[]): FieldIssue[] {
  return blocking.map((i) => {
    if (i.issue) return i.issue;
    const code = BLOCKING_ISSUE_CODES[i.code];
    return { path: i.path, message: i.message, ...(code ? { code } : {}) };
  });
}
