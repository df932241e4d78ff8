import { fieldIssueOf } from './field-issue';
import { finalizeChecklist, DEFAULT_OFFICE_SETTINGS } from './finalize-check';
import type { FieldIssue } from './result';
import { VisitData } from './visit';

/** The visit form's sections, in the order the form shows them. */
export const VISIT_SECTIONS = ['umum', 'kind', 'temuan', 'lampiran', 'tanda-tangan'] as const;
export type VisitSectionId = (typeof VISIT_SECTIONS)[number];

/** Which section a data path belongs to ("workforce.male" → the kind's own section). */
export function sectionOfPath(path: string): VisitSectionId {
  const top = path.split('.')[0];
  if (top === 'signatureRefusal' || top === 'signature') return 'tanda-tangan';
  if (top === 'attachments') return 'lampiran';
  if (['visitDate', 'officers', 'respondent', 'operatingStatus', 'latitude', 'longitude'].includes(top)) return 'umum';
  if (['findings', 'recommendations'].includes(top)) return 'temuan';
  return 'kind';
}

/** What a visit still lacks, per section: the form's progress list says it, finalize enforces it. */
export interface VisitProgress {
  /** The complete-visit schema's issues (paths without "data."), one per path; empty when complete. */
  issues: FieldIssue[];
  sections: Record<VisitSectionId, boolean>;
  done: number;
  total: number;
}

/** Findings or a recommendation written: what makes "Temuan & rekomendasi" more than untouched. */
function hasFindings(data: Record<string, unknown>): boolean {
  const written = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  const recommendations = Array.isArray(data.recommendations) ? (data.recommendations as { text?: unknown }[]) : [];
  return written(data.findings) || recommendations.some((r) => written(r?.text));
}

/**
 * How complete a visit is: a section is done when the schema finds nothing in it; attachments
 * when a photo or document is there; signatures when both are there (or the respondent's refusal
 * is recorded) — the same signature rule as the finalize checklist; findings when something is written there.
 */
export function visitProgress(data: Record<string, unknown>, attachments: readonly { kind: string; role: string | null }[]): VisitProgress {
  const parsed = VisitData.safeParse(data);
  const issues: FieldIssue[] = [];
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const found = fieldIssueOf(issue);
      const path = found.path || '_form';
      if (seen.has(path)) continue;
      seen.add(path);
      issues.push({ ...found, path });
    }
  }
  const open = (section: VisitSectionId) => issues.some((i) => sectionOfPath(i.path) === section);
  const signatureMissing = finalizeChecklist(data, attachments, DEFAULT_OFFICE_SETTINGS).some((item) => item.code.startsWith('SIGNATURE_'));
  const sections: Record<VisitSectionId, boolean> = {
    umum: !open('umum'),
    kind: !open('kind'),
    // Findings are optional: an empty section is not "done" (no ✓), only one with something written.
    temuan: !open('temuan') && hasFindings(data),
    lampiran: attachments.some((a) => a.kind !== 'signature'),
    'tanda-tangan': !signatureMissing,
  };
  const done = VISIT_SECTIONS.filter((s) => sections[s]).length;
  return { issues, sections, done, total: VISIT_SECTIONS.length };
}
