import { ActionIcon, Select, Tooltip, type SelectProps } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useReference } from '../app/reference';
import { areaOptions } from '../lib/areas';

/**
 * A pick-list in a row of filters: its name is its placeholder (the row has no room for labels),
 * it can be cleared, and the filters share the row's width equally.
 */
export function FilterSelect({ name, short, menuWidth = 280, ...props }: SelectProps & {
  /** Said to screen readers, and shown when `short` is not given. */
  name: string;
  short?: string;
  menuWidth?: number;
}) {
  return (
    <Select
      size="sm"
      clearable
      flex="1 1 0"
      miw={0}
      comboboxProps={{ width: menuWidth, position: 'bottom-start' }}
      aria-label={name}
      placeholder={short ?? name}
      {...props}
    />
  );
}

/** The kabupaten/kota of the office's province. */
export function RegencyFilter({ value, onChange, menuWidth }: { value: string | null; onChange: (code: string | null) => void; menuWidth?: number }) {
  const { t } = useTranslation();
  const { regencies } = useReference();
  return (
    <FilterSelect
      name={t('filters.regency')}
      short={t('filters.regencyShort')}
      searchable
      menuWidth={menuWidth}
      data={areaOptions(regencies)}
      value={value}
      onChange={onChange}
    />
  );
}

/** The wilayah pengembangan set up in Pengaturan. */
export function WilayahFilter({ value, onChange, menuWidth }: { value: string | null; onChange: (id: string | null) => void; menuWidth?: number }) {
  const { t } = useTranslation();
  const { wilayah } = useReference();
  return (
    <FilterSelect
      name={t('filters.wilayah')}
      menuWidth={menuWidth}
      data={wilayah.map((w) => ({ value: w.id, label: w.name }))}
      value={value}
      onChange={onChange}
    />
  );
}

/** "Hapus filter" at the end of a filter row; disabled while nothing is filtered. */
export function ClearFiltersButton({ disabled, onClear }: { disabled: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('filters.clear')}>
      <ActionIcon size="lg" variant="subtle" color="gray" aria-label={t('filters.clear')} disabled={disabled} onClick={onClear}>
        <IconFilterOff size={18} />
      </ActionIcon>
    </Tooltip>
  );
}
