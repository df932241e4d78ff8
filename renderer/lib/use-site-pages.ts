import type { SiteListQuery, SiteSummary } from '../../db/model';
import { unwrap } from './api';
import { usePagedList, type PagedList } from './use-paged-list';

type PagedQuery = Omit<SiteListQuery, 'offset' | 'limit'>;
export type SitePages = PagedList<SiteSummary>;

const fetchSites = (query: PagedQuery, offset: number, limit: number) =>
  unwrap(window.ikm.site.list({ ...query, offset, limit }));

/** The site register's rows, paged as they scroll into view. */
export function useSitePages(query: PagedQuery): SitePages {
  return usePagedList(query, fetchSites);
}
