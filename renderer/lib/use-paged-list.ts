import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './api';

export const PAGE_SIZE = 100;

/** One page of a list channel (`site.list`, `visit.list`). */
/**
 * `total` may be null past the first page: the first page's total is kept. `capped`: more rows
 * match than `total` (the register counts up to SITE_LIST_CAP).
 */
export type FetchPage<Query, Row> = (query: Query, offset: number, limit: number) => Promise<{ total: number | null; capped?: boolean; items: Row[] }>;

interface Loaded<Row> {
  key: string;
  total: number;
  capped: boolean;
  pages: Map<number, Row[]>;
}

export interface PagedList<Row> {
  /** Rows matching the query; null before the first answer. */
  total: number | null;
  /** More rows match than `total`. */
  capped: boolean;
  /** True while the shown rows belong to an older query (the new one is on its way). */
  stale: boolean;
  error: string | null;
  /** The row at an index, or undefined while its page is loading. */
  row: (index: number) => Row | undefined;
  /** Asks for the pages covering these rows; pages already asked for are not asked again. */
  ensureRange: (first: number, last: number) => void;
}

/**
 * Pages of a list fetched as rows scroll into view, cached per query. A new query starts a new
 * cache, and answers for an older query are dropped. Until the first page of the new query
 * arrives the old rows stay on screen, so typing in a search box never flashes an empty list.
 * `fetchPage` must be a stable (module-level) function.
 */
export function usePagedList<Query, Row>(query: Query, fetchPage: FetchPage<Query, Row>): PagedList<Row> {
  const key = JSON.stringify(query);
  const [loaded, setLoaded] = useState<Loaded<Row> | null>(null);
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
      fetchPage(JSON.parse(key) as Query, page * PAGE_SIZE, PAGE_SIZE).then(
        (result) => {
          if (currentKey.current !== key) return; // the query changed since
          setLoaded((prev) => {
            const base = prev && prev.key === key ? prev : { key, total: result.total ?? 0, capped: !!result.capped, pages: new Map<number, Row[]>() };
            const pages = new Map(base.pages);
            pages.set(page, result.items);
            return { key, total: result.total ?? base.total, capped: result.total === null ? base.capped : !!result.capped, pages };
          });
        },
        (failure: unknown) => {
          if (currentKey.current !== key) return;
          asked.current.pages.delete(page); // allow a retry on the next scroll
          setError({ key, message: errorMessage(failure) });
        },
      );
    },
    [key, fetchPage],
  );

  // The first page also tells how many rows there are.
  useEffect(() => loadPage(0), [loadPage]);

  const fresh = loaded !== null && loaded.key === key;

  const ensureRange = useCallback(
    (first: number, last: number) => {
      if (!fresh) return; // rows on screen belong to the old query
      const lastPage = Math.floor(Math.max(0, loaded.total - 1) / PAGE_SIZE);
      const from = Math.max(0, Math.floor(first / PAGE_SIZE));
      const to = Math.min(lastPage, Math.floor(last / PAGE_SIZE));
      for (let page = from; page <= to; page++) loadPage(page);
    },
    [fresh, loaded, loadPage],
  );

  const row = useCallback(
    (index: number) => loaded?.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [loaded],
  );

  return {
    total: loaded?.total ?? null,
    capped: loaded?.capped ?? false,
    stale: !fresh,
    error: error && error.key === key ? error.message : null,
    row,
    ensureRange,
  };
}
