import { useCallback, useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PagedList } from './use-paged-list';

/**
 * A paged list shown as a listbox rendered a screenful at a time (the site register, the visit
 * log): fetches the pages of the rows in view, scrolls back to the top when `resetKey` changes,
 * and moves the highlighted row with the arrows, Page Up/Down, Home and End; Enter opens it.
 */
export function useVirtualRows<Row>({
  pages,
  rowHeight,
  resetKey,
  activeIndex,
  onActiveIndexChange,
  onOpen,
  listRef,
}: {
  pages: PagedList<Row>;
  rowHeight: number;
  resetKey: string;
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  onOpen: (row: Row) => void;
  listRef: RefObject<HTMLDivElement | null>;
}) {
  const count = pages.total ?? 0;
  // The app does not use the React Compiler; the virtualizer re-renders the calling component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => listRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensureRange } = pages;

  useEffect(() => {
    if (count > 0) ensureRange(first, last);
  }, [first, last, count, ensureRange]);

  const previousKey = useRef(resetKey);
  useEffect(() => {
    if (previousKey.current !== resetKey) {
      previousKey.current = resetKey;
      virtualizer.scrollToOffset(0);
    }
  }, [resetKey, virtualizer]);

  // Coming back from a row's page: show the row the officer left from, with the keyboard on it.
  useEffect(() => {
    if (activeIndex > 0) {
      virtualizer.scrollToIndex(activeIndex, { align: 'center' });
      listRef.current?.focus({ preventScroll: true });
    }
    // Only on mount; later moves scroll in `move`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const active = Math.min(activeIndex, Math.max(0, count - 1));

  // Stable across renders so memoised rows are not re-rendered by a new closure.
  const latest = useRef({ pages, onOpen, onActiveIndexChange });
  useEffect(() => {
    latest.current = { pages, onOpen, onActiveIndexChange };
  });
  const pick = useCallback((index: number) => {
    const current = latest.current;
    current.onActiveIndexChange(index);
    const row = current.pages.row(index);
    if (row) current.onOpen(row);
  }, []);

  function move(index: number) {
    const next = Math.max(0, Math.min(count - 1, index));
    onActiveIndexChange(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (count === 0) return;
    const pageRows = Math.max(1, Math.floor((listRef.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + pageRows),
      PageUp: () => move(active - pageRows),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => {
        const row = pages.row(active);
        if (row) onOpen(row);
      },
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  }

  return { count, items, totalSize: virtualizer.getTotalSize(), active, pick, onKeyDown };
}
