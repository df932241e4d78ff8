import { memo, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Box, Checkbox, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NEXT_STEP_RULES, type NaikKelasFilter, type NaikKelasQuery, type NaikKelasRow } from '../../db/model';
import { navigate } from '../app/route';
import { useReference } from '../app/reference';
import { ExportButton } from '../components/export/export-dialog';
import { ClearFiltersButton, FilterSelect, RegencyFilter, WilayahFilter } from '../components/filter-controls';
import { ListPageHeader } from '../components/list-page-header';
import { ListboxOption, VirtualListbox } from '../components/virtual-listbox';
import { unwrap } from '../lib/api';
import { formatDateText } from '../lib/date-text';
import { usePagedList } from '../lib/use-paged-list';

interface Filters {
  rule: string | null;
  wilayahId: string | null;
  regencyCode: string | null;
  kbliDivision: NaikKelasFilter['kbliDivision'];
  includeInProcess: boolean;
}
const EMPTY: Filters = { rule: null, wilayahId: null, regencyCode: null, kbliDivision: null, includeInProcess: true };

const fetchReady = (query: NaikKelasFilter, offset: number, limit: number) =>
  unwrap(window.ikm.certificates.ready({ ...(query as NaikKelasQuery), offset, limit, withTotal: offset === 0 }));

const ROW_HEIGHT = 56;
// Business, regency, certificates (pipeline), next step.
const COLUMNS = 'minmax(0, 2fr) minmax(0, 1.2fr) minmax(0, 2fr) 11rem';

/** Naik kelas: operating IKM ready for their next certificate, for the office's guidance programme. */
export function NaikKelasPage() {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [activeIndex, setActiveIndex] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const query = useMemo<NaikKelasFilter>(() => ({ ...filters }), [filters]);
  const pages = usePagedList(query, fetchReady);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setActiveIndex(0);
  };
  const active = JSON.stringify(filters) !== JSON.stringify(EMPTY);
  const certificate = (kind: string) => label(catalog.certificateKinds, kind);
  const ruleName = (r: (typeof NEXT_STEP_RULES)[number]) =>
    t('naikKelas.ruleName', { from: r.requires.map(certificate).join(' + '), next: certificate(r.next) });

  return (
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-height) - 2 * var(--mantine-spacing-md))">
      <ListPageHeader
        title={t('naikKelas.title')}
        total={pages.total}
        countKey="naikKelas.count"
        countTestId="naik-kelas-count"
        action={<ExportButton what={{ source: 'naikKelas', filter: query }} lines={[]} title={t('naikKelas.exportTitle')} />}
      />
      <Text size="sm" c="dimmed">
        {t('naikKelas.lead')}
      </Text>
      <Group gap="xs" wrap="wrap" data-testid="naik-kelas-filters">
        <FilterSelect
          name={t('naikKelas.rule')}
          menuWidth={320}
          data={NEXT_STEP_RULES.map((r) => ({ value: r.id, label: ruleName(r) }))}
          value={filters.rule}
          onChange={(v) => set('rule', v)}
        />
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
        <Checkbox label={t('naikKelas.onlyNew')} checked={!filters.includeInProcess} onChange={(e) => set('includeInProcess', !e.currentTarget.checked)} />
        <ClearFiltersButton disabled={!active} onClear={() => setFilters(EMPTY)} />
      </Group>
      {pages.error && (
        <Alert color="red" role="alert">
          {pages.error}
        </Alert>
      )}
      <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <div className="ikm-site-list-header" style={{ gridTemplateColumns: COLUMNS }} aria-hidden>
          <span>{t('naikKelas.columns.site')}</span>
          <span>{t('naikKelas.columns.place')}</span>
          <span>{t('naikKelas.columns.certificates')}</span>
          <span>{t('naikKelas.columns.next')}</span>
        </div>
        {pages.total === 0 && !pages.stale ? (
          <Box className="ikm-site-list" p="xl" style={{ flex: 1 }}>
            <Text c="dimmed" ta="center" mt="xl" data-testid="naik-kelas-empty">
              {active ? t('naikKelas.noMatch') : t('naikKelas.empty')}
            </Text>
          </Box>
        ) : (
          <VirtualListbox
            label={t('naikKelas.listLabel')}
            rowIdPrefix="naik-kelas-row"
            rowHeight={ROW_HEIGHT}
            pages={pages}
            resetKey={JSON.stringify(query)}
            activeIndex={activeIndex}
            onActiveIndexChange={setActiveIndex}
            onOpen={(row) => navigate({ page: 'site', id: row.siteId })}
            listRef={listRef}
            renderRow={({ key, row, ...rest }) => <ReadyRow key={key} row={row} {...rest} />}
          />
        )}
      </Box>
    </Stack>
  );
}

const ReadyRow = memo(function ReadyRow({ index, row, start, selected, setSize, onPick }: {
  index: number;
  row: NaikKelasRow | undefined;
  start: number;
  selected: boolean;
  setSize: number;
  onPick: (index: number) => void;
}) {
  return (
    <ListboxOption id={`naik-kelas-row-${index}`} index={index} start={start} selected={selected} setSize={setSize} height={ROW_HEIGHT} columns={COLUMNS} onPick={onPick}>
      {row ? <ReadyCells row={row} /> : <Loading />}
    </ListboxOption>
  );
});

function ReadyCells({ row }: { row: NaikKelasRow }) {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  const certificate = (kind: string) => label(catalog.certificateKinds, kind);
  return (
    <>
      <div className="ikm-cell" data-testid="naik-kelas-site">
        <div className="ikm-line ikm-strong" title={row.name}>
          {row.name}
        </div>
        <div className="ikm-line ikm-dim">
          KBLI {row.kbliCode} · {row.products ?? ''}
        </div>
      </div>
      <div className="ikm-cell">
        <div className="ikm-line">{row.regencyName}</div>
        <div className="ikm-line ikm-dim">{row.wilayahName}</div>
      </div>
      <div className="ikm-cell" data-testid="naik-kelas-certificates">
        <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
          {row.certificates.length === 0 && <span className="ikm-dim">{t('naikKelas.noCertificates')}</span>}
          {row.certificates.map((c) => (
            <Badge key={c.kind} size="sm" variant={c.status === 'dimiliki' ? 'light' : 'outline'} color={c.status === 'dimiliki' ? 'teal' : 'gray'} title={[c.number, c.date].filter(Boolean).join(' · ')}>
              {certificate(c.kind)}
              {c.status === 'proses' ? ` · ${t('naikKelas.inProcess')}` : ''}
            </Badge>
          ))}
        </Group>
      </div>
      <div className="ikm-cell" data-testid="naik-kelas-next">
        <div className="ikm-line ikm-strong">→ {certificate(row.next)}</div>
        {row.nextInProcess && (
          <div className="ikm-line ikm-dim">
            {t('naikKelas.inProcess')}
            {row.nextAppliedOn ? `, ${t('naikKelas.appliedOn', { date: formatDateText(row.nextAppliedOn) })}` : ''}
          </div>
        )}
      </div>
    </>
  );
}

function Loading() {
  return (
    <>
      {[70, 50, 60, 40].map((w, i) => (
        <Skeleton key={i} height={12} width={`${w}%`} />
      ))}
    </>
  );
}
