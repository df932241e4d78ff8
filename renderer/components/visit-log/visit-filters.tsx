import { Group, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { REVIEW_STATES, VISIT_KINDS, VISIT_STATUSES } from '../../../db/model';
import { DateField } from '../date-field';
import { ClearFiltersButton, FilterSelect, RegencyFilter, WilayahFilter } from '../filter-controls';

// Room for "Dari", 20/11/2026 and the clear button.
const DATE_WIDTH = 168;

/** What the officer picked; empty strings and nulls mean "any". */
export interface VisitLogFilters {
  /** A site's name or a visit number. */
  text: string;
  dateFrom: string;
  dateTo: string;
  officer: string;
  kind: string | null;
  regencyCode: string | null;
  wilayahId: string | null;
  status: string | null;
  /** Review state of final visits (issue 18): pending, approved, returned. */
  reviewState: string | null;
}

export const EMPTY_VISIT_FILTERS: VisitLogFilters = {
  text: '',
  dateFrom: '',
  dateTo: '',
  officer: '',
  kind: null,
  regencyCode: null,
  wilayahId: null,
  status: null,
  reviewState: null,
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
  const set = <K extends keyof VisitLogFilters>(key: K, value: VisitLogFilters[K]) => onChange((current) => ({ ...current, [key]: value }));

  return (
    <Stack gap={6}>
      <Group gap={6} wrap="nowrap">
        <TextInput
          size="sm"
          flex="1 1 0"
          miw={0}
          type="search"
          aria-label={t('visitLog.filters.search')}
          placeholder={t('visitLog.filters.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={filters.text}
          onChange={(e) => set('text', e.currentTarget.value)}
        />
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
          floatingError
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
          floatingError
        />
      </Group>
      <Group gap={6} wrap="wrap">
        <TextInput
          size="sm"
          flex="1.3 1 160px"
          miw={160}
          type="search"
          aria-label={t('visitLog.filters.officer')}
          placeholder={t('visitLog.filters.officer')}
          leftSection={<IconSearch size={14} />}
          value={filters.officer}
          onChange={(e) => set('officer', e.currentTarget.value)}
        />
        <FilterSelect
          name={t('visitLog.filters.kind')}
          short={t('visitLog.filters.kindShort')}
          menuWidth={260}
          data={VISIT_KINDS.map((k) => ({ value: k, label: t(`visitLog.kinds.${k}`) }))}
          value={filters.kind}
          onChange={(v) => set('kind', v)}
        />
        <RegencyFilter menuWidth={260} value={filters.regencyCode} onChange={(v) => set('regencyCode', v)} />
        <WilayahFilter menuWidth={260} value={filters.wilayahId} onChange={(v) => set('wilayahId', v)} />
        <FilterSelect
          name={t('visitLog.filters.status')}
          short={t('visitLog.filters.statusShort')}
          menuWidth={260}
          data={VISIT_STATUSES.map((s) => ({ value: s, label: t(`visitLog.statuses.${s}`) }))}
          value={filters.status}
          onChange={(v) => set('status', v)}
        />
        <FilterSelect
          name={t('review.filter')}
          short={t('review.filterShort')}
          menuWidth={260}
          data={REVIEW_STATES.map((s) => ({ value: s, label: t(`review.states.${s}`) }))}
          value={filters.reviewState}
          onChange={(v) => set('reviewState', v)}
        />
        <ClearFiltersButton disabled={!hasVisitFilters(filters)} onClear={() => onChange(() => EMPTY_VISIT_FILTERS)} />
      </Group>
    </Stack>
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
