import type { VisitListQuery, VisitSummary } from '../../db/model';
import { unwrap } from './api';
import { usePagedList, type PagedList } from './use-paged-list';

/** The filters of the visit log: everything of `visit.list` but the page window. */
export type VisitLogQuery = Omit<VisitListQuery, 'offset' | 'limit' | 'withTotal'>;
export type VisitPages = PagedList<VisitSummary>;

// Only the first page counts the matches; pages further down reuse that total.
const fetchVisits = (query: VisitLogQuery, offset: number, limit: number) =>
  unwrap(window.ikm.visit.list({ ...query, offset, limit, withTotal: offset === 0 }));

/** The visit log's rows, paged as they scroll into view. */
export function useVisitPages(query: VisitLogQuery): VisitPages {
  return usePagedList(query, fetchVisits);
}
