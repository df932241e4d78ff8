import { z } from 'zod';
import { KbliDivision } from './catalog';
import { STOPPED_STATUSES } from './visit';

/** How the stopped-factory list can be ordered. */
export const STOPPED_SORTS = ['potential', 'since', 'name', 'regency'] as const;

/**
 * Pabrik tidak beroperasi: every site whose status is one of STOPPED_STATUSES, filtered by where it
 * is, its KBLI division, its status and the least revival potential its last evaluation gave.
 */
export const StoppedListQuery = z.object({
  wilayahId: z.string().min(1).max(64).nullish(),
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/).nullish(),
  kbliDivision: KbliDivision.nullish(),
  status: z.enum(STOPPED_STATUSES).nullish(),
  /** Only sites whose last evaluation rated revival potential at least this (1–5). */
  minPotential: z.number().int().min(1).max(5).nullish(),
  sort: z.enum(STOPPED_SORTS).default('potential'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  withTotal: z.boolean().default(true),
});
export type StoppedListQuery = z.input<typeof StoppedListQuery>;
export type ParsedStoppedListQuery = z.output<typeof StoppedListQuery>;
/** The list's filters without paging: what an export or a printed list takes. */
export const StoppedFilter = StoppedListQuery.omit({ offset: true, limit: true, withTotal: true });
export type StoppedFilter = z.input<typeof StoppedFilter>;

/** One stopped factory with what its last final evaluation visit found (null fields: no evaluation yet). */
export interface StoppedSite {
  id: string;
  name: string;
  ownerName: string | null;
  products: string | null;
  kbliCode: string;
  kbliDivision: string;
  operatingStatus: string;
  regencyCode: string;
  regencyName: string;
  districtName: string;
  villageName: string;
  wilayahName: string | null;
  /** The last final evaluasi visit. */
  evaluationId: string | null;
  evaluationNumber: string | null;
  evaluationDate: string | null;
  stoppedSince: string | null;
  /** PROBLEM_KINDS codes. */
  stopReasons: string[];
  stopNotes: string | null;
  /** 1 (hardly) – 5 (very likely). */
  revivalPotential: number | null;
  revivalNotes: string | null;
  /** The evaluation's recommendations, each with its due date when it has one. */
  recommendations: { text: string; dueDate: string | null }[];
}

export interface StoppedListResult {
  total: number | null;
  items: StoppedSite[];
}
