import type { ReviewState, VisitKind, VisitStatus } from '../../../db/model';
import type { VisitLogQuery } from '../../lib/use-visit-pages';
import { EMPTY_VISIT_FILTERS, type VisitLogFilters } from './visit-filters';

/**
 * The log's filters and highlighted row outlive the page: opening a visit and coming back shows
 * the log as the officer left it. Module state is enough; there is one log per window.
 */
let remembered: { filters: VisitLogFilters; activeIndex: number } = { filters: EMPTY_VISIT_FILTERS, activeIndex: 0 };

/** What the log showed last. */
export function rememberedLog(): { filters: VisitLogFilters; activeIndex: number } {
  return remembered;
}

/** Keeps what the log shows now (or what it should show when it opens next). */
export function rememberLog(next: { filters: VisitLogFilters; activeIndex: number }): void {
  remembered = next;
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The query `visit.list` takes for these filters; a half-typed date narrows nothing yet. */
export function toVisitQuery(filters: VisitLogFilters, officer: string, text: string = filters.text ?? ''): VisitLogQuery {
  return {
    text: text.trim() || null,
    dateFrom: isDate(filters.dateFrom) ? filters.dateFrom : null,
    dateTo: isDate(filters.dateTo) ? filters.dateTo : null,
    officer: officer.trim() || null,
    kind: (filters.kind as VisitKind | null) ?? null,
    regencyCode: filters.regencyCode,
    wilayahId: filters.wilayahId,
    status: (filters.status as VisitStatus | null) ?? null,
    reviewState: (filters.reviewState as ReviewState | null) ?? null,
  };
}

