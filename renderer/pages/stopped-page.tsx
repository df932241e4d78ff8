import { memo, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Box, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { STOPPED_SORTS, STOPPED_STATUSES, type StoppedFilter, type StoppedListQuery, type StoppedSite } from '../../db/model';
import { navigate } from '../app/route';
import { useReference } from '../app/reference';
import { ExportButton } from '../components/export/export-dialog';
import { ClearFiltersButton, FilterSelect, RegencyFilter, WilayahFilter } from '../components/filter-controls';
import { ListPageHeader } from '../components/list-page-header';
import { PrintButtons } from '../components/print/print-buttons';
import { ListboxOption, VirtualListbox } from '../components/virtual-listbox';
import { unwrap } from '../lib/api';
import { formatDateText } from '../lib/date-text';
import { usePagedList } from '../lib/use-paged-list';

type Filters = Required<Pick<StoppedFilter, 'wilayahId' | 'regencyCode' | 'kbliDivision' | 'status' | 'minPotential'>> & { sort: (typeof STOPPED_SORTS)[number] };
const EMPTY: Filters = { wilayahId: null, regencyCode: null, kbliDivision: null, status: null, minPotential: null, sort: 'potential' };

const fetchStopped = (query: StoppedFilter, offset: number, limit: number) =>
  unwrap(window.ikm.stopped.list({ ...(query as StoppedListQuery), offset, limit, withTotal: offset === 0 }));

const ROW_HEIGHT = 64;
// Business / place, status and since, reasons, last evaluation, potential, recommendation.
const COLUMNS = 'minmax(0, 2fr) 9.5rem minmax(0, 1.6fr) 10rem 5rem minmax(0, 2fr)';

/** Pabrik tidak beroperasi: every site not operating with its last evaluation, filtered, printed and exported. */
export function StoppedPage() {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [activeIndex, setActiveIndex] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const query = useMemo<StoppedFilter>(() => ({ ...filters }), [filters]);
  const pages = usePagedList(query, fetchStopped);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setActiveIndex(0);
  };
  const active = JSON.stringify({ ...filters, sort: 'potential' }) !== JSON.stringify(EMPTY);

  return (
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-height) - 2 * var(--mantine-spacing-md))">
      <ListPageHeader
        title={t('stopped.title')}
        total={pages.total}
        countKey="stopped.count"
        countTestId="stopped-count"
        action={
          <Group gap="xs" align="flex-start">
            <PrintButtons target={{ kind: 'stopped', filter: query }} label={t('stopped.print')} testId="stopped-print" />
            <ExportButton what={{ source: 'stopped', filter: query }} lines={[]} title={t('stopped.exportTitle')} />
          </Group>
        }
      />
      <Text size="sm" c="dimmed">
        {t('stopped.lead')}
      </Text>
      <Group gap="xs" wrap="wrap" data-testid="stopped-filters">
        <WilayahFilter value={filters.wilayahId} onChange={(v) => set('wilayahId', v)} />
        <RegencyFilter value={filters.regencyCode} onChange={(v) => set('regencyCode', v)} />
        <FilterSelect
          name={t('filters.kbli')}
          searchable
          menuWidth={380}
          data={catalog.kbli.map((k) => ({ value: k.code, label: `${k.code} · ${label(catalog.kbli, k.code)}` }))}
          value={filters.kbliDivision}
          onChange={(v) => set('kbliDivision', v as Filters['kbliDivision'])}
        />
        <FilterSelect
          name={t('stopped.status')}
          data={STOPPED_STATUSES.map((s) => ({ value: s, label: label(catalog.operatingStatuses, s) }))}
          value={filters.status}
          onChange={(v) => set('status', v as Filters['status'])}
        />
        <FilterSelect
          name={t('stopped.potential')}
          short={t('stopped.potentialShort')}
          data={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t('stopped.potentialAtLeast', { n }) }))}
          value={filters.minPotential ? String(filters.minPotential) : null}
          onChange={(v) => set('minPotential', v ? Number(v) : null)}
        />
        <FilterSelect
          name={t('stopped.sort')}
          flex="0 0 190px"
          miw={190}
          clearable={false}
          allowDeselect={false}
          data={STOPPED_SORTS.map((s) => ({ value: s, label: t(`stopped.sorts.${s}`) }))}
          value={filters.sort}
          onChange={(v) => set('sort', (v ?? 'potential') as Filters['sort'])}
        />
        <ClearFiltersButton disabled={!active} onClear={() => setFilters((f) => ({ ...EMPTY, sort: f.sort }))} />
      </Group>
      {pages.error && (
        <Alert color="red" role="alert">
          {pages.error}
        </Alert>
      )}
      <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <div className="ikm-site-list-header" style={{ gridTemplateColumns: COLUMNS }} aria-hidden>
          <span>{t('stopped.columns.site')}</span>
          <span>{t('stopped.columns.status')}</span>
          <span>{t('stopped.columns.reasons')}</span>
          <span>{t('stopped.columns.evaluation')}</span>
          <span>{t('stopped.columns.potential')}</span>
          <span>{t('stopped.columns.recommendation')}</span>
        </div>
        {pages.total === 0 && !pages.stale ? (
          <Box className="ikm-site-list" p="xl" style={{ flex: 1 }}>
            <Text c="dimmed" ta="center" mt="xl" data-testid="stopped-empty">
              {active ? t('stopped.noMatch') : t('stopped.empty')}
            </Text>
          </Box>
        ) : (
          <VirtualListbox
            label={t('stopped.listLabel')}
            rowIdPrefix="stopped-row"
            rowHeight={ROW_HEIGHT}
            pages={pages}
            resetKey={JSON.stringify(query)}
            activeIndex={activeIndex}
            onActiveIndexChange={setActiveIndex}
            onOpen={(site) => navigate({ page: 'site', id: site.id })}
            listRef={listRef}
            renderRow={({ key, row, ...rest }) => <StoppedRow key={key} site={row} {...rest} />}
          />
        )}
      </Box>
    </Stack>
  );
}

