import { useCallback, useEffect, useRef, useState } from 'react';
import type { VisitListQuery, VisitSummary } from '../../db/model';
import { errorMessage, unwrap } from './api';

export const VISIT_PAGE_SIZE = 100;

/** The filters of the visit log: everything of `visit.list` but the page window. */
export type VisitLogQuery = Omit<VisitListQuery, 'offset' | 'limit'>;

interface Loaded {
  key: string;
  total: number;
  pages: Map<number, VisitSummary[]>;
}

export interface VisitPages {
  /** Visits matching the query; null before the first answer. */
  total: number | null;
  /** True while the shown rows belong to an older query (the new one is on its way). */
  stale: boolean;
  error: string | null;
  /** The row at an index, or undefined while its page is loading. */
  row: (index: number) => VisitSummary | undefined;
  /** Asks for the pages covering these rows; pages already asked for are not asked again. */
  ensureRange: (first: number, last: number) => void;
}

/**
 * Pages of `visit.list` fetched as rows scroll into view, cached per query (the same scheme as
 * the site register's use-site-pages). Answers for an older query are dropped, and the old rows
 * stay on screen until the first page of the new query arrives.
 */
export function useVisitPages(query: VisitLogQuery): VisitPages {
  const key = JSON.stringify(query);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<{ key: string; message: string } | null>(null);
  const asked = useRef<{ key: string; pages: Set<number> }>({ key: '', pages: new Set() });
  const currentKey = useRef(key);

  useEffect(() => {
    currentKey.current = key;
  }, [key]);

  const loadPage = useCallback(
    (page: number) => {
      if (asked.current.key !== key) asked.current = { key, pages: new Set() };
      if (asked.current.pages.has(page)) return;
      asked.current.pages.add(page);
      const parsed = JSON.parse(key) as VisitLogQuery;
      unwrap(window.ikm.visit.list({ ...parsed, offset: page * VISIT_PAGE_SIZE, limit: VISIT_PAGE_SIZE })).then(
        (result) => {
          if (currentKey.current !== key) return; // the filters changed since
          setLoaded((prev) => {
            const base = prev && prev.key === key ? prev : { key, total: result.total, pages: new Map() };
            const pages = new Map(base.pages);
            pages.set(page, result.items);
            return { key, total: result.total, pages };
          });
        },
        (failure: unknown) => {
          if (currentKey.current !== key) return;
          asked.current.pages.delete(page); // allow a retry on the next scroll
          setError({ key, message: errorMessage(failure) });
        },
      );
    },
    [key],
  );

  // The first page also tells how many visits there are.
  useEffect(() => loadPage(0), [loadPage]);

  const fresh = loaded !== null && loaded.key === key;

  const ensureRange = useCallback(
    (first: number, last: number) => {
      if (!fresh) return; // rows on screen belong to the old query
      const lastPage = Math.floor(Math.max(0, loaded.total - 1) / VISIT_PAGE_SIZE);
      const from = Math.max(0, Math.floor(first / VISIT_PAGE_SIZE));
      const to = Math.min(lastPage, Math.floor(last / VISIT_PAGE_SIZE));
      for (let page = from; page <= to; page++) loadPage(page);
    },
    [fresh, loaded, loadPage],
  );

  const row = useCallback(
    (index: number) => loaded?.pages.get(Math.floor(index / VISIT_PAGE_SIZE))?.[index % VISIT_PAGE_SIZE],
    [loaded],
  );

  return {
    total: loaded?.total ?? null,
    stale: !fresh,
    error: error && error.key === key ? error.message : null,
    row,
    ensureRange,
  };
}
