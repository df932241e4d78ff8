import { ActionIcon, Group, Select, Text, TextInput, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { VISIT_KINDS, VISIT_STATUSES } from '../../../db/model';
import { useReference } from '../../app/reference';
import { areaOptions } from '../../lib/areas';
import { DateField } from '../date-field';

// Room for "Dari", 20/11/2026 and the clear button.
const DATE_WIDTH = 168;

/** What the officer picked; empty strings and nulls mean "any". */
export interface VisitLogFilters {
  dateFrom: string;
  dateTo: string;
  officer: string;
  kind: string | null;
  regencyCode: string | null;
  wilayahId: string | null;
  status: string | null;
}

export const EMPTY_VISIT_FILTERS: VisitLogFilters = {
  dateFrom: '',
  dateTo: '',
  officer: '',
  kind: null,
  regencyCode: null,
  wilayahId: null,
  status: null,
};

/** True when any filter narrows the log. */
export function hasVisitFilters(filters: VisitLogFilters): boolean {
  return Object.entries(filters).some(([, v]) => v !== null && v !== '');
}

/** The filters of the visit log, on one row; each narrows the list at once. */
export function VisitFilters({
  filters,
  onChange,
}: {
  filters: VisitLogFilters;
  onChange: (update: (current: VisitLogFilters) => VisitLogFilters) => void;
}) {
  const { t } = useTranslation();
  const { regencies, wilayah } = useReference();
  const set = <K extends keyof VisitLogFilters>(key: K, value: VisitLogFilters[K]) => onChange((current) => ({ ...current, [key]: value }));

  const pick = {
    size: 'sm',
    clearable: true,
    flex: '1 1 0',
    miw: 0,
    comboboxProps: { width: 260, position: 'bottom-start' },
  } as const;
  return (
    <Group gap={6} wrap="nowrap">
      <DateField
        size="sm"
        w={DATE_WIDTH}
        leftSection={<DateLabel>{t('visitLog.filters.from')}</DateLabel>}
        leftSectionWidth={44}
        aria-label={t('visitLog.filters.dateFrom')}
        title={t('visitLog.filters.dateFrom')}
        value={filters.dateFrom}
        maxDate={filters.dateTo || undefined}
        onChange={(v) => set('dateFrom', v)}
      />
      <DateField
        size="sm"
        w={DATE_WIDTH}
        leftSection={<DateLabel>{t('visitLog.filters.to')}</DateLabel>}
        leftSectionWidth={44}
        aria-label={t('visitLog.filters.dateTo')}
        title={t('visitLog.filters.dateTo')}
        value={filters.dateTo}
        minDate={filters.dateFrom || undefined}
        onChange={(v) => set('dateTo', v)}
      />
      <TextInput
        size="sm"
        flex="1.3 1 0"
        miw={0}
        type="search"
        aria-label={t('visitLog.filters.officer')}
        placeholder={t('visitLog.filters.officer')}
        leftSection={<IconSearch size={14} />}
        value={filters.officer}
        onChange={(e) => set('officer', e.currentTarget.value)}
      />
      <Select
        {...pick}
        aria-label={t('visitLog.filters.kind')}
        placeholder={t('visitLog.filters.kindShort')}
        data={VISIT_KINDS.map((k) => ({ value: k, label: t(`visitLog.kinds.${k}`) }))}
        value={filters.kind}
        onChange={(v) => set('kind', v)}
      />
      <Select
        {...pick}
        searchable
        aria-label={t('filters.regency')}
        placeholder={t('filters.regencyShort')}
        data={areaOptions(regencies)}
        value={filters.regencyCode}
        onChange={(v) => set('regencyCode', v)}
      />
      <Select
        {...pick}
        aria-label={t('filters.wilayah')}
        placeholder={t('filters.wilayah')}
        data={wilayah.map((w) => ({ value: w.id, label: w.name }))}
        value={filters.wilayahId}
        onChange={(v) => set('wilayahId', v)}
      />
      <Select
        {...pick}
        aria-label={t('visitLog.filters.status')}
        placeholder={t('visitLog.filters.statusShort')}
        data={VISIT_STATUSES.map((s) => ({ value: s, label: t(`visitLog.statuses.${s}`) }))}
        value={filters.status}
        onChange={(v) => set('status', v)}
      />
      <Tooltip label={t('filters.clear')}>
        <ActionIcon
          size="lg"
          variant="subtle"
          color="gray"
          aria-label={t('filters.clear')}
          disabled={!hasVisitFilters(filters)}
          onClick={() => onChange(() => EMPTY_VISIT_FILTERS)}
        >
          <IconFilterOff size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** "Dari" / "s.d." inside a date field: the row has no room for labels above the fields. */
function DateLabel({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed" pl={8} w="100%">
      {children}
    </Text>
  );
}
