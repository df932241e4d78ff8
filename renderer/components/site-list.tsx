import { memo, useMemo } from 'react';
import { Skeleton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { kbliShortName, type SiteSummary } from '../../db/model';
import { useReference } from '../app/reference';
import type { SitePages } from '../lib/use-site-pages';
import { ListboxOption, VirtualListbox } from './virtual-listbox';
import { StatusBadge } from './status-badge';
import { ConflictMark } from './conflict-mark';
import { useConflictMarks } from '../lib/use-conflict-marks';

const ROW_HEIGHT = 60;

/**
 * The register as one long list, rendered a screenful at a time. It is a listbox: Tab lands on it,
 * the arrow keys, Page Up/Down, Home and End move the highlighted row, Enter opens it.
 */
export function SiteList({
  pages,
  resetKey,
  activeIndex,
  onActiveIndexChange,
  onOpen,
  listRef,
  terms,
  checkedIds,
}: {
  pages: SitePages;
  /** Picking sites for a sentra: these rows carry a check mark. */
  checkedIds?: ReadonlySet<string>;
  /** The words searched for, marked in the rows. */
  terms: string[];
  /** Changes when the query changes: the list scrolls back to the top. */
  resetKey: string;
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  onOpen: (site: SiteSummary) => void;
  listRef: React.RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation();
  const pattern = useMemo(() => markPattern(terms), [terms]);
  const marks = useConflictMarks();
  return (
    <VirtualListbox
      label={t('sites.listLabel')}
      rowIdPrefix="site-row"
      rowHeight={ROW_HEIGHT}
      pages={pages}
      resetKey={resetKey}
      activeIndex={activeIndex}
      onActiveIndexChange={onActiveIndexChange}
      onOpen={onOpen}
      listRef={listRef}
      renderRow={({ key, row, ...rest }) => (
        <SiteRow
          key={key}
          site={row}
          pattern={pattern}
          conflict={!!row && Object.hasOwn(marks.sites, row.id)}
          checked={checkedIds ? (row ? checkedIds.has(row.id) : false) : undefined}
          {...rest}
        />
      )}
    />
  );
}

/** Column titles above the list, aligned with the row grid. */
export function SiteListHeader() {
  const { t } = useTranslation();
  return (
    <div className="ikm-site-list-header" aria-hidden>
      <span>{t('sites.columns.name')}</span>
      <span>{t('sites.columns.products')}</span>
      <span>{t('sites.columns.location')}</span>
      <span>{t('sites.columns.kbli')}</span>
      <span>{t('sites.columns.status')}</span>
    </div>
  );
}

interface SiteRowProps {
  index: number;
  site: SiteSummary | undefined;
  start: number;
  selected: boolean;
  setSize: number;
  pattern: RegExp | null;
  /** The site has an open sync conflict. */
  conflict: boolean;
  /** Picked for a sentra (undefined: not picking). */
  checked: boolean | undefined;
  onPick: (index: number) => void;
}

/**
 * One row. Memoised and built from plain elements: while scrolling fast, a dozen rows mount per
 * frame, and rows already on screen must not re-render at all.
 */
const SiteRow = memo(function SiteRow({ index, site, start, selected, setSize, pattern, conflict, checked, onPick }: SiteRowProps) {
  return (
    <ListboxOption
      id={`site-row-${index}`}
      index={index}
      start={start}
      selected={selected}
      setSize={setSize}
      height={ROW_HEIGHT}
      onPick={onPick}
    >
      {site ? <SiteRowCells site={site} pattern={pattern} conflict={conflict} checked={checked} /> : <LoadingCells />}
    </ListboxOption>
  );
});

function SiteRowCells({ site, pattern, conflict, checked }: { site: SiteSummary; pattern: RegExp | null; conflict: boolean; checked?: boolean }) {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  // "Industri Makanan" → "Makanan": the column is narrow and every division starts the same.
  const kbliLabel = kbliShortName(label(catalog.kbli, site.kbliCode.slice(0, 2)));
  return (
    <>
      <div className="ikm-cell">
        <div className="ikm-line ikm-strong">
          {checked !== undefined && (
            <span className="ikm-row-check" data-checked={checked ? 'true' : 'false'} aria-hidden>
              {checked ? '☑' : '☐'}
            </span>
          )}
          {conflict && <ConflictMark />}
          <Marked text={site.name} pattern={pattern} />
        </div>
        <div className="ikm-line ikm-dim">
          <Marked text={site.ownerName ?? '—'} pattern={pattern} />
        </div>
      </div>
      <div className="ikm-cell ikm-line">
        <Marked text={site.products ?? '—'} pattern={pattern} />
      </div>
      <div className="ikm-cell">
        <div className="ikm-line">
          {site.villageName}, {site.districtName}
        </div>
        <div className="ikm-line ikm-dim">{site.regencyName}</div>
      </div>
      <div className="ikm-cell">
        <div className="ikm-line ikm-mono">{site.kbliCode}</div>
        <div className="ikm-line ikm-dim" title={kbliLabel}>
          {kbliLabel}
        </div>
      </div>
      <div className="ikm-cell">
        <StatusBadge status={site.operatingStatus} archived={site.mergedIntoId ? 'merged' : site.deleted} />
        {/* Merged away, not archived: says where it went (its page links there and offers the unmerge). */}
        {site.mergedIntoName && (
          <div className="ikm-line ikm-dim" title={site.mergedIntoName} data-testid="merged-into">
            {t('field20.archive.mergedInto', { name: site.mergedIntoName })}
          </div>
        )}
      </div>
    </>
  );
}

/** One pattern for all searched words; its group makes `split` keep the matches. */
function markPattern(terms: string[]): RegExp | null {
  if (!terms.length) return null;
  return new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
}

/** The text with every searched word marked. */
function Marked({ text, pattern }: { text: string; pattern: RegExp | null }) {
  if (!pattern) return text;
  const parts = text.split(pattern);
  return parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part));
}

function LoadingCells() {
  return (
    <>
      <Skeleton height={12} width="70%" />
      <Skeleton height={12} width="60%" />
      <Skeleton height={12} width="65%" />
      <Skeleton height={12} width={32} />
      <Skeleton height={18} width={72} radius="sm" />
    </>
  );
}
