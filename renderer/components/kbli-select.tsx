import { useState } from 'react';
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReference } from '../app/reference';

interface KbliSelectProps {
  label: string;
  value: string | null;
  onChange: (code: string | null) => void;
  error?: string;
  required?: boolean;
  readOnly?: boolean;
  'data-path'?: string;
}

/**
 * KBLI: the 2-digit divisions of manufacturing, plus any 5-digit code the officer types (as on an
 * NIB, e.g. 10794), shown with its division's name. The core accepts both.
 */
export function KbliSelect({ label, value, onChange, error, required, readOnly, ...rest }: KbliSelectProps) {
  const { t } = useTranslation();
  const { catalog, label: nameOf } = useReference();
  const [search, setSearch] = useState('');
  const divisions = new Set(catalog.kbli.map((k) => k.code));
  const options = catalog.kbli.map((k) => ({ value: k.code, label: `${k.code} · ${nameOf(catalog.kbli, k.code)}` }));
  const fiveDigit = (code: string | null) => (code && /^\d{5}$/.test(code) && divisions.has(code.slice(0, 2)) ? code : null);
  // The stored code and the typed one are offered first, labelled with their division.
  for (const code of new Set([fiveDigit(search.trim()), fiveDigit(value)])) {
    if (code) options.unshift({ value: code, label: `${code} · ${nameOf(catalog.kbli, code.slice(0, 2))}` });
  }
  return (
    <Select
      label={label}
      withAsterisk={required}
      searchable
      readOnly={readOnly}
      allowDeselect={false}
      data={options}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={onChange}
      error={error}
      nothingFoundMessage={t('common.nothingFound')}
      {...rest}
    />
  );
}
