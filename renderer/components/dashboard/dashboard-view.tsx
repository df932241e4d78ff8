import { useState, type ReactNode } from 'react';
import { Alert, Group, Paper, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import {
  bareRegencyName,
  kbliShortName,
  LEADING_MEASURES,
  localDate,
  OPERATING_STATUSES,
  SIZE_CLASSES,
  VISIT_KINDS,
  type Dashboard,
  type DashboardScope,
  type LeadingEntry,
  type LeadingMeasure,
} from '../../../db/model';
import { useReference } from '../../app/reference';
import { navigate } from '../../app/route';
import { useSession } from '../../app/session';
import { EMPTY_FILTERS, useSiteListState, type SiteListFilters } from '../../app/site-list-state';
import { useApiData } from '../../lib/api';
import { formatNumber, formatRupiah } from '../../lib/format';
import { RegencyFilter, WilayahFilter } from '../filter-controls';
import { EMPTY_VISIT_FILTERS, type VisitLogFilters } from '../visit-log/visit-filters';
import { rememberLog } from '../visit-log/visit-log-state';

const STATUS_COLORS: Record<string, string> = {
  aktif: 'teal.6',
  calon: 'blue.5',
  berhenti_sementara: 'yellow.6',
  tidak_beroperasi: 'orange.7',
  tutup: 'gray.6',
};
const KIND_COLORS: Record<string, string> = { identifikasi: 'blue.5', inventarisasi: 'teal.6', evaluasi: 'orange.6', pembinaan: 'grape.5' };

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/**
 * The Beranda's figures for a scope (all, a wilayah, a regency) and a month. Every number opens
 * the list behind it: the register or the visit log, with the scope and the number's filter set.
 */
export function DashboardView() {
  const { t } = useTranslation();
  const { language } = useSession();
  const [scope, setScope] = useState<{ wilayahId: string | null; regencyCode: string | null }>({ wilayahId: null, regencyCode: null });
  const [month, setMonth] = useState(() => localDate(new Date()).slice(0, 7));
  const request: { scope: DashboardScope; month: string } = { scope, month };
  const dashboard = useApiData(() => window.ikm.dashboard.get(request), JSON.stringify(request));
  const year = Number(month.slice(0, 4));
  const thisYear = new Date().getFullYear();
  const monthName = (m: number) => new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', { month: 'long' }).format(new Date(2000, m - 1, 1));

  return (
    <Stack gap="md" data-testid="dashboard">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Title order={3} size="h4">
          {t('dashboard.title')}
        </Title>
        <Group gap={6} wrap="wrap">
          <WilayahFilter value={scope.wilayahId} onChange={(wilayahId) => setScope({ wilayahId, regencyCode: null })} />
          <RegencyFilter value={scope.regencyCode} onChange={(regencyCode) => setScope((s) => ({ ...s, regencyCode }))} />
          <Select
            aria-label={t('dashboard.month')}
            size="sm"
            w={140}
            allowDeselect={false}
            data={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1).padStart(2, '0'), label: monthName(i + 1) }))}
            value={month.slice(5)}
            onChange={(m) => m && setMonth(`${month.slice(0, 4)}-${m}`)}
          />
          <Select
            aria-label={t('dashboard.year')}
            size="sm"
            w={96}
            allowDeselect={false}
            data={Array.from({ length: 8 }, (_, i) => String(thisYear - i))}
            value={String(year)}
            onChange={(y) => y && setMonth(`${y}-${month.slice(5)}`)}
          />
        </Group>
      </Group>
      {dashboard.error && <Alert color="red">{dashboard.error}</Alert>}
      {dashboard.data ? (
        <Figures data={dashboard.data} scope={scope} month={month} monthLabel={`${monthName(Number(month.slice(5)))} ${year}`} />
      ) : (
        <Skeleton height={420} radius="md" />
      )}
    </Stack>
  );
}

