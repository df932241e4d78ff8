import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../db/model';

/** ID/EN toggle. A radio group underneath, so Tab reaches it and the arrow keys switch. */
export function LanguageSwitch({ value, onChange }: { value: Language; onChange: (language: Language) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={value}
      onChange={(next) => onChange(next as Language)}
      data={LANGUAGES.map((language) => ({ value: language, label: language.toUpperCase() }))}
      withItemsBorders={false}
      style={{ flexShrink: 0 }}
    />
  );
}