const StoppedRow = memo(function StoppedRow({ index, site, start, selected, setSize, onPick }: {
  index: number;
  site: StoppedSite | undefined;
  start: number;
  selected: boolean;
  setSize: number;
  onPick: (index: number) => void;
}) {
  return (
    <ListboxOption id={`stopped-row-${index}`} index={index} start={start} selected={selected} setSize={setSize} height={ROW_HEIGHT} columns={COLUMNS} onPick={onPick}>
      {site ? <StoppedCells site={site} /> : <Loading />}
    </ListboxOption>
  );
});

function StoppedCells({ site }: { site: StoppedSite }) {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  const reasons = site.stopReasons.map((r) => t(`visitForm.options.problem.${r}`)).join(', ');
  const recommendation = site.recommendations.map((r) => r.text).join('; ');
  return (
    <>
      <div className="ikm-cell" data-testid="stopped-site">
        <div className="ikm-line ikm-strong" title={site.name}>
          {site.name}
        </div>
        <div className="ikm-line ikm-dim">
          {site.regencyName} · KBLI {site.kbliCode}
        </div>
      </div>
      <div className="ikm-cell">
        <div className="ikm-line">{label(catalog.operatingStatuses, site.operatingStatus)}</div>
        <div className="ikm-line ikm-dim">{site.stoppedSince ? t('stopped.since', { date: formatDateText(site.stoppedSince) }) : '—'}</div>
      </div>
      <div className="ikm-cell" title={[reasons, site.stopNotes].filter(Boolean).join(' — ')}>
        <div className="ikm-line">{reasons || '—'}</div>
        <div className="ikm-line ikm-dim">{site.stopNotes}</div>
      </div>
      <div className="ikm-cell">
        {site.evaluationNumber ? (
          <>
            <div className="ikm-line ikm-mono">{site.evaluationNumber}</div>
            <div className="ikm-line ikm-dim">{site.evaluationDate ? formatDateText(site.evaluationDate) : ''}</div>
          </>
        ) : (
          <div className="ikm-line ikm-dim">{t('stopped.notEvaluated')}</div>
        )}
      </div>
      <div className="ikm-cell" data-testid="stopped-potential">
        {site.revivalPotential ? (
          <Badge variant="light" color={site.revivalPotential >= 4 ? 'green' : site.revivalPotential >= 3 ? 'yellow' : 'gray'}>
            {t('stopped.outOf', { n: site.revivalPotential })}
          </Badge>
        ) : (
          '—'
        )}
      </div>
      <div className="ikm-cell" title={recommendation}>
        <div className="ikm-line">{recommendation || '—'}</div>
        <div className="ikm-line ikm-dim">{site.revivalNotes}</div>
      </div>
    </>
  );
}

function Loading() {
  return (
    <>
      {[70, 60, 60, 60, 30, 70].map((w, i) => (
        <Skeleton key={i} height={12} width={`${w}%`} />
      ))}
    </>
  );
}