function Figures({ data, scope, month, monthLabel }: { data: Dashboard; scope: { wilayahId: string | null; regencyCode: string | null }; month: string; monthLabel: string }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const { catalog, label } = useReference();
  const { setFilters } = useSiteListState();
  const n = (value: number) => formatNumber(value, language);
  const year = month.slice(0, 4);
  const scopeFilter = scope.regencyCode ? { regencyCode: scope.regencyCode } : scope.wilayahId ? { wilayahId: scope.wilayahId } : {};

  /** The register narrowed to the scope and `patch`. */
  const openSites = (patch: Partial<SiteListFilters>) => {
    setFilters(() => ({ ...EMPTY_FILTERS, ...scopeFilter, ...patch }));
    navigate({ page: 'sites' });
  };
  /** The visit log: final visits of the scope in a month or the year, narrowed by `patch`. */
  const openVisits = (period: 'month' | 'year' | string, patch: Partial<VisitLogFilters> = {}) => {
    const [from, to] = period === 'year' ? [`${year}-01-01`, `${year}-12-31`] : period === 'month' ? [`${month}-01`, lastDay(month)] : [`${period}-01`, lastDay(period)];
    rememberLog({ filters: { ...EMPTY_VISIT_FILTERS, ...scopeFilter, status: 'final', dateFrom: from, dateTo: to, ...patch }, activeIndex: 0 });
    navigate({ page: 'visits' });
  };

  const { sites, visits } = data;
  const statusName = (s: string) => label(catalog.operatingStatuses, s);
  const kbliName = (code: string) => kbliShortName(label(catalog.kbli, code));
  const statusSeries = OPERATING_STATUSES.map((s) => ({ name: s, label: statusName(s), color: STATUS_COLORS[s] }));

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
        <Stat testId="dash-sites" label={t('dashboard.sites')} value={n(sites.totals.sites)} onOpen={() => openSites({})} accent />
        <Stat
          testId="dash-workers"
          label={t('dashboard.workers')}
          value={n(sites.totals.workers)}
          note={t('dashboard.menWomen', { men: n(sites.totals.male), women: n(sites.totals.female) })}
          onOpen={() => openSites({})}
        />
        <Stat testId="dash-production" label={t('dashboard.production')} value={formatRupiah(sites.totals.production)} onOpen={() => openSites({})} />
        <Stat testId="dash-visits-month" label={t('dashboard.visitsMonth', { month: monthLabel })} value={n(visits.monthTotal)} onOpen={() => openVisits('month')} />
        <Stat testId="dash-visits-year" label={t('dashboard.visitsYear', { year })} value={n(visits.yearTotal)} onOpen={() => openVisits('year')} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Panel title={t('dashboard.byStatus')}>
          <Group gap={6} mb="sm" wrap="wrap">
            {OPERATING_STATUSES.map((s) => (
              <Chip key={s} testId={`dash-status-${s}`} label={statusName(s)} value={n(sites.byStatus[s] ?? 0)} onOpen={() => openSites({ operatingStatus: s })} />
            ))}
          </Group>
          <Group gap={6} mb="sm" wrap="wrap">
            {SIZE_CLASSES.map((s) => (
              <Chip key={s} testId={`dash-size-${s}`} label={label(catalog.sizeClasses, s)} value={n(sites.bySize[s] ?? 0)} onOpen={() => openSites({ sizeClass: s })} />
            ))}
          </Group>
          <Text size="xs" c="dimmed" mb={4}>
            {t('dashboard.statusByWilayah')}
          </Text>
          <BarChart
            h={60 + 40 * sites.byWilayah.length}
            data={sites.byWilayah.map((w) => ({ wilayah: w.wilayahName ?? t('dashboard.noWilayah'), id: w.wilayahId, ...w.byStatus }))}
            dataKey="wilayah"
            type="stacked"
            orientation="vertical"
            yAxisProps={{ width: 110, interval: 0 }}
            xAxisProps={{ allowDecimals: false }}
            series={statusSeries}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            barChartProps={{
              onClick: (state) => {
                const row = sites.byWilayah.find((w) => (w.wilayahName ?? t('dashboard.noWilayah')) === state?.activeLabel);
                if (row?.wilayahId) openSites({ wilayahId: row.wilayahId, regencyCode: null });
              },
            }}
          />
        </Panel>
        <Panel title={t('dashboard.visitsPerMonth', { year })}>
          <BarChart
            h={260}
            data={visits.byMonth.map((m) => ({ month: m.month.slice(5), ...m.byKind }))}
            dataKey="month"
            type="stacked"
            yAxisProps={{ allowDecimals: false }}
            series={VISIT_KINDS.map((k) => ({ name: k, label: t(`visitLog.kinds.${k}`), color: KIND_COLORS[k] }))}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            barChartProps={{ onClick: (state) => state?.activeLabel && openVisits(`${year}-${String(state.activeLabel)}`) }}
          />
        </Panel>
      </SimpleGrid>

      <Panel title={t('dashboard.byRegency')}>
        {sites.byRegency.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('home.noSites')}
          </Text>
        ) : (
          <>
            <BarChart
              h={220}
              data={sites.byRegency.map((r) => ({ regency: bareRegencyName(r.regencyName), ...r.byStatus }))}
              dataKey="regency"
              type="stacked"
              series={statusSeries}
              xAxisProps={{ interval: 0, tick: { fontSize: 11 } }}
              yAxisProps={{ allowDecimals: false }}
              barChartProps={{
                onClick: (state) => {
                  const row = sites.byRegency.find((r) => bareRegencyName(r.regencyName) === state?.activeLabel);
                  if (row) openSites({ regencyCode: row.regencyCode, wilayahId: null });
                },
              }}
            />
            <Table mt="sm" striped highlightOnHover verticalSpacing={4} fz="sm" data-testid="dash-regencies">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dashboard.regency')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.sites')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.workers')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.men')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.women')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.production')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sites.byRegency.map((r) => (
                  <Table.Tr key={r.regencyCode}>
                    <Table.Td>{r.regencyName}</Table.Td>
                    <Table.Td ta="right">
                      <NumberLink testId={`dash-regency-${r.regencyCode}`} onOpen={() => openSites({ regencyCode: r.regencyCode, wilayahId: null })}>
                        {n(r.sites)}
                      </NumberLink>
                    </Table.Td>
                    <Table.Td ta="right">{n(r.workers)}</Table.Td>
                    <Table.Td ta="right">{n(r.male)}</Table.Td>
                    <Table.Td ta="right">{n(r.female)}</Table.Td>
                    <Table.Td ta="right">{formatRupiah(r.production)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Panel>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Panel title={t('dashboard.byKbli')}>
          <Table verticalSpacing={4} fz="sm" data-testid="dash-kbli">
            <Table.Tbody>
              {sites.byKbli.map((k) => (
                <Table.Tr key={k.kbliDivision}>
                  <Table.Td>
                    {k.kbliDivision} · {kbliName(k.kbliDivision)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <NumberLink testId={`dash-kbli-${k.kbliDivision}`} onOpen={() => openSites({ kbliDivision: k.kbliDivision as never })}>
                      {n(k.sites)}
                    </NumberLink>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Panel>
        <Stack gap="md">
          <Panel title={t('dashboard.certificates')}>
            <Group gap={6} wrap="wrap">
              {data.certificates.length === 0 && (
                <Text c="dimmed" size="sm">
                  {t('dashboard.none')}
                </Text>
              )}
              {data.certificates.map((c) => (
                <Chip
                  key={c.certificate}
                  testId={`dash-certificate-${c.certificate}`}
                  label={label(catalog.certificateKinds, c.certificate)}
                  value={n(c.sites)}
                  onOpen={() => openSites({ certificate: c.certificate as never })}
                />
              ))}
            </Group>
          </Panel>
          <Panel title={t('dashboard.visitsByKind')}>
            <PeriodTable
              rows={visits.byKind.map((k) => ({ key: k.kind, name: t(`visitLog.kinds.${k.kind}`), month: k.month, year: k.year, patch: { kind: k.kind } }))}
              monthLabel={monthLabel}
              year={year}
              testPrefix="dash-kind"
              onOpen={openVisits}
            />
          </Panel>
        </Stack>
      </SimpleGrid>

      <Panel title={t('dashboard.visitsByOfficer')}>
        <PeriodTable
          rows={visits.byOfficer.map((o) => ({ key: o.officer, name: o.officer, month: o.month, year: o.year, patch: { officer: o.officer } }))}
          monthLabel={monthLabel}
          year={year}
          testPrefix="dash-officer"
          onOpen={openVisits}
        />
      </Panel>

      <Leading data={data} kbliName={kbliName} openSites={openSites} />
    </Stack>
  );
}

/** Produk unggulan: each regency's leading main products and KBLI divisions by the chosen measure. */
function Leading({ data, kbliName, openSites }: { data: Dashboard; kbliName: (code: string) => string; openSites: (patch: Partial<SiteListFilters>) => void }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const [measure, setMeasure] = useState<LeadingMeasure>('sites');
  const show = (e: LeadingEntry) => (measure === 'production' ? formatRupiah(e.production) : formatNumber(e[measure], language));
  return (
    <Panel
      title={t('dashboard.leading')}
      action={
        <SegmentedControl
          size="xs"
          value={measure}
          onChange={(v) => setMeasure(v as LeadingMeasure)}
          data={LEADING_MEASURES.map((m) => ({ value: m, label: t(`dashboard.measure.${m}`) }))}
          aria-label={t('dashboard.measureLabel')}
        />
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        {data.leading.map((r) => (
          <Paper key={r.regencyCode} withBorder p="xs" radius="sm" data-testid={`dash-leading-${r.regencyCode}`}>
            <Text fw={600} size="sm" mb={4}>
              {r.regencyName}
            </Text>
            {r.products[measure].map((p) => (
              <Group key={p.key} justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" className="ikm-truncate" tt="capitalize">
                  {p.key}
                </Text>
                <NumberLink testId={`dash-product-${r.regencyCode}-${p.key}`} onOpen={() => openSites({ regencyCode: r.regencyCode, wilayahId: null, mainProduct: p.key })}>
                  {show(p)}
                </NumberLink>
              </Group>
            ))}
            <Text size="xs" c="dimmed" mt={6}>
              {t('dashboard.leadingKbli')}
            </Text>
            {r.kbli[measure].slice(0, 3).map((k) => (
              <Group key={k.key} justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" className="ikm-truncate">
                  {k.key} · {kbliName(k.key)}
                </Text>
                <NumberLink onOpen={() => openSites({ regencyCode: r.regencyCode, wilayahId: null, kbliDivision: k.key as never })}>{show(k)}</NumberLink>
              </Group>
            ))}
          </Paper>
        ))}
      </SimpleGrid>
    </Panel>
  );
}

function PeriodTable({
  rows,
  monthLabel,
  year,
  testPrefix,
  onOpen,
}: {
  rows: { key: string; name: string; month: number; year: number; patch: Partial<VisitLogFilters> }[];
  monthLabel: string;
  year: string;
  testPrefix: string;
  onOpen: (period: 'month' | 'year', patch: Partial<VisitLogFilters>) => void;
}) {
  const { t } = useTranslation();
  const { language } = useSession();
  if (rows.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('dashboard.noVisits')}
      </Text>
    );
  }
  return (
    <Table verticalSpacing={4} fz="sm" data-testid={testPrefix}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th ta="right">{monthLabel}</Table.Th>
          <Table.Th ta="right">{year}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Td>{r.name}</Table.Td>
            <Table.Td ta="right">
              <NumberLink testId={`${testPrefix}-month-${r.key}`} onOpen={() => onOpen('month', r.patch)}>
                {formatNumber(r.month, language)}
              </NumberLink>
            </Table.Td>
            <Table.Td ta="right">
              <NumberLink testId={`${testPrefix}-year-${r.key}`} onOpen={() => onOpen('year', r.patch)}>
                {formatNumber(r.year, language)}
              </NumberLink>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Panel({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={4} size="h5">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

/** A number that opens the list behind it (a button: reachable with Tab, opened with Enter). */
function NumberLink({ children, onOpen, testId }: { children: ReactNode; onOpen: () => void; testId?: string }) {
  return (
    <UnstyledButton onClick={onOpen} data-testid={testId} className="ikm-number-link" fz="sm" fw={600} c="blue.8">
      {children}
    </UnstyledButton>
  );
}

function Chip({ label, value, onOpen, testId }: { label: string; value: string; onOpen: () => void; testId: string }) {
  return (
    <UnstyledButton onClick={onOpen} data-testid={testId} className="ikm-dash-chip">
      <Text span size="xs" c="dimmed">
        {label}
      </Text>{' '}
      <Text span size="sm" fw={700}>
        {value}
      </Text>
    </UnstyledButton>
  );
}

function Stat({ label, value, note, onOpen, testId, accent = false }: { label: string; value: string; note?: string; onOpen: () => void; testId: string; accent?: boolean }) {
  return (
    <Paper
      component="button"
      type="button"
      withBorder
      radius="md"
      p="sm"
      onClick={onOpen}
      bg={accent ? 'blue.7' : undefined}
      style={{ textAlign: 'left', cursor: 'pointer' }}
      data-testid={testId}
    >
      <Text size="xs" c={accent ? 'blue.0' : 'dimmed'} className="ikm-truncate">
        {label}
      </Text>
      <Text size="xl" fw={700} c={accent ? 'white' : undefined} className="ikm-truncate" data-testid={`${testId}-value`}>
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}
