import { z } from 'zod';
import { optionalText } from './text';

/**
 * Tindak lanjut (issue 18, item 5): every recommendation of a final visit is a follow-up, open
 * until someone marks it done or dropped (a synced `follow_up` row).
 *
 * A follow-up is keyed by its visit and its recommendation's text (normalized, with the number of
 * the same text before it), not by its place in the list: an amendment that reorders the
 * recommendations keeps each one's status; one that deletes a recommendation leaves its row
 * unlisted (it comes back with its status if an amendment restores the same text); one that
 * rewrites a recommendation's text makes it a new, open follow-up (the office now asks for
 * something else). Changing only its action or due date keeps its status.
 */
export const FOLLOW_UP_STATUSES = ['open', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Text as a key: case, spacing and punctuation do not make another recommendation. */
function keyText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** FNV-1a, 32 bits, as 8 hex digits: short and the same on every replica. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of new TextEncoder().encode(text)) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Each recommendation's key, in list order (same text twice: "…", "….1"). Empty texts get none. */
export function recommendationKeys(recommendations: readonly { text?: unknown }[]): (string | null)[] {
  const seen = new Map<string, number>();
  return recommendations.map((r) => {
    if (typeof r?.text !== 'string' || !r.text.trim()) return null;
    const base = `r${fnv1a(keyText(r.text))}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n ? `${base}.${n}` : base;
  });
}

/** The follow_up row id: visit id and recommendation key. */
export const followUpId = (visitId: string, key: string): string => `${visitId}:${key}`;

export const FollowUpListQuery = z.object({
  status: z.enum(FOLLOW_UP_STATUSES).nullish(),
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/).nullish(),
  /** Only open follow-ups whose due date is before today. */
  overdue: z.boolean().default(false),
  siteId: z.string().min(1).max(80).nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
});
export type FollowUpListQuery = z.input<typeof FollowUpListQuery>;
export type ParsedFollowUpListQuery = z.output<typeof FollowUpListQuery>;

export const FollowUpCountsQuery = z
  .object({
    /** Only these regencies (the Beranda's wilayah or regency); none: all. */
    regencyCodes: z.array(z.string().regex(/^\d{2}\.\d{2}$/)).max(100).nullish(),
  })
  .nullish()
  .transform((v) => v ?? {});

export const FollowUpSetRequest = z.object({
  visitId: z.string().min(1).max(80),
  key: z.string().regex(/^r[0-9a-f]{8}(\.\d+)?$/),
  status: z.enum(FOLLOW_UP_STATUSES),
  responsible: optionalText(120, 'Penanggung jawab'),
  note: optionalText(1000, 'Catatan'),
});
export type FollowUpSetRequest = z.input<typeof FollowUpSetRequest>;

export interface FollowUp {
  visitId: string;
  key: string;
  visitNumber: string;
  siteId: string;
  siteName: string;
  regencyCode: string;
  regencyName: string;
  visitDate: string | null;
  text: string;
  action: string | null;
  dueDate: string | null;
  status: FollowUpStatus;
  /** Who is responsible: as set, else the visit's officers. */
  responsible: string;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  overdue: boolean;
}

export interface FollowUpListResult {
  total: number;
  items: FollowUp[];
}

/** For the Beranda: open follow-ups, and those of them past their due date. */
export interface FollowUpCounts {
  open: number;
  overdue: number;
}

/** Open, and its due date is before today (an ISO date in the office's time zone). */
export const isOverdue = (status: FollowUpStatus, dueDate: string | null, today: string): boolean =>
  status === 'open' && dueDate !== null && dueDate < today;
