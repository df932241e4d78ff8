import type { ReactNode, RefObject } from 'react';
import type { PagedList } from '../lib/use-paged-list';
import { useVirtualRows } from '../lib/use-virtual-rows';

/** What a row of a `VirtualListbox` is drawn from. */
export interface ListboxRow<Row> {
  key: React.Key;
  index: number;
  /** Undefined while its page is loading. */
  row: Row | undefined;
  start: number;
  selected: boolean;
  setSize: number;
  onPick: (index: number) => void;
}

/**
 * A paged list as one long listbox rendered a screenful at a time (the site register, the visit
 * log). Tab lands on it; arrows, Page Up/Down, Home and End move the highlighted row, Enter opens
 * it. Rows carry the id `${rowIdPrefix}-${index}` for aria-activedescendant.
 */
export function VirtualListbox<Row>({
  label,
  rowIdPrefix,
  rowHeight,
  pages,
  resetKey,
  activeIndex,
  onActiveIndexChange,
  onOpen,
  listRef,
  renderRow,
}: {
  label: string;
  rowIdPrefix: string;
  rowHeight: number;
  pages: PagedList<Row>;
  /** Changes when the query changes: the list scrolls back to the top. */
  resetKey: string;
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  onOpen: (row: Row) => void;
  listRef: RefObject<HTMLDivElement | null>;
  renderRow: (row: ListboxRow<Row>) => ReactNode;
}) {
  const { count, items, totalSize, active, pick, onKeyDown } = useVirtualRows({
    pages,
    rowHeight,
    resetKey,
    activeIndex,
    onActiveIndexChange,
    onOpen,
    listRef,
  });
  return (
    <div
      ref={listRef}
      className="ikm-site-list"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-busy={pages.stale}
      aria-activedescendant={count > 0 ? `${rowIdPrefix}-${active}` : undefined}
      onKeyDown={onKeyDown}
      style={{ flex: 1, minHeight: 0, opacity: pages.stale && pages.total !== null ? 0.6 : 1 }}
    >
      <div style={{ height: totalSize, position: 'relative' }}>
        {items.map((item) =>
          renderRow({
            key: item.key,
            index: item.index,
            row: pages.row(item.index),
            start: item.start,
            selected: item.index === active,
            setSize: count,
            onPick: pick,
          }),
        )}
      </div>
    </div>
  );
}

/** The option element of one row, placed at its offset; the row component fills in the cells. */
export function ListboxOption({
  id,
  index,
  start,
  selected,
  setSize,
  height,
  columns,
  onPick,
  children,
}: {
  id: string;
  index: number;
  start: number;
  selected: boolean;
  setSize: number;
  height: number;
  /** The row grid's columns, when not the stylesheet's. */
  columns?: string;
  onPick: (index: number) => void;
  children: ReactNode;
}) {
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      className="ikm-site-row"
      style={{ height, transform: `translateY(${start}px)`, gridTemplateColumns: columns }}
      onClick={() => onPick(index)}
    >
      {children}
    </div>
  );
}
