import { createContext, use, useMemo, useState, type ReactNode } from 'react';
import type { CertificateKind, KbliDivision, OperatingStatus, SectorGroup, SITE_SORTS, SizeClass } from '../../db/model';

/** What the officer typed and chose on the list, without paging. */
export interface SiteListFilters {
  text: string;
  regencyCode: string | null;
  districtCode: string | null;
  wilayahId: string | null;
  kbliDivision: KbliDivision | null;
  sectorGroup: SectorGroup | null;
  operatingStatus: OperatingStatus | null;
  sizeClass: SizeClass | null;
  certificate: CertificateKind | null;
  /** A main product, in lower case (set by the Beranda's produk unggulan). */
  mainProduct: string | null;
  archived: boolean;
  sort: (typeof SITE_SORTS)[number];
}

export const EMPTY_FILTERS: SiteListFilters = {
  text: '',
  regencyCode: null,
  districtCode: null,
  wilayahId: null,
  kbliDivision: null,
  sectorGroup: null,
  operatingStatus: null,
  sizeClass: null,
  certificate: null,
  mainProduct: null,
  archived: false,
  sort: 'name',
};

interface SiteListState {
  filters: SiteListFilters;
  setFilters: (update: (current: SiteListFilters) => SiteListFilters) => void;
  /** The row the keyboard was on, so coming back from a site lands on it again. */
  activeIndex: number;
  setActiveIndex: (index: number) => void;
}

const Context = createContext<SiteListState | null>(null);

/**
 * Keeps the list's query above the pages, so opening a site and going back returns to the same
 * search, filters and row instead of an empty list.
 */
export function SiteListStateProvider({ children }: { children: ReactNode }) {
  const [filters, setFilterState] = useState(EMPTY_FILTERS);
  const [activeIndex, setActiveIndex] = useState(0);
  const value = useMemo(
    () => ({
      filters,
      setFilters: (update: (current: SiteListFilters) => SiteListFilters) => {
        setFilterState(update);
        setActiveIndex(0);
      },
      activeIndex,
      setActiveIndex,
    }),
    [filters, activeIndex],
  );
  return <Context value={value}>{children}</Context>;
}

export function useSiteListState(): SiteListState {
  const value = use(Context);
  if (!value) throw new Error('useSiteListState outside SiteListStateProvider');
  return value;
}

const PICK_FILTERS = ['regencyCode', 'districtCode', 'wilayahId', 'kbliDivision', 'sectorGroup', 'operatingStatus', 'sizeClass', 'certificate', 'mainProduct'] as const;

/** True when any pick-list filter narrows the list (text, sort and archive are not counted). */
export function hasPickFilters(filters: SiteListFilters): boolean {
  return PICK_FILTERS.some((key) => filters[key] !== null);
}
