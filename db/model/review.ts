import { z } from 'zod';
import { refuse, type AppError } from './result';
import { optionalText } from './text';

/**
 * Review (issue 18, item 7): a supervisor approves a final visit ("disetujui") or returns it
 * ("perlu perbaikan") with a comment. Each decision is a synced `visit_review` row naming the
 * revision it reviewed, so the visit keeps its whole review history. A visit's review state is
 * derived on every replica from its latest decision: that decision, if it reviewed the visit as it
 * stands (its latest revision); otherwise "menunggu review" — an amendment made after (or at the
 * same time as) a decision puts the visit back in review, whatever order the two arrive in.
 */
export const REVIEW_DECISIONS = ['approved', 'returned'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_STATES = ['pending', 'approved', 'returned'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Who uses the laptop: an officer (petugas) or a supervisor (penyelia), chosen at setup or set by the office's enrolment. */
export const ROLES = ['officer', 'supervisor'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const VisitReviewRequest = z.object({
  visitId: z.string().min(1).max(80),
  decision: z.enum(REVIEW_DECISIONS),
  comment: optionalText(1000, 'Komentar'),
});
export type VisitReviewRequest = z.input<typeof VisitReviewRequest>;

export interface VisitReview {
  id: string;
  decision: ReviewDecision;
  comment: string | null;
  /** How many amendments the visit had when it was reviewed (0: as finalized). */
  revision: number;
  decidedBy: string | null;
  decidedAt: string;
}

/** The review state from a visit's latest decision and its latest revision (null: none yet). */
export function reviewStateOf(
  status: string,
  latest: { decision: string; revision_id: string | null } | null | undefined,
  latestRevisionId: string | null,
): ReviewState | null {
  if (status !== 'final') return null;
  if (!latest || (latest.revision_id ?? null) !== latestRevisionId) return 'pending';
  return latest.decision === 'approved' ? 'approved' : 'returned';
}

/**
 * Why this reviewer may not decide on this visit, or null: only a supervisor reviews, only a final
 * visit, never their own (one they wrote), and a returned visit says what to fix.
 */
export function reviewRefusal(
  visit: { status: string; createdBy: string },
  reviewer: { officerId: string; role: Role },
  decision: ReviewDecision,
  comment: string | null,
): AppError | null {
  if (reviewer.role !== 'supervisor') return refuse('FORBIDDEN', 'review_not_supervisor', 'Hanya penyelia yang dapat meninjau kunjungan');
  if (visit.status !== 'final') return refuse('VALIDATION', 'review_not_final', 'Hanya kunjungan final yang ditinjau');
  if (visit.createdBy === reviewer.officerId) return refuse('FORBIDDEN', 'review_own_visit', 'Petugas tidak dapat meninjau kunjungannya sendiri');
  if (decision === 'returned' && !comment) return refuse('VALIDATION', 'review_comment_required', 'Tulis apa yang perlu diperbaiki');
  return null;
}
