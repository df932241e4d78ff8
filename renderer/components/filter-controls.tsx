import { ActionIcon, Select, Tooltip, type SelectProps } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { shortRegencyName } from '../../db/model';
import { useReference } from '../app/reference';
import { areaOptions } from '../lib/areas';

// About one character of the 14 px UI font, and the room the clear button and padding take.
const CHAR_PX = 7.6;
const CHROME_PX = 46;
const MAX_FILTER_PX = 240;

/** How wide a filter must be for its longest choice to be read whole (capped; the menu shows the rest). */
export function filterMinWidth(texts: string[]): number {
  const longest = Math.max(0, ...texts.map((t) => t.length));
  return Math.min(MAX_FILTER_PX, Math.round(longest * CHAR_PX + CHROME_PX));
}

/**
 * A pick-list in a row of filters: its name is its placeholder (the row has no room for labels),
 * it can be cleared, and it is never narrower than its choices need: the row wraps instead of
 * cutting "Kabupaten Kutai Kartanegara" to "Kabupaten K…".
 */
export function FilterSelect({ name, short, menuWidth = 280, ...props }: SelectProps & {
  /** Said to screen readers, and shown when `short` is not given. */
  name: string;
  short?: string;
  menuWidth?: number;
}) {
  const options = (Array.isArray(props.data) ? props.data : []).flatMap((d) =>
    typeof d === 'string' ? [{ value: d, label: d }] : 'value' in d ? [d] : [],
  );
  const width = filterMinWidth([short ?? name, ...options.map((o) => o.label)]);
  const chosen = options.find((o) => o.value === props.value)?.label;
  return (
    <Select
      size="sm"
      clearable
      flex={`1 1 ${width}px`}
      miw={width}
      title={chosen ?? name}
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
      // "Kab. Kutai Kartanegara": the three Kutai regencies must be told apart in a narrow filter.
      data={areaOptions(regencies).map((o) => ({ ...o, label: shortRegencyName(o.label) }))}
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
