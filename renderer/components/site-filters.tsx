import { Badge, CloseButton, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReference } from '../app/reference';
import { EMPTY_FILTERS, hasPickFilters, type SiteListFilters } from '../app/site-list-state';
import { areaOptions, useDistricts } from '../lib/areas';
import { ClearFiltersButton, FilterSelect, RegencyFilter, WilayahFilter } from './filter-controls';

type FilterKey = 'regencyCode' | 'districtCode' | 'wilayahId' | 'kbliDivision' | 'sectorGroup' | 'operatingStatus' | 'sizeClass' | 'certificate' | 'mainProduct';

/** The pick-list filters of the register; each narrows the list at once. */
export function SiteFilters({
  filters,
  onChange,
}: {
  filters: SiteListFilters;
  onChange: (update: (current: SiteListFilters) => SiteListFilters) => void;
}) {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
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

  // Seven filters on a 13-inch screen: each as wide as its choices need, wrapping to a second row.
  return (
    <Group gap={6} wrap="wrap">
      <RegencyFilter value={filters.regencyCode} onChange={(v) => set('regencyCode', v)} />
      <FilterSelect
        name={t('filters.district')}
        searchable
        disabled={!filters.regencyCode}
        data={areaOptions(districts)}
        value={filters.districtCode}
        onChange={(v) => set('districtCode', v)}
      />
      <WilayahFilter value={filters.wilayahId} onChange={(v) => set('wilayahId', v)} />
      <FilterSelect
        name={t('filters.kbli')}
        searchable
        menuWidth={380}
        data={catalog.kbli.map((k) => ({ value: k.code, label: `${k.code} · ${label(catalog.kbli, k.code)}` }))}
        value={filters.kbliDivision}
        onChange={(v) => set('kbliDivision', v)}
      />
      <FilterSelect
        name={t('filters.sector')}
        data={catalog.sectorGroups.map((s) => ({ value: s.code, label: label(catalog.sectorGroups, s.code) }))}
        value={filters.sectorGroup}
        onChange={(v) => set('sectorGroup', v)}
      />
      <FilterSelect
        name={t('filters.status')}
        data={catalog.operatingStatuses.map((s) => ({ value: s.code, label: label(catalog.operatingStatuses, s.code) }))}
        value={filters.operatingStatus}
        onChange={(v) => set('operatingStatus', v)}
      />
      <FilterSelect
        name={t('filters.size')}
        data={catalog.sizeClasses.map((s) => ({ value: s.code, label: label(catalog.sizeClasses, s.code) }))}
        value={filters.sizeClass}
        onChange={(v) => set('sizeClass', v)}
      />
      <FilterSelect
        name={t('dashboard.filters.certificate')}
        data={catalog.certificateKinds.map((c) => ({ value: c.code, label: label(catalog.certificateKinds, c.code) }))}
        value={filters.certificate}
        onChange={(v) => set('certificate', v)}
      />
      {filters.mainProduct !== null && (
        // Set by the Beranda's produk unggulan: a product is free text, so it shows as a chip to remove.
        <Badge
          size="lg"
          variant="light"
          tt="none"
          data-testid="filter-main-product"
          rightSection={<CloseButton size="xs" aria-label={t('dashboard.filters.removeMainProduct')} onClick={() => set('mainProduct', null)} />}
        >
          {t('dashboard.filters.mainProduct', { product: filters.mainProduct })}
        </Badge>
      )}
      <ClearFiltersButton
        disabled={!active}
        onClear={() => onChange((current) => ({ ...EMPTY_FILTERS, text: current.text, sort: current.sort, archived: current.archived }))}
      />
    </Group>
  );
}
