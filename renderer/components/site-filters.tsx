import { ActionIcon, Group, Select, Tooltip } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useReference } from '../app/reference';
import { EMPTY_FILTERS, hasPickFilters, type SiteListFilters } from '../app/site-list-state';
import { areaOptions, useDistricts } from '../lib/areas';

type FilterKey = 'regencyCode' | 'districtCode' | 'wilayahId' | 'kbliDivision' | 'sectorGroup' | 'operatingStatus' | 'sizeClass';

/** The pick-list filters of the register; each narrows the list at once. */
export function SiteFilters({
  filters,
  onChange,
}: {
  filters: SiteListFilters;
  onChange: (update: (current: SiteListFilters) => SiteListFilters) => void;
}) {
  const { t } = useTranslation();
  const { catalog, regencies, wilayah, label } = useReference();
  const { districts } = useDistricts(filters.regencyCode);

  // The pick lists only offer codes of the catalog, so the value fits the filter's type.
  const set = (key: FilterKey, value: string | null) =>
    onChange((current) => ({
      ...current,
      [key]: value as never,
      // A kecamatan belongs to one kabupaten: drop it when the kabupaten changes.
      ...(key === 'regencyCode' ? { districtCode: null } : {}),
    }));

  const active = hasPickFilters(filters);

  // Seven filters share one row on a 13-inch screen: each takes an equal part of the width.
  const common = {
    size: 'sm',
    clearable: true,
    flex: '1 1 0',
    miw: 0,
    comboboxProps: { width: 280, position: 'bottom-start' },
  } as const;
  return (
    <Group gap={6} wrap="nowrap">
      <Select
        {...common}
        searchable
        aria-label={t('filters.regency')}
        placeholder={t('filters.regencyShort')}
        data={areaOptions(regencies)}
        value={filters.regencyCode}
        onChange={(v) => set('regencyCode', v)}
      />
      <Select
        {...common}
        searchable
        aria-label={t('filters.district')}
        placeholder={t('filters.district')}
        disabled={!filters.regencyCode}
        data={areaOptions(districts)}
        value={filters.districtCode}
        onChange={(v) => set('districtCode', v)}
      />
      <Select
        {...common}
        aria-label={t('filters.wilayah')}
        placeholder={t('filters.wilayah')}
        data={wilayah.map((w) => ({ value: w.id, label: w.name }))}
        value={filters.wilayahId}
        onChange={(v) => set('wilayahId', v)}
      />
      <Select
        {...common}
        searchable
        aria-label={t('filters.kbli')}
        placeholder={t('filters.kbli')}
        data={catalog.kbli.map((k) => ({ value: k.code, label: `${k.code} · ${label(catalog.kbli, k.code)}` }))}
        value={filters.kbliDivision}
        onChange={(v) => set('kbliDivision', v)}
        comboboxProps={{ width: 380, position: 'bottom-start' }}
      />
      <Select
        {...common}
        aria-label={t('filters.sector')}
        placeholder={t('filters.sector')}
        data={catalog.sectorGroups.map((s) => ({ value: s.code, label: label(catalog.sectorGroups, s.code) }))}
        value={filters.sectorGroup}
        onChange={(v) => set('sectorGroup', v)}
      />
      <Select
        {...common}
        aria-label={t('filters.status')}
        placeholder={t('filters.status')}
        data={catalog.operatingStatuses.map((s) => ({ value: s.code, label: label(catalog.operatingStatuses, s.code) }))}
        value={filters.operatingStatus}
        onChange={(v) => set('operatingStatus', v)}
      />
      <Select
        {...common}
        aria-label={t('filters.size')}
        placeholder={t('filters.size')}
        data={catalog.sizeClasses.map((s) => ({ value: s.code, label: label(catalog.sizeClasses, s.code) }))}
        value={filters.sizeClass}
        onChange={(v) => set('sizeClass', v)}
      />
      <Tooltip label={t('filters.clear')}>
        <ActionIcon
          size="lg"
          variant="subtle"
          color="gray"
          aria-label={t('filters.clear')}
          disabled={!active}
          onClick={() =>
            onChange((current) => ({ ...EMPTY_FILTERS, text: current.text, sort: current.sort, archived: current.archived }))
          }
        >
          <IconFilterOff size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
