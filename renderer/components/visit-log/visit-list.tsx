import { memo, type RefObject } from 'react';
import { Skeleton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language, VisitSummary } from '../../../db/model';
import { useSession } from '../../app/session';
import type { VisitPages } from '../../lib/use-visit-pages';
import { ListboxOption, VirtualListbox } from '../virtual-listbox';
import { formatVisitDateShort, VisitKindBadge, VisitStatusBadge } from './visit-badges';
import { ReviewShortBadge } from '../review/review-badge';
import { ConflictMark } from '../conflict-mark';
import { useConflictMarks } from '../../lib/use-conflict-marks';

const ROW_HEIGHT = 56;

/**
 * The visit log as one long list, rendered a screenful at a time (the same listbox pattern as the
 * site register): arrows, Page Up/Down, Home and End move the highlighted row, Enter opens it.
 */
export function VisitList({
  pages,
  resetKey,
  activeIndex,
  onActiveIndexChange,
  onOpen,
  listRef,
}: {
  pages: VisitPages;
  /** Changes when the filters change: the list scrolls back to the top. */
  resetKey: string;
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  onOpen: (visit: VisitSummary) => void;
  listRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation();
  const { language } = useSession();
  const marks = useConflictMarks();
  return (
    <VirtualListbox
      label={t('visitLog.listLabel')}
      rowIdPrefix="visit-row"
      rowHeight={ROW_HEIGHT}
      pages={pages}
      resetKey={resetKey}
      activeIndex={activeIndex}
      onActiveIndexChange={onActiveIndexChange}
      onOpen={onOpen}
      listRef={listRef}
      renderRow={({ key, row, ...rest }) => (
        <VisitRow key={key} visit={row} language={language} conflict={!!row && Object.hasOwn(marks.visits, row.id)} {...rest} />
      )}
    />
  );
}

// Number, date, kind, site / kabupaten, officers, status. The number column holds the longest
// number whole (five-letter officer code, "ANISU/2026/4WW-0002"): its tail tells visits apart.
const COLUMNS = '10.5rem 8.75rem 8.5rem minmax(0, 2.2fr) minmax(0, 1.5fr) 8.5rem';

/** Column titles above the list, aligned with the row grid. */
export function VisitListHeader() {
  const { t } = useTranslation();
  return (
    <div className="ikm-site-list-header" style={{ gridTemplateColumns: COLUMNS }} aria-hidden>
      <span>{t('visitLog.columns.number')}</span>
      <span>{t('visitLog.columns.date')}</span>
      <span>{t('visitLog.columns.kind')}</span>
      <span>{t('visitLog.columns.site')}</span>
      <span>{t('visitLog.columns.officers')}</span>
      <span>{t('visitLog.columns.status')}</span>
    </div>
  );
}

interface VisitRowProps {
  index: number;
  visit: VisitSummary | undefined;
  start: number;
  selected: boolean;
  setSize: number;
  language: Language;
  /** The visit has an open sync conflict. */
  conflict: boolean;
  onPick: (index: number) => void;
}

/** One row: memoised, plain elements, so fast scrolling only mounts what comes into view. */
const VisitRow = memo(function VisitRow({ index, visit, start, selected, setSize, language, conflict, onPick }: VisitRowProps) {
  return (
    <ListboxOption
      id={`visit-row-${index}`}
      index={index}
      start={start}
      selected={selected}
      setSize={setSize}
      height={ROW_HEIGHT}
      columns={COLUMNS}
      onPick={onPick}
    >
      {visit ? <VisitRowCells visit={visit} language={language} conflict={conflict} /> : <LoadingCells />}
    </ListboxOption>
  );
});

function VisitRowCells({ visit, language, conflict }: { visit: VisitSummary; language: Language; conflict: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="ikm-cell ikm-line ikm-mono" data-testid="visit-number">
        {visit.number}
      </div>
      <div className="ikm-cell ikm-line">
        {visit.visitDate ? formatVisitDateShort(visit.visitDate, language) : <span className="ikm-dim">{t('visitLog.noDate')}</span>}
      </div>
      <div className="ikm-cell">
        <VisitKindBadge kind={visit.kind} />
      </div>
      <div className="ikm-cell">
        <div className="ikm-line ikm-strong" title={visit.siteName}>
          {/* Beside the name, not the number: the number column is narrow and must stay whole. */}
          {conflict && <ConflictMark />}
          {visit.siteName}
        </div>
        <div className="ikm-line ikm-dim">{visit.regencyName}</div>
      </div>
      <div className="ikm-cell ikm-line" title={visit.officers}>
        {visit.officers || '—'}
      </div>
      <div className="ikm-cell">
        <div style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
          <VisitStatusBadge status={visit.status} />
          {visit.reviewState && <ReviewShortBadge state={visit.reviewState} />}
        </div>
        {visit.revision > 0 && (
          <div className="ikm-line ikm-dim" title={t('visitLog.amendedTimes', { count: visit.revision })} data-testid="visit-amended">
            {t('visitLog.amended')}
          </div>
        )}
      </div>
    </>
  );
}

function LoadingCells() {
  return (
    <>
      <Skeleton height={12} width="80%" />
      <Skeleton height={12} width="80%" />
      <Skeleton height={18} width={90} radius="sm" />
      <Skeleton height={12} width="60%" />
      <Skeleton height={12} width="50%" />
      <Skeleton height={18} width={48} radius="sm" />
    </>
  );
}
