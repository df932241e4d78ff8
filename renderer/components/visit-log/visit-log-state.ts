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
